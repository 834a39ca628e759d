#include "intake/handlers/health.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"
#include "handler_test_util.hpp"

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

}  // namespace
}  // namespace ncirt::intake::handlers
