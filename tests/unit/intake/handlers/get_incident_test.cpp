#include "intake/handlers/get_incident.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes.hpp"
#include "handler_test_util.hpp"
#include "intake/submission.hpp"
#include "iodef/codec.hpp"
#include "support/corpus.hpp"

namespace ncirt::intake::handlers {
namespace {

using testing::GetRequest;
using testing::MakePrincipal;

class GetIncidentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string doc = ncirt::testing::ReadFile(ncirt::testing::SharedIodefDir() / "docs" /
                                                     "v2" / "rfc8274-draft-ddos.xml");
    auto decoded = iodef::Decode(doc, iodef::Policy::kTolerant);
    ASSERT_TRUE(decoded.ok());
    auto submission = PrepareSubmission(decoded.incidents, MakePrincipal("owner", {}),
                                        "application/xml", doc, std::nullopt);
    ASSERT_TRUE(submission);
    auto result = store_.Submit(*submission);
    ASSERT_TRUE(result);
    id_ = result->incidents[0].id;
  }

  HttpResponse Get(const Principal& principal, const std::string& id,
                   const std::string& accept = {}) {
    auto request = GetRequest("/v1/incidents/" + id, accept);
    RequestContext context{request, request.message.target(), "", principal, {id}};
    return GetIncident(store_)(context);
  }

  ncirt::intake::testing::FakeIncidentStore store_;
  std::string id_;
};

TEST_F(GetIncidentTest, OwnerReadsXmlByDefaultWithVersionAndTlpHeaders) {
  const auto response = Get(MakePrincipal("owner", {Scope::kRead}), id_);
  ASSERT_EQ(response.result_int(), 200) << response.body();
  EXPECT_EQ(response[http::field::content_type], "application/xml");
  EXPECT_NE(response.body().find("192.0.2.104"), std::string::npos);
  EXPECT_EQ(response["X-Ncirt-Version"], "1");
  EXPECT_EQ(response["X-Ncirt-Tlp"], "AMBER");
}

TEST_F(GetIncidentTest, JsonWhenAcceptAsksForIt) {
  const auto response = Get(MakePrincipal("owner", {Scope::kRead}), id_, "application/json");
  ASSERT_EQ(response.result_int(), 200);
  EXPECT_EQ(response[http::field::content_type], "application/json");
  const auto json = nlohmann::json::parse(response.body(), nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << response.body();
  EXPECT_EQ(json["Incident"][0]["IncidentID"]["id"], "189701");
}

TEST_F(GetIncidentTest, NotAcceptableIs406) {
  const auto response = Get(MakePrincipal("owner", {Scope::kRead}), id_, "image/png");
  EXPECT_EQ(response.result_int(), 406);
  EXPECT_EQ(nlohmann::json::parse(response.body())["status"], 406);
}

TEST_F(GetIncidentTest, OthersGet404UnlessAdmin) {
  EXPECT_EQ(Get(MakePrincipal("other", {Scope::kRead}), id_).result_int(), 404);
  EXPECT_EQ(Get(MakePrincipal("other", {Scope::kRead, Scope::kAdmin}), id_).result_int(), 200);
}

TEST_F(GetIncidentTest, MalformedOrUnknownIdIs404AndOutageIs503) {
  const auto owner = MakePrincipal("owner", {Scope::kRead});
  EXPECT_EQ(Get(owner, "nope").result_int(), 404);
  EXPECT_EQ(Get(owner, "00000000-0000-4000-8000-00000000ffff").result_int(), 404);
  store_.down = true;
  EXPECT_EQ(Get(owner, id_).result_int(), 503);
}

}  // namespace
}  // namespace ncirt::intake::handlers
