// list_quarantine.hpp and get_quarantine_content.hpp over a fake quarantine store.
#include "intake/handlers/list_quarantine.hpp"
#include "intake/handlers/get_quarantine_content.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes.hpp"
#include "handler_test_util.hpp"

namespace ncirt::intake::handlers {
namespace {

using testing::GetRequest;
using testing::MakePrincipal;

class QuarantineHandlersTest : public ::testing::Test {
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
  HttpResponse Content(const std::string& id) {
    auto request = GetRequest("/v1/quarantine/" + id + "/content");
    RequestContext context{request, request.message.target(), "",
                           MakePrincipal("lead", {Scope::kAdmin}), {id}};
    return GetQuarantineContent(store_)(context);
  }
  ncirt::intake::testing::FakeQuarantineStore store_;
};

TEST_F(QuarantineHandlersTest, ListIsNewestFirstWithPagingCursor) {
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

TEST_F(QuarantineHandlersTest, BadParametersAre400) {
  for (const char* query : {"limit=0", "limit=501", "limit=x", "before=-1", "before=1e3"}) {
    EXPECT_EQ(List(query).result_int(), 400) << query;
  }
}

TEST_F(QuarantineHandlersTest, ContentIsAnOctetStreamAttachment) {
  const auto response = Content("2");
  ASSERT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "<bad2");
  EXPECT_EQ(response[http::field::content_type], "application/octet-stream");
  EXPECT_EQ(response[http::field::content_disposition],
            "attachment; filename=\"quarantine-2.bin\"");
  EXPECT_EQ(response["X-Ncirt-Truncated"], "false");
  EXPECT_EQ(Content("3")["X-Ncirt-Truncated"], "true");
}

TEST_F(QuarantineHandlersTest, UnknownOrMalformedIdIs404) {
  EXPECT_EQ(Content("99").result_int(), 404);
  EXPECT_EQ(Content("abc").result_int(), 404);
  EXPECT_EQ(Content("0").result_int(), 404);
}

}  // namespace
}  // namespace ncirt::intake::handlers
