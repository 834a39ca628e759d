// GET /v1/incidents/{id}: the stored incident rendered as IODEF v2 XML or RFC 8727 JSON.
#include <gtest/gtest.h>

#include "intake_fixture.hpp"

namespace ncirt::intake::testing {
namespace {

using nlohmann::json;

class ReadTest : public IntakeFixture {
 protected:
  void SetUp() override {
    IntakeFixture::SetUp();
    owner_ = Token("sensor-1", "submit,read");
    auto client = Client();
    const auto reply = Submit(*client, owner_, DdosReport("R-1"));
    ASSERT_EQ(reply.status, 201) << reply.body;
    id_ = BodyJson(reply)["incidents"][0]["id"];
  }

  ncirt::testing::HttpReply Get(const std::string& token, const std::string& accept,
                                const std::string& id) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Authorization", "Bearer " + token}};
    if (!accept.empty()) headers.emplace_back("Accept", accept);
    return Client()->Get("/v1/incidents/" + id, headers);
  }

  std::string owner_;
  std::string id_;
};

TEST_F(ReadTest, XmlIsTheDefaultAndCarriesTheIncident) {
  const auto reply = Get(owner_, "", id_);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.headers["Content-Type"], "application/xml");
  EXPECT_NE(reply.body.find("urn:ietf:params:xml:ns:iodef-2.0"), std::string::npos);
  EXPECT_NE(reply.body.find("R-1"), std::string::npos);
  EXPECT_NE(reply.body.find("192.0.2.104"), std::string::npos);
  EXPECT_EQ(reply.headers["X-Ncirt-Version"], "1");
  EXPECT_EQ(reply.headers["X-Ncirt-Tlp"], "AMBER");
}

TEST_F(ReadTest, JsonByAccept) {
  const auto reply = Get(owner_, "application/json", id_);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.headers["Content-Type"], "application/json");
  const json doc = BodyJson(reply);
  EXPECT_EQ(doc["Incident"][0]["IncidentID"]["name"], "csirt.example.com");
}

TEST_F(ReadTest, UnacceptableTypeIs406) {
  const auto reply = Get(owner_, "text/html", id_);
  EXPECT_EQ(reply.status, 406) << reply.body;
  EXPECT_EQ(BodyJson(reply)["status"], 406);
}

TEST_F(ReadTest, UnknownOrMalformedIdIs404) {
  EXPECT_EQ(Get(owner_, "", "00000000-0000-4000-8000-000000000000").status, 404);
  EXPECT_EQ(Get(owner_, "", "not-a-uuid").status, 404);
  EXPECT_EQ(Get(owner_, "", "1%27%20OR%201=1").status, 404);
}

TEST_F(ReadTest, OtherSubmittersSeeNothingButAdminsSeeAll) {
  const std::string stranger = Token("sensor-2", "read");
  EXPECT_EQ(Get(stranger, "", id_).status, 404) << "indistinguishable from a missing incident";
  const std::string admin = Token("analyst", "read,admin");
  EXPECT_EQ(Get(admin, "", id_).status, 200);
  const std::string submit_only = Token("sensor-3", "submit");
  EXPECT_EQ(Get(submit_only, "", id_).status, 403);
  EXPECT_EQ(Client()->Get("/v1/incidents/" + id_).status, 401);
}

TEST_F(ReadTest, UpdatedIncidentIsReadAtItsCurrentVersion) {
  auto client = Client();
  const auto update = Submit(*client, owner_,
                             WithIncidentId(DdosReport("R-1"), "192.0.2.104", "192.0.2.177"));
  ASSERT_EQ(update.status, 201) << update.body;
  const auto reply = Get(owner_, "application/xml", id_);
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers["X-Ncirt-Version"], "2");
  EXPECT_NE(reply.body.find("192.0.2.177"), std::string::npos);
  EXPECT_EQ(reply.body.find("192.0.2.104"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::intake::testing
