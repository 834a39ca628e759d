// The triage service over real HTTPS against a real PostgreSQL: the role check of every route,
// sessions (cookie flags, CSRF, rate-limited login), and the workflow through the API.
#include <memory>
#include <map>
#include <mutex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/log/log.hpp"
#include "support/https_client.hpp"
#include "support/pki.hpp"
#include "triage/app.hpp"
#include "triage/auth/password.hpp"
#include "triage/auth/secret.hpp"
#include "triage/store/user_store.hpp"
#include "triage_fixture.hpp"

namespace ncirt::triage::testing {
namespace {

namespace http = boost::beast::http;
using ncirt::testing::HttpReply;
using Headers = std::vector<std::pair<std::string, std::string>>;

const auth::PasswordCost kTestCost{.memory_kib = 256, .passes = 1, .lanes = 1};
constexpr const char* kPassword = "correct horse battery";

class TriageServiceTest : public TriageDbTest {
 protected:
  void SetUp() override {
    static std::once_flag log_once;
    std::call_once(log_once, [] { common::log::Init("triage-test", common::log::Level::kWarn); });
    TriageDbTest::SetUp();
    TriageConfig config;
    config.database_url = dsn_;
    config.database_pool_size = 8;
    config.listen_port = 0;
    config.tls_certificate_file = cert_.certificate;
    config.tls_private_key_file = cert_.private_key;
    config.worker_threads = 4;
    auto app = App::Create(config, clock_, kTestCost);
    ASSERT_TRUE(app) << app.error().ToString();
    app_ = std::move(*app);
    ASSERT_TRUE(app_->Start());
    users_ = std::make_unique<store::UserStore>(*pool_, clock_);
    for (const char* role : {"analyst", "lead", "admin", "auditor"}) {
      const std::string name = std::string(role) + "1";
      ASSERT_TRUE(users_->CreateUser({"test", "test"}, name, *auth::ParseRole(role),
                                     *auth::HashPassword(kPassword, kTestCost)));
      const std::string token = auth::NewSecret();
      ASSERT_TRUE(users_->CreateApiToken({"test", "test"}, name, "test", auth::DigestOf(token)));
      tokens_[role] = token;
    }
  }
  void TearDown() override {
    if (app_) app_->Stop();
  }

  std::unique_ptr<ncirt::testing::HttpsClient> Client() {
    return std::make_unique<ncirt::testing::HttpsClient>(pki_.CaFile().string(), app_->Port());
  }
  HttpReply As(const std::string& role, http::verb method, const std::string& target,
               const std::string& body = {}) {
    auto client = Client();
    return client->Request(method, target, body, body.empty() ? "" : "application/json",
                           {{"Authorization", "Bearer " + tokens_.at(role)}});
  }

  ncirt::testing::Pki pki_;
  ncirt::testing::CertFiles cert_ = pki_.Issue("localhost");
  std::unique_ptr<App> app_;
  std::unique_ptr<store::UserStore> users_;
  std::map<std::string, std::string> tokens_;
};

v1::Incident Model() {
  return ModelWith(v1::SEVERITY_MEDIUM, v1::CONFIDENCE_RATING_HIGH, v1::TLP_GREEN);
}

TEST_F(TriageServiceTest, EveryRouteAdmitsExactlyTheRolesItDeclares) {
  const std::string id = AddIntakeIncident(Model(), "GREEN");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  const struct {
    http::verb method;
    std::string target;
    std::string body;
    std::set<std::string> allowed;
  } routes[] = {
      {http::verb::post, "/v1/queue/claim", "", {"analyst", "lead", "admin"}},
      {http::verb::get, "/v1/incidents/" + id, "", {"analyst", "lead", "admin", "auditor"}},
      {http::verb::post, "/v1/incidents/" + id + "/transition", R"({"to":"nonsense"})",
       {"analyst", "lead", "admin"}},
      {http::verb::post, "/v1/incidents/" + id + "/merge", R"({"into":"not-a-uuid"})",
       {"analyst", "lead", "admin"}},
      {http::verb::get, "/v1/queue?state=new&limit=5", "",
       {"analyst", "lead", "admin", "auditor"}},
      {http::verb::put, "/v1/incidents/" + id + "/assignee", R"({"assignee":"bob"})",
       {"analyst", "lead", "admin"}},
      {http::verb::put, "/v1/incidents/" + id + "/category", R"({"category":"spam"})",
       {"analyst", "lead", "admin"}},
      {http::verb::put, "/v1/incidents/" + id + "/priority", R"({"priority":null})",
       {"analyst", "lead", "admin"}},
      {http::verb::post, "/v1/incidents/" + id + "/comments", R"({"body":"x"})",
       {"analyst", "lead", "admin"}},
      {http::verb::get, "/v1/incidents/" + id + "/comments", "",
       {"analyst", "lead", "admin", "auditor"}},
      {http::verb::post, "/v1/incidents/" + id + "/links", R"({"to":"x","relation":"related"})",
       {"analyst", "lead", "admin"}},
      {http::verb::get, "/v1/incidents/" + id + "/links", "",
       {"analyst", "lead", "admin", "auditor"}},
      {http::verb::get, "/v1/sla-targets/1", "", {"analyst", "lead", "admin", "auditor"}},
      {http::verb::put, "/v1/sla-targets/1", R"({"time_to_triage_s":600})", {"lead", "admin"}},
      {http::verb::post, "/v1/users", R"({"name":"x"})", {"admin"}},
      {http::verb::post, "/v1/tokens", R"({"user":"x"})", {"admin"}},
      {http::verb::get, "/v1/audit/verify", "", {"admin", "auditor"}},
      {http::verb::delete_, "/v1/session", "", {"analyst", "lead", "admin", "auditor"}},
  };
  for (const auto& route : routes) {
    for (const char* role : {"analyst", "lead", "admin", "auditor"}) {
      const HttpReply reply = As(role, route.method, route.target, route.body);
      SCOPED_TRACE(std::string(role) + " " + std::string(http::to_string(route.method)) + " " +
                   route.target + " -> " + std::to_string(reply.status) + " " + reply.body);
      if (route.allowed.contains(role)) {
        EXPECT_NE(reply.status, 401);
        EXPECT_NE(reply.status, 403);
        EXPECT_LT(reply.status, 500);
      } else {
        EXPECT_EQ(reply.status, 403);
      }
    }
    auto anonymous = Client()->Request(route.method, route.target, route.body,
                                       route.body.empty() ? "" : "application/json");
    EXPECT_EQ(anonymous.status, 401) << route.target;
  }
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

TEST_F(TriageServiceTest, AuditorChangesNothing) {
  const std::string id = AddIntakeIncident(Model(), "GREEN");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  EXPECT_EQ(As("auditor", http::verb::post, "/v1/incidents/" + id + "/transition",
               R"({"to":"triaged"})")
                .status,
            403);
  EXPECT_EQ(As("auditor", http::verb::post, "/v1/queue/claim").status, 403);
  auto entry = store_->Get({"t", "t"}, id);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::kNew);
  EXPECT_FALSE(entry->assignee.has_value());
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
