// The quarantine: rejected documents are kept, visible to admins, and purged after retention.
#include <gtest/gtest.h>

#include <thread>

#include "intake_fixture.hpp"

namespace ncirt::intake::testing {
namespace {

using nlohmann::json;

class QuarantineTest : public IntakeFixture {};

TEST_F(QuarantineTest, AdminSeesRejectedDocumentsWithReasonSubmitterAndBytes) {
  const std::string sensor = Token("sensor-9", "submit", iodef::Policy::kStrict);
  const std::string admin = Token("lead", "admin");
  auto client = Client();
  const std::string bad = CorpusDocument("v2/rfc7970-s7.2-campaign-indicators.xml");
  const auto rejected = Submit(*client, sensor, bad);
  ASSERT_EQ(rejected.status, 400);
  const std::string quarantine_id = rejected.headers["X-Ncirt-Quarantine-Id"];
  ASSERT_FALSE(quarantine_id.empty());
  ASSERT_EQ(Submit(*client, sensor, "<x", "application/xml").status, 400);

  const auto list = client->Get("/v1/quarantine", {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(list.status, 200) << list.body;
  const json entries = BodyJson(list)["entries"];
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["detail"].get<std::string>().empty(), false);
  const json& first = entries[1];  // newest first
  EXPECT_EQ(std::to_string(first["id"].get<long long>()), quarantine_id);
  EXPECT_EQ(first["submitter"], "sensor-9");
  EXPECT_EQ(first["reason"], "schema-violation");
  EXPECT_EQ(first["status"], 400);
  EXPECT_EQ(first["content_size"], bad.size());
  EXPECT_EQ(first["truncated"], false);
  EXPECT_EQ(first["problem"]["line"], 16);
  EXPECT_EQ(first["request_id"], std::string(rejected.headers["X-Request-Id"]));

  const auto content = client->Get("/v1/quarantine/" + quarantine_id + "/content",
                                   {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(content.status, 200);
  EXPECT_EQ(content.body, bad);
  EXPECT_EQ(content.headers["Content-Type"], "application/octet-stream");
  EXPECT_NE(content.headers["Content-Disposition"].find("attachment"), std::string::npos);
}

TEST_F(QuarantineTest, PagingWithLimitAndBefore) {
  const std::string sensor = Token("sensor-9", "submit");
  const std::string admin = Token("lead", "admin");
  auto client = Client();
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(Submit(*client, sensor, "<x", "application/xml").status, 400);
  }
  const auto page1 = client->Get("/v1/quarantine?limit=2", {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(page1.status, 200);
  ASSERT_EQ(BodyJson(page1)["entries"].size(), 2u);
  const auto before = BodyJson(page1)["next_before"].get<long long>();
  const auto page2 = client->Get("/v1/quarantine?limit=2&before=" + std::to_string(before),
                                 {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(BodyJson(page2)["entries"].size(), 1u);
  EXPECT_FALSE(BodyJson(page2).contains("next_before"));
  EXPECT_EQ(client->Get("/v1/quarantine?limit=0", {{"Authorization", "Bearer " + admin}}).status,
            400);
}

TEST_F(QuarantineTest, OnlyAdminsMayLook) {
  const std::string sensor = Token("sensor-9", "submit,read");
  auto client = Client();
  EXPECT_EQ(client->Get("/v1/quarantine", {{"Authorization", "Bearer " + sensor}}).status, 403);
  EXPECT_EQ(client->Get("/v1/quarantine").status, 401);
  EXPECT_EQ(client->Get("/v1/quarantine/1/content", {{"Authorization", "Bearer " + sensor}})
                .status,
            403);
}

TEST_F(QuarantineTest, EntriesOlderThanTheRetentionArePurgedByThePeriodicTask) {
  const std::string sensor = Token("sensor-9", "submit");
  auto client = Client();
  ASSERT_EQ(Submit(*client, sensor, "<old", "application/xml").status, 400);
  ASSERT_EQ(Count("UPDATE intake.quarantine SET received_at = now() - interval '2 hours' "
                  "RETURNING 1"),
            1);
  ASSERT_EQ(Submit(*client, sensor, "<new", "application/xml").status, 400);

  IntakeConfig config = BaseConfig();
  config.quarantine_retention = std::chrono::hours(1);
  config.purge_interval = std::chrono::milliseconds(50);
  StartApp(config);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Count("SELECT count(*) FROM intake.quarantine") != 1 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(QueryValue("SELECT encode(content, 'escape') FROM intake.quarantine"), "<new");
}

}  // namespace
}  // namespace ncirt::intake::testing
