#include "platform.hpp"

#include <unistd.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "common/pg/pool.hpp"
#include "intake/store/pg_token_store.hpp"
#include "intake/store/prepare.hpp"
#include "intake/token.hpp"
#include "iodef/marking.hpp"
#include "support/pg_cluster.hpp"
#include "triage/auth/password.hpp"
#include "triage/auth/secret.hpp"
#include "triage/clock.hpp"
#include "triage/store/queue_store.hpp"
#include "triage/store/user_store.hpp"

namespace ncirt::e2e {

namespace http = boost::beast::http;
using namespace std::chrono_literals;

namespace {

constexpr v1::Tlp kLevels[] = {v1::TLP_CLEAR, v1::TLP_GREEN, v1::TLP_AMBER,
                               v1::TLP_AMBER_STRICT, v1::TLP_RED};

std::string IncidentXml(const std::string& issuer, const std::string& iodef_id) {
  std::ostringstream out;
  out << R"(  <Incident purpose="reporting">
    <IncidentID name=")" << issuer << R"(">)" << iodef_id << R"(</IncidentID>
    <GenerationTime>2026-11-22T05:00:00+00:00</GenerationTime>
    <Description>e2e incident )" << iodef_id << R"(</Description>
    <Assessment>
      <SystemImpact severity="medium" type="availability-system"/>
    </Assessment>
    <Contact role="creator" type="person">
      <ContactName>Reporter )" << iodef_id << R"(</ContactName>
      <Email><EmailTo>)" << iodef_id << R"(@people.example</EmailTo></Email>
    </Contact>
  </Incident>
)";
  return out.str();
}

std::string Document(const std::string& issuer, const std::vector<std::string>& iodef_ids) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>
<IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
)";
  for (const std::string& id : iodef_ids) out += IncidentXml(issuer, id);
  return out + "</IODEF-Document>\n";
}

}  // namespace

Platform::Platform(std::string name, std::string host, testing::Pki& pki)
    : name_(std::move(name)), host_(std::move(host)), pki_(pki), cert_(pki.Issue(host_)) {
  dsn_ = testing::PgCluster::Shared().CreateDatabase();
  dir_ = pki.Dir() / name_;
  std::filesystem::create_directories(dir_);
  intake_port_ = testing::ServiceProcess::FreeLoopbackPort();
  triage_port_ = testing::ServiceProcess::FreeLoopbackPort();
  exchange_port_ = testing::ServiceProcess::FreeLoopbackPort();
  exchange_admin_port_ = testing::ServiceProcess::FreeLoopbackPort();

  // Submitter tokens (one per TLP level) straight into intake's table, as `ncirt-intake token
  // create` would.
  common::pg::Pool intake_pool(
      {.dsn = dsn_, .max_connections = 1, .on_connect = intake::store::PrepareStatements});
  intake::store::PgTokenStore tokens(intake_pool);
  for (const v1::Tlp tlp : kLevels) {
    const std::string token = intake::NewTokenText(intake::SecureRandomBytes);
    auto created = tokens.Create({.digest = intake::DigestOf(token),
                                  .submitter = "sensor-" + std::string(iodef::TlpName(tlp)),
                                  .scopes = intake::Scopes{intake::Scope::kSubmit},
                                  .policy = iodef::Policy::kStrict,
                                  .default_tlp = tlp});
    if (!created) throw std::runtime_error(created.error().ToString());
    intake_tokens_[tlp] = token;
  }
  // The triage admin and an API token for it.
  common::pg::Pool triage_pool(
      {.dsn = dsn_, .max_connections = 1, .on_connect = triage::store::PrepareStatements});
  static const triage::SystemClock clock;
  triage::store::UserStore users(triage_pool, clock);
  auto hash = triage::auth::HashPassword("e2e admin password, long enough",
                                         {.memory_kib = 64, .passes = 1, .lanes = 1});
  if (!hash) throw std::runtime_error(hash.error().ToString());
  if (auto admin = users.EnsureBootstrapAdmin("admin", *hash); !admin) {
    throw std::runtime_error(admin.error().ToString());
  }
  triage_token_ = triage::auth::NewSecret();
  if (auto token = users.CreateApiToken({"e2e", "test"}, "admin", "e2e",
                                        triage::auth::DigestOf(triage_token_));
      !token) {
    throw std::runtime_error(token.error().ToString());
  }
}

