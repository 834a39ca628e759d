#pragma once
// The metrics triage exposes on GET /metrics (Prometheus text format, no credentials, like
// intake's):
//
//   ncirt_triage_http_requests_total{route,status}     requests answered, by route pattern
//   ncirt_triage_http_request_duration_seconds{route}  time in the router and handler
//   ncirt_triage_queue_new_unassigned                  incidents waiting to be claimed
//   ncirt_triage_queue_overdue_new                     of those, past their time-to-triage
//   ncirt_triage_incidents_open                        incidents not yet resolved or final
//   ncirt_triage_intake_outbox_pending                 incidents intake announced, not taken in
//   ncirt_triage_audit_pending                         audit records not yet chained
//
// The gauges are read from PostgreSQL when scraped (store/metrics_store.hpp), so several
// triage instances report the same numbers and none goes stale. Route labels are the route
// table's patterns ("/v1/incidents/{id}"), never request paths, so the series are bounded.
//
// Thread-safety: all methods may be called from any thread.

#include <string_view>

#include "common/metrics/registry.hpp"
#include "triage/store/metrics_store.hpp"

namespace ncirt::triage {

class TriageMetrics {
 public:
  // `gauges` must outlive this object.
  explicit TriageMetrics(store::MetricsStore& gauges);
  TriageMetrics(const TriageMetrics&) = delete;
  TriageMetrics& operator=(const TriageMetrics&) = delete;

  void CountRequest(std::string_view route, int status, double seconds);

  const common::metrics::Registry& registry() const { return registry_; }

 private:
  common::metrics::Registry registry_;
  common::metrics::CounterFamily& requests_;
  common::metrics::HistogramFamily& durations_;
};

}  // namespace ncirt::triage
