#include "intake/handlers/responses.hpp"

#include <gtest/gtest.h>

#include "handler_test_util.hpp"

namespace ncirt::intake::handlers {
namespace {

using testing::GetRequest;

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
