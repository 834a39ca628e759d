#include "intake/intake_metrics.hpp"

#include <string>

namespace ncirt::intake {

IntakeMetrics::IntakeMetrics()
    : requests_(registry_.AddCounter("ncirt_intake_http_requests_total",
                                     "HTTP requests answered, by route and status.",
                                     {"route", "status"})),
      durations_(registry_.AddHistogram("ncirt_intake_http_request_duration_seconds",
                                        "Time from a fully read request to its response, by "
                                        "route.",
                                        {"route"})),
      rejections_(registry_.AddCounter("ncirt_intake_rejections_total",
                                       "Submissions refused, by reason (error kind).",
                                       {"reason"})),
      incidents_(registry_.AddCounter("ncirt_intake_incidents_total",
                                      "Incidents in accepted submissions, by outcome.",
                                      {"outcome"})) {}

void IntakeMetrics::CountRequest(std::string_view route, int status, double seconds) {
  requests_.WithLabels({std::string(route), std::to_string(status)}).Increment();
  durations_.WithLabels({std::string(route)}).Observe(seconds);
}

void IntakeMetrics::CountRejection(std::string_view reason) {
  rejections_.WithLabels({std::string(reason)}).Increment();
}

void IntakeMetrics::CountIncidents(const SubmitResult& result) {
  if (result.replayed) {
    incidents_.WithLabels({"replayed"}).Increment(result.incidents.size());
    return;
  }
  for (const auto& incident : result.incidents) {
    incidents_.WithLabels({std::string(OutcomeName(incident.outcome))}).Increment();
  }
}

}  // namespace ncirt::intake