Platform::~Platform() {
  // Exchange first: it delivers into the others' databases until it stops.
  exchange_.reset();
  triage_.reset();
  intake_.reset();
}

std::unique_ptr<testing::ServiceProcess> Platform::Spawn(const std::string& binary,
                                                         std::map<std::string, std::string> env,
                                                         const std::string& log_name) {
  env["NCIRT_DATABASE_URL"] = dsn_;
  return std::make_unique<testing::ServiceProcess>(testing::ServiceProcessOptions{
      .binary = binary, .args = {}, .environment = std::move(env),
      .log_file = dir_ / (log_name + ".log")});
}

void Platform::StartAll() {
  const std::string cert = cert_.certificate.string();
  const std::string key = cert_.private_key.string();
  intake_ = Spawn(NCIRT_INTAKE_BINARY,
                  {{"NCIRT_INTAKE_LISTEN", "127.0.0.1:" + std::to_string(intake_port_)},
                   {"NCIRT_INTAKE_TLS_CERT", cert},
                   {"NCIRT_INTAKE_TLS_KEY", key},
                   {"NCIRT_INTAKE_IO_THREADS", "1"},
                   {"NCIRT_INTAKE_WORKER_THREADS", "4"},
                   {"NCIRT_INTAKE_DB_POOL_SIZE", "4"},
                   {"NCIRT_LOG_LEVEL", "warn"}},
                  "intake");
  triage_ = Spawn(NCIRT_TRIAGE_BINARY,
                  {{"NCIRT_TRIAGE_LISTEN", "127.0.0.1:" + std::to_string(triage_port_)},
                   {"NCIRT_TRIAGE_TLS_CERT", cert},
                   {"NCIRT_TRIAGE_TLS_KEY", key},
                   {"NCIRT_TRIAGE_WORKER_THREADS", "4"},
                   {"NCIRT_TRIAGE_DB_POOL_SIZE", "4"},
                   {"NCIRT_TRIAGE_OUTBOX_INTERVAL", "100ms"},
                   {"NCIRT_LOG_LEVEL", "warn"}},
                  "triage");
  intake_->Start();
  triage_->Start();
  ASSERT_TRUE(intake_->WaitReady(pki_.CaFile(), intake_port_, 30s)) << intake_->Log();
  ASSERT_TRUE(triage_->WaitReady(pki_.CaFile(), triage_port_, 30s)) << triage_->Log();
  intake_client_ = std::make_unique<testing::HttpsClient>(pki_.CaFile().string(), intake_port_);
  triage_client_ = std::make_unique<testing::HttpsClient>(pki_.CaFile().string(), triage_port_);
  StartExchange();
}

void Platform::StartExchange() {
  if (!exchange_) {
    exchange_ = Spawn(
        NCIRT_EXCHANGE_BINARY,
        {{"NCIRT_EXCHANGE_LISTEN", "127.0.0.1:" + std::to_string(exchange_port_)},
         {"NCIRT_EXCHANGE_ADMIN_LISTEN", "127.0.0.1:" + std::to_string(exchange_admin_port_)},
         {"NCIRT_EXCHANGE_CIRT_NAME", name_},
         {"NCIRT_EXCHANGE_TLS_CERT", cert_.certificate.string()},
         {"NCIRT_EXCHANGE_TLS_KEY", cert_.private_key.string()},
         {"NCIRT_EXCHANGE_CA_FILE", pki_.CaFile().string()},
         {"NCIRT_DATABASE_POOL_SIZE", "8"},
         {"NCIRT_EXCHANGE_WORKER_THREADS", "4"},
         {"NCIRT_EXCHANGE_REGISTRY_INTERVAL", "200ms"},
         {"NCIRT_EXCHANGE_FOLLOW_INTERVAL", "100ms"},
         {"NCIRT_EXCHANGE_IDLE_POLL", "50ms"},
         {"NCIRT_EXCHANGE_RETRY_INITIAL", "50ms"},
         {"NCIRT_EXCHANGE_RETRY_MAX", "400ms"},
         {"NCIRT_EXCHANGE_HANDSHAKE_TIMEOUT", "3s"},
         {"NCIRT_EXCHANGE_LOG_LEVEL", "info"}},
        "exchange");
  }
  exchange_->Start();
  ASSERT_TRUE(exchange_->WaitReady(pki_.CaFile(), exchange_admin_port_, 30s)) << exchange_->Log();
}

