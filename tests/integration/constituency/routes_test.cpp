// The constituency and correlation routes over real HTTPS against a real PostgreSQL: which
// roles each route admits, the CSV import with a bad file, an incident's constituents and
// related incidents, and the duplicate merge action.
#include <map>
#include <mutex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/log/log.hpp"
#include "constituency_fixture.hpp"
#include "support/https_client.hpp"
#include "support/pki.hpp"
#include "triage/app.hpp"
#include "triage/auth/password.hpp"
#include "triage/auth/secret.hpp"
#include "triage/constituency/csv_import.hpp"
#include "triage/store/user_store.hpp"

namespace ncirt::triage::testing {
namespace {

namespace http = boost::beast::http;
using ncirt::testing::HttpReply;
using nlohmann::json;

const auth::PasswordCost kTestCost{.memory_kib = 256, .passes = 1, .lanes = 1};

class ConstituencyRoutesTest : public ConstituencyDbTest {
 protected:
  void SetUp() override {
    static std::once_flag log_once;
    std::call_once(log_once, [] {
      common::log::Init("constituency-test", common::log::Level::kWarn);
    });
    ConstituencyDbTest::SetUp();
    TriageConfig config;
    config.database_url = dsn_;
    config.database_pool_size = 4;
    config.listen_port = 0;
    config.tls_certificate_file = cert_.certificate;
    config.tls_private_key_file = cert_.private_key;
    config.worker_threads = 2;
    auto app = App::Create(config, clock_, kTestCost);
    ASSERT_TRUE(app) << app.error().ToString();
    app_ = std::move(*app);
    ASSERT_TRUE(app_->Start());
    store::UserStore users(*pool_, clock_);
    for (const char* role : {"analyst", "lead", "admin", "auditor"}) {
      const std::string name = std::string(role) + "1";
      ASSERT_TRUE(users.CreateUser({"test", "test"}, name, *auth::ParseRole(role),
                                   *auth::HashPassword("correct horse battery", kTestCost)));
      const std::string token = auth::NewSecret();
      ASSERT_TRUE(users.CreateApiToken({"test", "test"}, name, "test", auth::DigestOf(token)));
      tokens_[role] = token;
    }
  }
  void TearDown() override {
    if (app_) app_->Stop();
  }

  HttpReply As(const std::string& role, http::verb method, const std::string& target,
               const std::string& body = {}, const std::string& type = "application/json") {
    ncirt::testing::HttpsClient client(pki_.CaFile().string(), app_->Port());
    return client.Request(method, target, body, body.empty() ? "" : type,
                          {{"Authorization", "Bearer " + tokens_.at(role)}});
  }

