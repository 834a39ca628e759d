// The triage service over real HTTPS against a real PostgreSQL: the role check of every route,
// sessions (cookie flags, CSRF, rate-limited login), and the workflow through the API.
#include <memory>
#include <map>
#include <mutex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pqxx/connection>
#include <pqxx/transaction>

#include "common/log/log.hpp"
#include "service_fixture.hpp"

namespace ncirt::triage::testing {
namespace {


const std::set<std::string> kAll = {"analyst", "lead", "admin", "auditor"};
const std::set<std::string> kWorkers = {"analyst", "lead", "admin"};

// The role policy of the core routes, written out here independently of the code: which roles
// may call each (method, pattern), and a body that reaches the handler.
struct Expected {
  http::verb method;
  std::string pattern;
  std::string body;
  std::set<std::string> allowed;
};

std::vector<Expected> CorePolicy() {
  return {
      {http::verb::post, "/v1/queue/claim", "", kWorkers},
      {http::verb::get, "/v1/queue", "", kAll},
      {http::verb::get, "/v1/incidents/{id}", "", kAll},
      {http::verb::post, "/v1/incidents/{id}/transition", R"({"to":"nonsense"})", kWorkers},
      {http::verb::post, "/v1/incidents/{id}/merge", R"({"into":"not-a-uuid"})", kWorkers},
      {http::verb::put, "/v1/incidents/{id}/assignee", R"({"assignee":"bob"})", kWorkers},
      {http::verb::put, "/v1/incidents/{id}/category", R"({"category":"spam"})", kWorkers},
      {http::verb::put, "/v1/incidents/{id}/priority", R"({"priority":null})", kWorkers},
      {http::verb::post, "/v1/incidents/{id}/comments", R"({"body":"x"})", kWorkers},
      {http::verb::get, "/v1/incidents/{id}/comments", "", kAll},
      {http::verb::post, "/v1/incidents/{id}/links", R"({"to":"x","relation":"related"})",
       kWorkers},
      {http::verb::get, "/v1/incidents/{id}/links", "", kAll},
      {http::verb::get, "/v1/sla-targets/{priority}", "", kAll},
      {http::verb::put, "/v1/sla-targets/{priority}", R"({"time_to_triage_s":600})",
       {"lead", "admin"}},
      {http::verb::post, "/v1/users", R"({"name":"x"})", {"admin"}},
      {http::verb::get, "/v1/users", "", {"admin"}},
      {http::verb::put, "/v1/users/{name}/role", R"({"role":"lead"})", {"admin"}},
      {http::verb::put, "/v1/users/{name}/disabled", R"({"disabled":true})", {"admin"}},
      {http::verb::post, "/v1/tokens", R"({"user":"x"})", {"admin"}},
      {http::verb::get, "/v1/tokens", "", {"admin"}},
      {http::verb::delete_, "/v1/tokens/{id}", "", {"admin"}},
      {http::verb::get, "/v1/audit/verify", "", {"admin", "auditor"}},
      {http::verb::get, "/v1/me", "", kAll},
      {http::verb::delete_, "/v1/session", "", kAll},
  };
}

std::set<std::string> RolesHolding(auth::Permission permission) {
  std::set<std::string> roles;
  for (const char* name : {"analyst", "lead", "admin", "auditor"}) {
    if (auth::Allows(*auth::ParseRole(name), permission)) roles.insert(name);
  }
  return roles;
}

// The pattern with each placeholder replaced by a value of the right shape: an existing
// incident for {id} (a token id that does not exist under /v1/tokens), a user that does not
// exist for {name}, so that no call in the loop changes who may log in.
std::string Target(const std::string& pattern, const std::string& incident) {
  std::string out;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    const std::size_t open = pattern.find('{', pos);
    if (open == std::string::npos) {
      out += pattern.substr(pos);
      break;
    }
    const std::size_t close = pattern.find('}', open);
    out += pattern.substr(pos, open - pos);
    const std::string name = pattern.substr(open + 1, close - open - 1);
    if (name == "id") {
      out += pattern.starts_with("/v1/tokens") ? "999999" : incident;
    } else if (name == "name") {
      out += "nobody";
    } else if (name == "priority") {
      out += "1";
    } else {
      out += "x";
    }
    pos = close + 1;
  }
  return out;
}

TEST_F(TriageServiceTest, EveryRouteAdmitsExactlyTheRolesItDeclares) {
  const std::string id = AddIntakeIncident(Model(), "GREEN");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  const std::vector<Expected> policy = CorePolicy();
  for (const Expected& e : policy) {
    bool served = false;
    for (const Route& r : app_->Routes()) served |= r.method == e.method && r.pattern == e.pattern;
    EXPECT_TRUE(served) << e.pattern << " is in the policy but not served";
  }
  int checked = 0;
  for (const Route& route : app_->Routes()) {
    if (!route.permission) continue;  // public: login, health, metrics, the console's files
    const Expected* expected = nullptr;
    for (const Expected& e : policy) {
      if (e.method == route.method && e.pattern == route.pattern) expected = &e;
    }
    // Routes of the other parts (route_modules.hpp) are held to the permission they declare.
    const std::set<std::string> allowed =
        expected ? expected->allowed : RolesHolding(*route.permission);
    if (expected) {
      EXPECT_EQ(RolesHolding(*route.permission), allowed) << route.pattern;
    }
    const std::string target = Target(route.pattern, id);
    const std::string body = expected ? expected->body : "{}";
    for (const char* role : {"analyst", "lead", "admin", "auditor"}) {
      const HttpReply reply = As(role, route.method, target, body);
      SCOPED_TRACE(std::string(role) + " " + std::string(http::to_string(route.method)) + " " +
                   target + " -> " + std::to_string(reply.status) + " " + reply.body);
      if (allowed.contains(role)) {
        EXPECT_NE(reply.status, 401);
        EXPECT_NE(reply.status, 403);
        EXPECT_LT(reply.status, 500);
      } else {
        EXPECT_EQ(reply.status, 403);
      }
    }
    auto anonymous = Client()->Request(route.method, target, body,
                                       body.empty() ? "" : "application/json");
    EXPECT_EQ(anonymous.status, 401) << target;
    ++checked;
  }
  EXPECT_GE(checked, static_cast<int>(policy.size()));
}

TEST_F(TriageServiceTest, QueueListingFiltersAndPagesByCursor) {
  for (int i = 0; i < 3; ++i) {
    AddIntakeIncident(Model(), "GREEN");
    clock_.Advance(std::chrono::milliseconds(5));
    ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  }
  auto first = As("analyst", http::verb::get, "/v1/queue?state=new&limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  auto first_json = nlohmann::json::parse(first.body);
  ASSERT_EQ(first_json["incidents"].size(), 2u);
  ASSERT_TRUE(first_json["next"].is_string());
  auto second = As("analyst", http::verb::get,
                   "/v1/queue?state=new&limit=2&after=" + first_json["next"].get<std::string>());
  ASSERT_EQ(second.status, 200) << second.body;
  auto second_json = nlohmann::json::parse(second.body);
  ASSERT_EQ(second_json["incidents"].size(), 1u);
  EXPECT_TRUE(second_json["next"].is_null());
  auto by_category = As("analyst", http::verb::get, "/v1/queue?category=fraud%2Fphishing");
  ASSERT_EQ(by_category.status, 200);
  EXPECT_EQ(nlohmann::json::parse(by_category.body)["incidents"].size(), 0u);
}

// Every row triage and the audit log hold, as one digest: equal digests, nothing changed.
std::string Snapshot(const std::string& dsn) {
  pqxx::connection c(dsn);
  pqxx::work w(c);
  return w.exec1(
      "SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM ("
      "SELECT t::text AS x FROM triage.incidents t UNION ALL SELECT t::text FROM triage.comments "
      "t UNION ALL SELECT t::text FROM triage.links t UNION ALL SELECT t::text FROM triage.users "
      "t UNION ALL SELECT t::text FROM triage.api_tokens t UNION ALL SELECT t::text FROM "
      "triage.sessions t UNION ALL SELECT t::text FROM triage.sla_targets t UNION ALL SELECT "
      "t::text FROM audit.pending t UNION ALL SELECT t::text FROM audit.log t) rows")[0]
      .as<std::string>();
}

TEST_F(TriageServiceTest, AuditorChangesNothingThroughAnyRoute) {
  const std::string id = AddIntakeIncident(Model(), "GREEN");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  const std::string other = AddIntakeIncident(Model(), "GREEN");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  ASSERT_TRUE(store_->ChainAudit());
  const std::string before = Snapshot(dsn_);
  // Bodies that would succeed for a role allowed to make the change.
  const std::map<std::string, std::string> bodies = {
      {"/v1/incidents/{id}/transition", R"({"to":"triaged"})"},
      {"/v1/incidents/{id}/merge", nlohmann::json{{"into", other}}.dump()},
      {"/v1/incidents/{id}/assignee", R"({"assignee":"auditor1"})"},
      {"/v1/incidents/{id}/category", R"({"category":"spam"})"},
      {"/v1/incidents/{id}/priority", R"({"priority":1})"},
      {"/v1/incidents/{id}/comments", R"({"body":"seen"})"},
      {"/v1/incidents/{id}/links", nlohmann::json{{"to", other}, {"relation", "related"}}.dump()},
      {"/v1/sla-targets/{priority}", R"({"time_to_triage_s":60,"time_to_resolve_s":120})"},
      {"/v1/users", R"({"name":"mallory","role":"admin","password":"a long enough secret"})"},
      {"/v1/users/{name}/role", R"({"role":"admin"})"},
      {"/v1/users/{name}/disabled", R"({"disabled":true})"},
      {"/v1/tokens", R"({"user":"auditor1","label":"x"})"},
  };
  int refused = 0;
  for (const Route& route : app_->Routes()) {
    if (!route.permission || route.method == http::verb::get) continue;
    if (route.pattern == "/v1/session") continue;  // logging out ends only one's own session
    std::string target = Target(route.pattern, id);
    if (route.pattern.starts_with("/v1/users/")) target = "/v1/users/analyst1/" +
                                                          target.substr(target.rfind('/') + 1);
    const auto body = bodies.find(route.pattern);
    const HttpReply reply =
        As("auditor", route.method, target, body == bodies.end() ? "{}" : body->second);
    EXPECT_EQ(reply.status, 403) << target << " " << reply.body;
    ++refused;
  }
  EXPECT_GE(refused, 14);
  EXPECT_EQ(Snapshot(dsn_), before);
}

TEST_F(TriageServiceTest, WorkflowThroughTheApiRefusesIllegalMoves) {
  const std::string id = AddIntakeIncident(Model(), "GREEN");
  auto claimed = As("analyst", http::verb::post, "/v1/queue/claim");
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  auto claimed_json = nlohmann::json::parse(claimed.body);
  EXPECT_EQ(claimed_json["incident_id"], id);
  EXPECT_EQ(claimed_json["assignee"], "analyst1");
  EXPECT_EQ(As("analyst", http::verb::post, "/v1/queue/claim").status, 204);
  auto illegal = As("analyst", http::verb::post, "/v1/incidents/" + id + "/transition",
                    R"({"to":"closed"})");
  EXPECT_EQ(illegal.status, 409);
  EXPECT_NE(illegal.body.find("may go to: triaged, rejected, merged"), std::string::npos)
      << illegal.body;
  auto legal = As("analyst", http::verb::post, "/v1/incidents/" + id + "/transition",
                  R"({"to":"triaged"})");
  ASSERT_EQ(legal.status, 200) << legal.body;
  EXPECT_EQ(nlohmann::json::parse(legal.body)["state"], "triaged");
  auto verified = As("auditor", http::verb::get, "/v1/audit/verify");
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(nlohmann::json::parse(verified.body)["intact"], true);
}

TEST_F(TriageServiceTest, LoginSetsAStrictCookieAndStateChangesNeedTheCsrfToken) {
  auto client = Client();
  auto login = client->Request(http::verb::post, "/v1/session",
                               R"({"name":"analyst1","password":"correct horse battery"})",
                               "application/json");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie(login.headers[http::field::set_cookie]);
  for (const char* flag : {"HttpOnly", "Secure", "SameSite=Strict"}) {
    EXPECT_NE(cookie.find(flag), std::string::npos) << cookie;
  }
  const std::string session = cookie.substr(0, cookie.find(';'));
  const std::string csrf = nlohmann::json::parse(login.body)["csrf_token"];
  EXPECT_EQ(client->Get("/v1/sla-targets/2", {{"Cookie", session}}).status, 200);
  EXPECT_EQ(client->Request(http::verb::post, "/v1/queue/claim", {}, {}, {{"Cookie", session}})
                .status,
            403);
  EXPECT_EQ(client
                ->Request(http::verb::post, "/v1/queue/claim", {}, {},
                          {{"Cookie", session}, {"X-CSRF-Token", "forged"}})
                .status,
            403);
  EXPECT_EQ(client
                ->Request(http::verb::post, "/v1/queue/claim", {}, {},
                          {{"Cookie", session}, {"X-CSRF-Token", csrf}})
                .status,
            204);
  auto logout = client->Request(http::verb::delete_, "/v1/session", {}, {},
                                {{"Cookie", session}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(logout.status, 204);
  EXPECT_EQ(client->Get("/v1/sla-targets/2", {{"Cookie", session}}).status, 401);
}

TEST_F(TriageServiceTest, RepeatedWrongPasswordsAreRateLimited) {
  auto client = Client();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(client
                  ->Request(http::verb::post, "/v1/session",
                            R"({"name":"lead1","password":"wrong password!"})",
                            "application/json")
                  .status,
              401);
  }
  // Even the right password is not checked now.
  auto limited = client->Request(http::verb::post, "/v1/session",
                                 R"({"name":"lead1","password":"correct horse battery"})",
                                 "application/json");
  EXPECT_EQ(limited.status, 429) << limited.body;
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_EQ(client
                ->Request(http::verb::post, "/v1/session",
                          R"({"name":"lead1","password":"correct horse battery"})",
                          "application/json")
                .status,
            200);
}

TEST_F(TriageServiceTest, AdminCreatesUsersWhoCanThenLogIn) {
  auto created = As("admin", http::verb::post, "/v1/users",
                    R"({"name":"carol","role":"analyst","password":"a long enough secret"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(As("admin", http::verb::post, "/v1/users",
               R"({"name":"carol","role":"analyst","password":"a long enough secret"})")
                .status,
            409);
  auto login = Client()->Request(http::verb::post, "/v1/session",
                                 R"({"name":"carol","password":"a long enough secret"})",
                                 "application/json");
  EXPECT_EQ(login.status, 200) << login.body;
}

}  // namespace
}  // namespace ncirt::triage::testing
