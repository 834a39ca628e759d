#pragma once
// GET /healthz (the process answers) and GET /readyz (PostgreSQL answers too).
//
// Thread-safety: stateless apart from the thread-safe pool.

#include "common/pg/pool.hpp"
#include "triage/routes.hpp"

namespace ncirt::triage::handlers {

common::net::HttpResponse Healthz(RequestContext& context);
RouteHandler Readyz(common::pg::Pool& pool);

}  // namespace ncirt::triage::handlers
