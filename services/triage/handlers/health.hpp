#pragma once
// GET /healthz (the process answers), GET /readyz (PostgreSQL answers too) and GET /metrics
// (triage_metrics.hpp, Prometheus text format). None needs credentials.
//
// Thread-safety: stateless apart from the thread-safe pool.

#include "common/pg/pool.hpp"
#include "triage/routes.hpp"

namespace ncirt::triage::handlers {

common::net::HttpResponse Healthz(RequestContext& context);
RouteHandler Readyz(common::pg::Pool& pool);
RouteHandler Metrics(const TriageMetrics& metrics);

}  // namespace ncirt::triage::handlers
