#pragma once
// The metrics intake exposes on GET /metrics (Prometheus text format):
//
//   ncirt_intake_http_requests_total{route,status}     requests answered, by route and status
//   ncirt_intake_http_request_duration_seconds{route}  time in the handler, by route
//   ncirt_intake_rejections_total{reason}               documents refused, by error kind
//   ncirt_intake_incidents_total{outcome}               incidents created, updated, duplicate,
//                                                       or replayed (Idempotency-Key)
//   ncirt_intake_triage_queue_depth                     outbox rows triage has not taken
//   ncirt_intake_connections_open, ncirt_intake_requests_shed_total   from the HTTPS server
//
// The last three are gauges the App adds (they read the database and the server when scraped).
// Label values come from fixed sets (route names of the route table, status codes, error kind
// names), never from request text, so the number of series is bounded.
//
// Thread-safety: all methods may be called from any thread.

#include <string_view>

#include "common/metrics/registry.hpp"
#include "intake/submit_result.hpp"

namespace ncirt::intake {

class IntakeMetrics {
 public:
  IntakeMetrics();
  IntakeMetrics(const IntakeMetrics&) = delete;
  IntakeMetrics& operator=(const IntakeMetrics&) = delete;

  void CountRequest(std::string_view route, int status, double seconds);
  void CountRejection(std::string_view reason);
  void CountIncidents(const SubmitResult& result);

  // For adding gauges at start-up and rendering.
  common::metrics::Registry& registry() { return registry_; }

 private:
  common::metrics::Registry registry_;
  common::metrics::CounterFamily& requests_;
  common::metrics::HistogramFamily& durations_;
  common::metrics::CounterFamily& rejections_;
  common::metrics::CounterFamily& incidents_;
};

}  // namespace ncirt::intake