void Platform::StopExchange() { EXPECT_EQ(exchange_->Terminate(10s), 0) << exchange_->Log(); }

void Platform::KillExchange() { exchange_->Kill(); }

std::string Platform::Submit(const std::string& iodef_id, v1::Tlp tlp) {
  const std::vector<std::string> ids = SubmitDocument({iodef_id}, tlp);
  return ids.empty() ? "" : ids[0];
}

std::vector<std::string> Platform::SubmitMany(const std::string& prefix, int n, v1::Tlp tlp) {
  std::vector<std::string> out;
  for (int first = 0; first < n; first += 100) {
    std::vector<std::string> iodef_ids;
    for (int i = first; i < std::min(n, first + 100); ++i) {
      iodef_ids.push_back(prefix + std::to_string(i));
    }
    for (std::string& id : SubmitDocument(iodef_ids, tlp)) out.push_back(std::move(id));
  }
  return out;
}

std::vector<std::string> Platform::SubmitDocument(const std::vector<std::string>& iodef_ids,
                                                  v1::Tlp tlp) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    const testing::HttpReply reply = intake_client_->Request(
        http::verb::post, "/v1/incidents", Document(host_, iodef_ids), "application/xml",
        {{"Authorization", "Bearer " + intake_tokens_.at(tlp)}});
    if (reply.status == 201 || reply.status == 200) {
      std::vector<std::string> ids;
      const nlohmann::json answer = nlohmann::json::parse(reply.body);
      for (const auto& incident : answer["incidents"]) {
        ids.push_back(incident["id"].get<std::string>());
      }
      EXPECT_EQ(ids.size(), iodef_ids.size()) << reply.body;
      return ids;
    }
    EXPECT_EQ(reply.status, 0) << reply.body;  // only a broken connection is worth a retry
    intake_client_->Close();
  }
  ADD_FAILURE() << "could not submit " << iodef_ids.front();
  return {};
}

testing::HttpReply Platform::Triage(http::verb method, const std::string& target,
                                    const nlohmann::json& body) {
  return triage_client_->Request(method, target, body.is_null() ? "" : body.dump(),
                                 body.is_null() ? "" : "application/json",
                                 {{"Authorization", "Bearer " + triage_token_}});
}

void Platform::RegisterPartner(const Platform& other, const std::vector<std::string>& tlps,
                               bool personal_data, const std::vector<std::string>& categories) {
  const testing::HttpReply reply =
      Triage(http::verb::post, "/v1/partners",
             {{"name", other.name_},
              {"country", "EE"},
              {"endpoint", "127.0.0.1:" + std::to_string(other.exchange_port_)},
              {"spki_sha256", other.cert_.spki_pin},
              {"agreement", "e2e"},
              {"allowed_tlps", tlps},
              {"allowed_categories", categories},
              {"personal_data_allowed", personal_data}});
  ASSERT_EQ(reply.status, 201) << reply.body << reply.transport_error;
}

nlohmann::json Platform::Share(const std::string& incident_id,
                               const std::vector<std::string>& partners) {
  const testing::HttpReply reply = Triage(
      http::verb::post, "/v1/incidents/" + incident_id + "/share", {{"partners", partners}});
  EXPECT_EQ(reply.status, 200) << reply.body << reply.transport_error;
  return nlohmann::json::parse(reply.body, nullptr, false);
}

long long Platform::Count(const std::string& sql) const {
  pqxx::connection connection(dsn_);
  pqxx::nontransaction work(connection);
  return work.exec1(sql)[0].as<long long>();
}

bool Platform::WaitFor(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

double Platform::ExchangeMetric(const std::string& name) {
  testing::HttpsClient client(pki_.CaFile().string(), exchange_admin_port_);
  const testing::HttpReply reply = client.Get("/metrics");
  std::istringstream lines(reply.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  }
  return -1;
}

std::string Platform::Logs() const {
  std::string out;
  for (const auto* p : {&intake_, &triage_, &exchange_}) {
    if (*p) out += (*p)->Log();
  }
  return out;
}

}  // namespace ncirt::e2e