  ncirt::testing::Pki pki_;
  ncirt::testing::CertFiles cert_ = pki_.Issue("localhost");
  std::unique_ptr<App> app_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(ConstituencyRoutesTest, LeadsAndAdminsEditTheRegistryEveryoneReadsIt) {
  const std::string id = AddIncident({{"ipv4-address", "192.0.2.9"}});
  const std::string other = AddIncident({{"ipv4-address", "192.0.2.9"}});
  const std::string base = "/v1/constituency/organisations";
  const std::set<std::string> readers = {"analyst", "lead", "admin", "auditor"};
  const std::set<std::string> editors = {"lead", "admin"};
  const struct {
    http::verb method;
    std::string target;
    std::string body;
    std::set<std::string> allowed;
  } routes[] = {
      {http::verb::get, base, "", readers},
      {http::verb::post, base, R"({"handle":"-"})", editors},
      {http::verb::get, base + "/nobody", "", readers},
      {http::verb::put, base + "/nobody", R"({"name":"N","sector":"water"})", editors},
      {http::verb::delete_, base + "/nobody", "", editors},
      {http::verb::post, base + "/nobody/ranges", R"({"network":"x"})", editors},
      {http::verb::delete_, base + "/nobody/ranges/1", "", editors},
      {http::verb::post, "/v1/constituency/import?dry_run=true", "x", editors},
      {http::verb::get, "/v1/constituency/lookup?value=192.0.2.9", "", readers},
      {http::verb::get, "/v1/incidents/" + id + "/constituents", "", readers},
      {http::verb::get, "/v1/incidents/" + id + "/related", "", readers},
      {http::verb::get, "/v1/incidents/" + id + "/duplicates", "", readers},
      {http::verb::post, "/v1/incidents/" + id + "/duplicates/not-a-uuid/merge", "",
       {"analyst", "lead", "admin"}},
      {http::verb::get, "/v1/correlation/settings", "", readers},
      {http::verb::put, "/v1/correlation/settings", R"({"common_cap":0})", editors},
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
  }
  (void)other;
}

TEST_F(ConstituencyRoutesTest, RegistryThroughTheApiFeedsAnIncidentsConstituents) {
  const HttpReply created = As("lead", http::verb::post, "/v1/constituency/organisations", R"({
      "handle": "north-grid", "name": "North Grid Ltd", "sector": "energy",
      "criticality": "vital", "ranges": ["192.0.2.0/24"],
      "contacts": [{"role": "security", "email": "cert@northgrid.example",
                    "pgp_fingerprint": "0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567"}]})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body)["ranges"][0]["network"], "192.0.2.0/24");
  const HttpReply bad = As("lead", http::verb::post, "/v1/constituency/organisations/north-grid/"
                           "ranges", R"({"network":"198.51.100.1/24"})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("198.51.100.0/24"), std::string::npos) << bad.body;

  const std::string id = AddIncident({{"ipv4-address", "192.0.2.77"}});
  const HttpReply reply = As("analyst", http::verb::get, "/v1/incidents/" + id + "/constituents");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json body = json::parse(reply.body);
  EXPECT_EQ(body["criticality"], "vital");
  ASSERT_EQ(body["organisations"].size(), 1u);
  EXPECT_EQ(body["organisations"][0]["handle"], "north-grid");
  EXPECT_EQ(body["organisations"][0]["contacts"][0]["pgp_fingerprint"],
            "0123456789ABCDEF0123456789ABCDEF01234567");
  EXPECT_EQ(As("analyst", http::verb::get,
                "/v1/incidents/00000000-0000-0000-0000-000000000000/constituents").status,
            404);
}

TEST_F(ConstituencyRoutesTest, QueueFiltersByTheMatchedConstituent) {
  ASSERT_EQ(As("lead", http::verb::post, "/v1/constituency/organisations", R"({
      "handle": "north-grid", "name": "North Grid Ltd", "sector": "energy",
      "ranges": ["192.0.2.0/24"]})").status, 201);
  ASSERT_EQ(As("lead", http::verb::post, "/v1/constituency/organisations", R"({
      "handle": "south-water", "name": "South Water", "sector": "water",
      "ranges": ["198.51.100.0/24"]})").status, 201);
  const std::string north = AddIncident({{"ipv4-address", "192.0.2.9"}});
  const std::string south = AddIncident({{"ipv4-address", "198.51.100.9"}});
  const auto listed = [&](const std::string& query) {
    const HttpReply reply = As("analyst", http::verb::get, "/v1/queue?" + query);
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::set<std::string> ids;
    const json body = json::parse(reply.body);  // kept alive for the loop below
    for (const json& entry : body.at("incidents")) {
      ids.insert(entry["incident_id"].get<std::string>());
    }
    return ids;
  };
  EXPECT_EQ(listed("constituent=north-grid"), std::set<std::string>{north});
  EXPECT_EQ(listed("constituent=south-water&overdue_first=true"), std::set<std::string>{south});
  EXPECT_TRUE(listed("constituent=nobody").empty());
  EXPECT_EQ(listed("").size(), 2u);
}

TEST_F(ConstituencyRoutesTest, ImportWithBadRowsAnswersEveryLineAndStoresNothing) {
  const std::string csv = std::string(constituency::kCsvHeader) + "\n" +
                          "good,Good,finance,,range,203.0.113.0/24,,,,,\n"
                          "good,,,,asn,ASX,,,,,\n"
                          "good,,,,domain,org,,,,,\n";
  const HttpReply reply =
      As("lead", http::verb::post, "/v1/constituency/import", csv, "text/csv");
  ASSERT_EQ(reply.status, 400) << reply.body;
  const json body = json::parse(reply.body);
  ASSERT_EQ(body["errors"].size(), 2u);
  EXPECT_EQ(body["errors"][0]["line"], 3);
  EXPECT_EQ(body["errors"][1]["line"], 4);
  EXPECT_EQ(As("lead", http::verb::get, "/v1/constituency/organisations/good").status, 404);
  const HttpReply dry = As("lead", http::verb::post, "/v1/constituency/import?dry_run=true",
                           csv.substr(0, csv.find("good,,,,asn")), "text/csv");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(json::parse(dry.body)["organisations_created"], 1);
  EXPECT_EQ(As("lead", http::verb::get, "/v1/constituency/organisations/good").status, 404);
}

TEST_F(ConstituencyRoutesTest, ProposedDuplicateIsMergedWithOneAction) {
  const auto ids = AddIncidents({{{"ipv4-address", "192.0.2.9"}, {"hash", "dd"}},
                                 {{"ipv4-address", "192.0.2.9"}, {"hash", "dd"}},
                                 {{"hash", "ee"}}});
  const HttpReply proposals = As("analyst", http::verb::get,
                                 "/v1/incidents/" + ids[1] + "/duplicates");
  ASSERT_EQ(proposals.status, 200) << proposals.body;
  ASSERT_EQ(json::parse(proposals.body)["proposals"].size(), 1u);
  EXPECT_EQ(json::parse(proposals.body)["proposals"][0]["incident_id"], ids[0]);

  const HttpReply related = As("analyst", http::verb::get, "/v1/incidents/" + ids[1] +
                                                               "/related");
  ASSERT_EQ(related.status, 200);
  EXPECT_EQ(json::parse(related.body)["related"][0]["shared_count"], 2);

  const HttpReply refused = As("analyst", http::verb::post, "/v1/incidents/" + ids[1] +
                                                                "/duplicates/" + ids[2] + "/merge");
  EXPECT_EQ(refused.status, 409) << refused.body;
  const HttpReply merged = As("analyst", http::verb::post, "/v1/incidents/" + ids[1] +
                                                               "/duplicates/" + ids[0] + "/merge");
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(json::parse(merged.body)["state"], "merged");
  EXPECT_EQ(json::parse(merged.body)["merged_into"], ids[0]);
}

}  // namespace
}  // namespace ncirt::triage::testing
