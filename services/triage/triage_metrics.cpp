#include "triage/triage_metrics.hpp"

#include <optional>
#include <string>

namespace ncirt::triage {
namespace {

using Gauges = store::QueueGauges;

// A gauge reading one member of the snapshot, or nothing when PostgreSQL does not answer.
common::metrics::GaugeCallback Reader(store::MetricsStore& gauges,
                                      std::int64_t Gauges::*member) {
  return [&gauges, member]() -> std::optional<double> {
    auto read = gauges.Read();
    if (!read) return std::nullopt;
    return static_cast<double>((*read).*member);
  };
}

}  // namespace

TriageMetrics::TriageMetrics(store::MetricsStore& gauges)
    : requests_(registry_.AddCounter("ncirt_triage_http_requests_total",
                                     "HTTP requests answered, by route pattern and status.",
                                     {"route", "status"})),
      durations_(registry_.AddHistogram("ncirt_triage_http_request_duration_seconds",
                                        "Time from routing to the response, by route pattern.",
                                        {"route"})) {
  registry_.AddGauge("ncirt_triage_queue_new_unassigned",
                     "Incidents in state new that nobody has claimed.",
                     Reader(gauges, &Gauges::new_unassigned));
  registry_.AddGauge("ncirt_triage_queue_overdue_new",
                     "Unclaimed new incidents past their time-to-triage.",
                     Reader(gauges, &Gauges::overdue_new));
  registry_.AddGauge("ncirt_triage_incidents_open",
                     "Incidents in new, triaged, in_progress or waiting.",
                     Reader(gauges, &Gauges::open));
  registry_.AddGauge("ncirt_triage_intake_outbox_pending",
                     "Incidents intake announced that triage has not taken in yet.",
                     Reader(gauges, &Gauges::outbox_pending));
  registry_.AddGauge("ncirt_triage_audit_pending",
                     "Audit records written but not yet hash-chained.",
                     Reader(gauges, &Gauges::audit_pending));
}

void TriageMetrics::CountRequest(std::string_view route, int status, double seconds) {
  const std::string name(route);
  requests_.WithLabels({name, std::to_string(status)}).Increment();
  durations_.WithLabels({name}).Observe(seconds);
}

}  // namespace ncirt::triage
