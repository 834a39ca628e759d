#include "intake/intake_metrics.hpp"

#include <gtest/gtest.h>

namespace ncirt::intake {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find(line) != std::string::npos;
}

TEST(IntakeMetricsTest, RequestsRejectionsAndIncidentsAppearOnTheScrapePage) {
  IntakeMetrics metrics;
  metrics.CountRequest("POST /v1/incidents", 201, 0.004);
  metrics.CountRequest("POST /v1/incidents", 400, 0.002);
  metrics.CountRejection("schema-violation");
  SubmitResult result;
  result.incidents.resize(2);
  result.incidents[0].outcome = Outcome::kCreated;
  result.incidents[1].outcome = Outcome::kDuplicate;
  metrics.CountIncidents(result);
  const std::string page = metrics.registry().Render();
  EXPECT_TRUE(Has(page, "ncirt_intake_http_requests_total{route=\"POST /v1/incidents\","
                        "status=\"201\"} 1\n"));
  EXPECT_TRUE(Has(page, "ncirt_intake_http_request_duration_seconds_count{route=\"POST "
                        "/v1/incidents\"} 2\n"));
  EXPECT_TRUE(Has(page, "ncirt_intake_rejections_total{reason=\"schema-violation\"} 1\n"));
  EXPECT_TRUE(Has(page, "ncirt_intake_incidents_total{outcome=\"created\"} 1\n"));
  EXPECT_TRUE(Has(page, "ncirt_intake_incidents_total{outcome=\"duplicate\"} 1\n"));
}

TEST(IntakeMetricsTest, ReplayedSubmissionsAreCountedApart) {
  IntakeMetrics metrics;
  SubmitResult replay;
  replay.incidents.resize(3);
  replay.replayed = true;
  metrics.CountIncidents(replay);
  EXPECT_TRUE(Has(metrics.registry().Render(),
                  "ncirt_intake_incidents_total{outcome=\"replayed\"} 3\n"));
}

}  // namespace
}  // namespace ncirt::intake
