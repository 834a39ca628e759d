#include "intake/handlers/metrics_page.hpp"

#include <gtest/gtest.h>

#include "handler_test_util.hpp"

namespace ncirt::intake::handlers {
namespace {

using testing::GetRequest;

TEST(MetricsPageTest, ServesTheRegistryInPrometheusTextFormat) {
  IntakeMetrics metrics;
  metrics.CountRejection("too-large");
  auto request = GetRequest("/metrics");
  RequestContext context{request, "/metrics", "", std::nullopt, {}};
  const auto response = MetricsPage(metrics)(context);
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(response.body().find("ncirt_intake_rejections_total{reason=\"too-large\"} 1"),
            std::string::npos);
}

}  // namespace
}  // namespace ncirt::intake::handlers
