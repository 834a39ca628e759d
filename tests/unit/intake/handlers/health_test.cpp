#include "intake/handlers/health.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"
#include "handler_test_util.hpp"
#include "intake/handlers/metrics_page.hpp"
#include "intake/handlers/responses.hpp"

namespace ncirt::intake::handlers {
namespace {

using testing::GetRequest;

TEST(HealthTest, HealthzAlwaysAnswersOk) {
  auto request = GetRequest("/healthz");
  RequestContext context{request, "/healthz", "", std::nullopt, {}};
  const auto response = Healthz(context);
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "{\"status\":\"ok\"}");
}

TEST(HealthTest, ReadyzFollowsTheDatabase) {
  ncirt::intake::testing::FakeHealthStore health;
  auto request = GetRequest("/readyz");
  RequestContext context{request, "/readyz", "", std::nullopt, {}};
  EXPECT_EQ(Readyz(health)(context).result_int(), 200);
  health.down = true;
  const auto response = Readyz(health)(context);
  EXPECT_EQ(response.result_int(), 503);
  EXPECT_EQ(response[http::field::retry_after], "5");
}

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

TEST(ResponsesTest, ProblemStatusOverrideAndBearerChallenge) {
  auto request = GetRequest("/x");
  const auto not_acceptable = Problem(
      request, common::Error{common::ErrorKind::kUnsupportedMediaType, "no", {}}, {}, 406);
  EXPECT_EQ(not_acceptable.result_int(), 406);
  const auto json = ProblemJson(not_acceptable);
  EXPECT_EQ(json["status"], 406);
  EXPECT_EQ(json["title"], "Not Acceptable");
  const auto unauthorized =
      Problem(request, common::Error{common::ErrorKind::kUnauthenticated, "who?", {}});
  EXPECT_EQ(unauthorized.result_int(), 401);
  EXPECT_EQ(unauthorized[http::field::www_authenticate], "Bearer realm=\"ncirt-intake\"");
  EXPECT_EQ(JsonResponse(request, http::status::ok, {{"a", 1}}).body(), "{\"a\":1}");
}

}  // namespace
}  // namespace ncirt::intake::handlers
