// What the console and ncirtctl read and administer through triage's API, over real HTTPS on a
// real PostgreSQL: the incident detail, restricted reads in the audit log, the queue's "mine"
// and overdue-first views, users (role changes and disabling take effect at once), API tokens,
// "who am I", session expiry, the login's uniform failure, and /metrics.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pqxx/connection>
#include <pqxx/transaction>

#include "service_fixture.hpp"

namespace ncirt::triage::testing {
namespace {

using nlohmann::json;

json Body(const HttpReply& reply) { return json::parse(reply.body, nullptr, false); }

std::vector<std::string> Actions(const json& detail) {
  std::vector<std::string> out;
  for (const auto& e : detail["history"]) out.push_back(e["action"]);
  return out;
}

bool Has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

TEST_F(TriageServiceTest, IncidentDetailHoldsWhatAnAnalystNeeds) {
  const std::string id = AddIntakeIncident(Model(), "GREEN");
  {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    w.exec_params0("INSERT INTO intake.indicators (incident_id, kind, value, address) VALUES "
                   "($1::uuid, 'ipv4-address', '192.0.2.7', '192.0.2.7')",
                   id);
    w.commit();
  }
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  ASSERT_EQ(As("analyst", http::verb::post, "/v1/queue/claim").status, 200);
  ASSERT_EQ(As("analyst", http::verb::post, "/v1/incidents/" + id + "/comments",
               R"({"body":"looks like a scan"})")
                .status,
            201);
  clock_.Advance(std::chrono::minutes(10));
  ASSERT_EQ(As("analyst", http::verb::post, "/v1/incidents/" + id + "/transition",
               R"({"to":"triaged"})")
                .status,
            200);
  const HttpReply reply = As("auditor", http::verb::get, "/v1/incidents/" + id);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json d = Body(reply);
  EXPECT_EQ(d["state"], "triaged");
  EXPECT_EQ(d["assignee"], "analyst1");
  EXPECT_EQ(d["priority"], 3);
  EXPECT_EQ(d["sla"]["phase"], "resolve");
  EXPECT_EQ(d["sla"]["elapsed_ms"], 600'000);
  EXPECT_EQ(d["sla"]["overdue"], false);
  EXPECT_EQ(d["origin"]["submitter"], "sensor-1");
  EXPECT_EQ(d["origin"]["iodef_name"], "csirt.example");
  EXPECT_EQ(d["marking"]["tlp"], "GREEN");
  EXPECT_EQ(d["times"]["received_ms"], d["created_at_ms"]);
  ASSERT_EQ(d["assessments"].size(), 1u);
  EXPECT_TRUE(d["assessments"][0].contains("impacts")) << d["assessments"].dump();
  ASSERT_EQ(d["indicators"].size(), 1u);
  EXPECT_EQ(d["indicators"][0]["value"], "192.0.2.7");
  ASSERT_EQ(d["comments"].size(), 1u);
  EXPECT_EQ(d["comments"][0]["body"], "looks like a scan");
  ASSERT_EQ(d["versions"].size(), 1u);
  EXPECT_EQ(d["model"]["tlp"], "TLP_GREEN");
  const auto actions = Actions(d);
  for (const char* a : {"received", "claim", "comment", "transition"}) {
    EXPECT_TRUE(Has(actions, a)) << a << " missing from " << d["history"].dump();
  }
  // A GREEN incident's read is not an audited event.
  EXPECT_FALSE(Has(actions, "read"));
  EXPECT_EQ(As("analyst", http::verb::get, "/v1/incidents/" + id + "x").status, 400);
  EXPECT_EQ(As("analyst", http::verb::get,
               "/v1/incidents/00000000-0000-0000-0000-000000000001")
                .status,
            404);
}

TEST_F(TriageServiceTest, EveryReadOfARestrictedIncidentIsAudited) {
  for (const char* tlp : {"AMBER", "AMBER+STRICT", "RED"}) {
    const std::string id = AddIntakeIncident(
        ModelWith(v1::SEVERITY_LOW, v1::CONFIDENCE_RATING_LOW, v1::TLP_AMBER), tlp);
    ASSERT_EQ(store_->ConsumeOutbox(10), 1);
    for (int i = 0; i < 2; ++i) {
      ASSERT_EQ(As("auditor", http::verb::get, "/v1/incidents/" + id).status, 200);
    }
    // Its comments and links are the incident's content too.
    ASSERT_EQ(As("auditor", http::verb::get, "/v1/incidents/" + id + "/comments").status, 200);
    ASSERT_EQ(As("auditor", http::verb::get, "/v1/incidents/" + id + "/links").status, 200);
    const HttpReply reply = As("analyst", http::verb::get, "/v1/incidents/" + id);
    ASSERT_EQ(reply.status, 200);
    // The reader's own read is already in the history it gets.
    int reads = 0;
    const json detail = Body(reply);
    for (const auto& e : detail["history"]) {
      if (e["action"] == "read") ++reads;
    }
    EXPECT_EQ(reads, 5) << tlp;
    EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'read' AND subject = '" + id +
                    "' AND actor = 'auditor1'"),
              4)
        << tlp;
  }
}

TEST_F(TriageServiceTest, QueueShowsMineAndOverdueFirstWithKeysetPages) {
  // older: priority 4 (24 h to triage); newer: priority 3 (4 h to triage).
  const std::string older = AddIntakeIncident(
      ModelWith(v1::SEVERITY_LOW, v1::CONFIDENCE_RATING_HIGH, v1::TLP_GREEN), "GREEN");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  clock_.Advance(std::chrono::minutes(1));
  const std::string newer = AddIntakeIncident(Model(), "GREEN");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  clock_.Advance(std::chrono::hours(5));
  auto plain = Body(As("analyst", http::verb::get, "/v1/queue?limit=10"));
  ASSERT_EQ(plain["incidents"].size(), 2u);
  EXPECT_EQ(plain["incidents"][0]["incident_id"], older);
  auto page1 = Body(As("analyst", http::verb::get, "/v1/queue?overdue_first=true&limit=1"));
  ASSERT_EQ(page1["incidents"].size(), 1u);
  EXPECT_EQ(page1["incidents"][0]["incident_id"], newer);
  EXPECT_EQ(page1["incidents"][0]["sla"]["overdue"], true);
  ASSERT_TRUE(page1["next"].is_string());
  auto page2 = Body(As("analyst", http::verb::get, "/v1/queue?overdue_first=true&limit=1&after=" +
                                                       page1["next"].get<std::string>()));
  ASSERT_EQ(page2["incidents"].size(), 1u);
  EXPECT_EQ(page2["incidents"][0]["incident_id"], older);
  EXPECT_EQ(page2["incidents"][0]["sla"]["overdue"], false);
  auto page3 = Body(As("analyst", http::verb::get, "/v1/queue?overdue_first=true&limit=1&after=" +
                                                       page2["next"].get<std::string>()));
  EXPECT_EQ(page3["incidents"].size(), 0u);
  // The escalation hands out the overdue one first; "mine" then lists just it.
  auto claimed = Body(As("analyst", http::verb::post, "/v1/queue/claim"));
  EXPECT_EQ(claimed["incident_id"], newer);
  auto mine = Body(As("analyst", http::verb::get, "/v1/queue?mine=true"));
  ASSERT_EQ(mine["incidents"].size(), 1u);
  EXPECT_EQ(mine["incidents"][0]["incident_id"], newer);
  EXPECT_EQ(Body(As("lead", http::verb::get, "/v1/queue?mine=true"))["incidents"].size(), 0u);
  // Bad input: a clear 400 each.
  EXPECT_EQ(As("analyst", http::verb::get, "/v1/queue?mine=true&assignee=bob").status, 400);
  EXPECT_EQ(As("analyst", http::verb::get, "/v1/queue?overdue_first=maybe").status, 400);
  EXPECT_EQ(As("analyst", http::verb::get,
               "/v1/queue?after=" + page1["next"].get<std::string>())
                .status,
            400);
}

TEST_F(TriageServiceTest, DisablingAUserStopsItsSessionsAndTokensAtOnce) {
  const std::string cookie = LogIn("analyst1").first;
  auto client = Client();
  ASSERT_EQ(client->Get("/v1/me", {{"Cookie", cookie}}).status, 200);
  ASSERT_EQ(As("analyst", http::verb::get, "/v1/me").status, 200);
  auto disabled = As("admin", http::verb::put, "/v1/users/analyst1/disabled",
                     R"({"disabled":true})");
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(Body(disabled)["disabled"], true);
  EXPECT_EQ(client->Get("/v1/me", {{"Cookie", cookie}}).status, 401);
  EXPECT_EQ(As("analyst", http::verb::get, "/v1/me").status, 401);
  // Re-enabled: the token works again; the ended session does not come back.
  ASSERT_EQ(As("admin", http::verb::put, "/v1/users/analyst1/disabled", R"({"disabled":false})")
                .status,
            200);
  EXPECT_EQ(As("analyst", http::verb::get, "/v1/me").status, 200);
  EXPECT_EQ(client->Get("/v1/me", {{"Cookie", cookie}}).status, 401);
  // The last enabled admin cannot be disabled or demoted; bad input changes nothing.
  EXPECT_EQ(As("admin", http::verb::put, "/v1/users/admin1/disabled", R"({"disabled":true})")
                .status,
            409);
  EXPECT_EQ(As("admin", http::verb::put, "/v1/users/admin1/role", R"({"role":"analyst"})").status,
            409);
  EXPECT_EQ(As("admin", http::verb::put, "/v1/users/analyst1/disabled", R"({"disabled":"yes"})")
                .status,
            400);
  EXPECT_EQ(As("admin", http::verb::put, "/v1/users/ghost/disabled", R"({"disabled":true})")
                .status,
            404);
  EXPECT_EQ(As("analyst", http::verb::get, "/v1/me").status, 200);
}

TEST_F(TriageServiceTest, ARoleChangeAppliesToTheNextRequest) {
  const std::string sla = R"({"time_to_triage_s":600,"time_to_resolve_s":7200})";
  EXPECT_EQ(As("analyst", http::verb::put, "/v1/sla-targets/2", sla).status, 403);
  auto changed = As("admin", http::verb::put, "/v1/users/analyst1/role", R"({"role":"lead"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Body(changed)["role"], "lead");
  EXPECT_EQ(As("analyst", http::verb::put, "/v1/sla-targets/2", sla).status, 200);
  EXPECT_EQ(As("admin", http::verb::put, "/v1/users/analyst1/role", R"({"role":"boss"})").status,
            400);
  auto users = Body(As("admin", http::verb::get, "/v1/users"));
  ASSERT_EQ(users["users"].size(), 4u);
  for (const auto& u : users["users"]) {
    EXPECT_FALSE(u.contains("password_hash"));
    if (u["name"] == "analyst1") {
      EXPECT_EQ(u["role"], "lead");
    }
  }
  EXPECT_GE(Count("SELECT count(*) FROM audit.log WHERE action = 'user-role'"), 1);
}

TEST_F(TriageServiceTest, AdminListsAndRevokesTokens) {
  auto list = Body(As("admin", http::verb::get, "/v1/tokens?user=analyst1"));
  ASSERT_EQ(list["tokens"].size(), 1u);
  EXPECT_FALSE(list["tokens"][0].contains("token"));
  EXPECT_TRUE(list["tokens"][0]["revoked_at_ms"].is_null());
  const std::string id = std::to_string(list["tokens"][0]["id"].get<std::int64_t>());
  EXPECT_EQ(Body(As("admin", http::verb::get, "/v1/tokens"))["tokens"].size(), 4u);
  auto revoked = As("admin", http::verb::delete_, "/v1/tokens/" + id);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_FALSE(Body(revoked)["revoked_at_ms"].is_null());
  EXPECT_EQ(As("analyst", http::verb::get, "/v1/me").status, 401);
  EXPECT_EQ(As("admin", http::verb::delete_, "/v1/tokens/" + id).status, 409);
  EXPECT_EQ(As("admin", http::verb::delete_, "/v1/tokens/999999").status, 404);
  EXPECT_EQ(As("admin", http::verb::delete_, "/v1/tokens/abc").status, 400);
}

TEST_F(TriageServiceTest, MeSaysWhoIsCallingAndWhenTheSessionEnds) {
  auto by_token = Body(As("auditor", http::verb::get, "/v1/me"));
  EXPECT_EQ(by_token["name"], "auditor1");
  EXPECT_EQ(by_token["role"], "auditor");
  EXPECT_EQ(by_token["via"], "token");
  EXPECT_EQ(by_token["permissions"], json({"read", "audit"}));
  EXPECT_TRUE(by_token["session_expires_at_ms"].is_null());
  const std::string cookie = LogIn("lead1").first;
  auto client = Client();
  auto by_session = Body(client->Get("/v1/me", {{"Cookie", cookie}}));
  EXPECT_EQ(by_session["via"], "session");
  EXPECT_EQ(by_session["session_expires_at_ms"],
            clock_.Now().time_since_epoch().count() + 8LL * 3600 * 1000);
  // A session ends at its expiry, whatever the browser keeps.
  clock_.Advance(std::chrono::hours(8));
  EXPECT_EQ(client->Get("/v1/me", {{"Cookie", cookie}}).status, 401);
}

TEST_F(TriageServiceTest, UnknownUserAndWrongPasswordFailAlike) {
  auto client = Client();
  auto unknown = client->Request(http::verb::post, "/v1/session",
                                 R"({"name":"nobody","password":"correct horse battery"})",
                                 "application/json");
  auto wrong = client->Request(http::verb::post, "/v1/session",
                               R"({"name":"lead1","password":"wrong horse battery"})",
                               "application/json");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Body(unknown)["detail"], Body(wrong)["detail"]);
  // Both count against the per-address limit: 20 failures from one address, then 429.
  for (int i = 0; i < 18; ++i) {
    client->Request(http::verb::post, "/v1/session",
                    nlohmann::json{{"name", "user" + std::to_string(i)},
                                   {"password", "correct horse battery"}}
                        .dump(),
                    "application/json");
  }
  EXPECT_EQ(client
                ->Request(http::verb::post, "/v1/session",
                          R"({"name":"admin1","password":"correct horse battery"})",
                          "application/json")
                .status,
            429);
}

TEST_F(TriageServiceTest, MetricsArePublicAndCountRequestsByRoute) {
  AddIntakeIncident(Model(), "GREEN");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  ASSERT_EQ(As("analyst", http::verb::get, "/v1/queue").status, 200);
  const HttpReply metrics = Client()->Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  for (const char* line :
       {"ncirt_triage_queue_new_unassigned 1", "ncirt_triage_incidents_open 1",
        "ncirt_triage_intake_outbox_pending 0",
        "ncirt_triage_http_requests_total{route=\"/v1/queue\",status=\"200\"} 1"}) {
    EXPECT_NE(metrics.body.find(line), std::string::npos) << line << "\n" << metrics.body;
  }
}

}  // namespace
}  // namespace ncirt::triage::testing
