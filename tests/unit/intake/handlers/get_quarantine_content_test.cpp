#include "intake/handlers/get_quarantine_content.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes.hpp"
#include "handler_test_util.hpp"

namespace ncirt::intake::handlers {
namespace {

using testing::GetRequest;
using testing::MakePrincipal;

class GetQuarantineContentTest : public ::testing::Test {
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
  HttpResponse Content(const std::string& id) {
    auto request = GetRequest("/v1/quarantine/" + id + "/content");
    RequestContext context{request, request.message.target(), "",
                           MakePrincipal("lead", {Scope::kAdmin}), {id}};
    return GetQuarantineContent(store_)(context);
  }
  ncirt::intake::testing::FakeQuarantineStore store_;
};

TEST_F(GetQuarantineContentTest, ContentIsAnOctetStreamAttachment) {
  const auto response = Content("2");
  ASSERT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "<bad2");
  EXPECT_EQ(response[http::field::content_type], "application/octet-stream");
  EXPECT_EQ(response[http::field::content_disposition],
            "attachment; filename=\"quarantine-2.bin\"");
  EXPECT_EQ(response["X-Ncirt-Truncated"], "false");
  EXPECT_EQ(Content("3")["X-Ncirt-Truncated"], "true");
}

TEST_F(GetQuarantineContentTest, UnknownOrMalformedIdIs404) {
  EXPECT_EQ(Content("99").result_int(), 404);
  EXPECT_EQ(Content("abc").result_int(), 404);
  EXPECT_EQ(Content("0").result_int(), 404);
}

}  // namespace
}  // namespace ncirt::intake::handlers
