#include "intake/handlers/list_quarantine.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes.hpp"
#include "handler_test_util.hpp"

namespace ncirt::intake::handlers {
namespace {

using testing::GetRequest;
using testing::MakePrincipal;

class ListQuarantineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 1; i <= 3; ++i) {
      store::QuarantineEntry e;
      e.submitter = "s" + std::to_string(i);
      e.reason = "invalid-document";
      e.status = 400;
      e.content = "<bad" + std::to_string(i);
      e.content_size = 5;
      e.truncated = i == 3;
      e.problem = {{"status", 400}};
      ASSERT_TRUE(store_.Keep(e));
    }
  }
  HttpResponse List(const std::string& query) {
    auto request = GetRequest("/v1/quarantine?" + query);
    RequestContext context{request, "/v1/quarantine", query,
                           MakePrincipal("lead", {Scope::kAdmin}), {}};
    return ListQuarantine(store_)(context);
  }
  ncirt::intake::testing::FakeQuarantineStore store_;
};

TEST_F(ListQuarantineTest, ListIsNewestFirstWithPagingCursor) {
  const auto page = List("limit=2");
  ASSERT_EQ(page.result_int(), 200);
  const auto body = nlohmann::json::parse(page.body());
  ASSERT_EQ(body["entries"].size(), 2u);
  EXPECT_EQ(body["entries"][0]["id"], 3);
  EXPECT_EQ(body["entries"][0]["submitter"], "s3");
  EXPECT_EQ(body["entries"][0]["truncated"], true);
  EXPECT_EQ(body["entries"][0]["content_url"], "/v1/quarantine/3/content");
  EXPECT_FALSE(body["entries"][0].contains("content"));
  EXPECT_EQ(body["next_before"], 2);
  const auto rest = nlohmann::json::parse(List("limit=2&before=2").body());
  ASSERT_EQ(rest["entries"].size(), 1u);
  EXPECT_FALSE(rest.contains("next_before"));
}

TEST_F(ListQuarantineTest, BadParametersAre400) {
  for (const char* query : {"limit=0", "limit=501", "limit=x", "before=-1", "before=1e3"}) {
    EXPECT_EQ(List(query).result_int(), 400) << query;
  }
}

}  // namespace
}  // namespace ncirt::intake::handlers
