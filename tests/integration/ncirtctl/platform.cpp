#include "platform.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/pg/pool.hpp"
#include "intake/store/pg_token_store.hpp"
#include "intake/store/prepare.hpp"
#include "intake/token.hpp"
#include "support/https_client.hpp"
#include "support/pg_cluster.hpp"

namespace ncirt::testing {
namespace {

namespace http = boost::beast::http;

std::string RandomSecret() {
  return intake::NewTokenText(intake::SecureRandomBytes).substr(6, 24);
}

}  // namespace

Platform::Platform(PlatformOptions options)
    : options_(std::move(options)), cert_(pki_.Issue("localhost")) {
  dsn_ = PgCluster::Shared().CreateDatabase();
  dir_ = pki_.Dir();
  admin_password_ = "admin-" + RandomSecret();
  std::ofstream(dir_ / "admin-password") << admin_password_ << "\n";
  intake_port_ = ServiceProcess::FreeLoopbackPort();
  intake_ = std::make_unique<ServiceProcess>(ServiceProcessOptions{
      .binary = options_.intake_binary,
      .args = {},
      .environment = {{"NCIRT_DATABASE_URL", dsn_},
                      {"NCIRT_INTAKE_LISTEN", "127.0.0.1:" + std::to_string(intake_port_)},
                      {"NCIRT_INTAKE_TLS_CERT", cert_.certificate.string()},
                      {"NCIRT_INTAKE_TLS_KEY", cert_.private_key.string()},
                      {"NCIRT_INTAKE_WORKER_THREADS", "4"},
                      {"NCIRT_INTAKE_DB_POOL_SIZE", "4"},
                      {"NCIRT_LOG_LEVEL", "warn"}},
      .log_file = dir_ / "intake.log"});
  intake_->Start();
  if (!intake_->WaitReady(pki_.CaFile(), intake_port_, std::chrono::seconds(30))) {
    throw std::runtime_error("intake did not start:\n" + intake_->Log());
  }
  triage_port_ = ServiceProcess::FreeLoopbackPort();
  triage_ = StartTriage(triage_port_, options_.session_ttl, "triage.log");
}

Platform::~Platform() = default;

std::unique_ptr<ServiceProcess> Platform::StartTriage(unsigned short port, const std::string& ttl,
                                                      const std::string& log_name) {
  auto triage = std::make_unique<ServiceProcess>(ServiceProcessOptions{
      .binary = options_.triage_binary,
      .args = {},
      .environment = {{"NCIRT_DATABASE_URL", dsn_},
                      {"NCIRT_TRIAGE_LISTEN", "127.0.0.1:" + std::to_string(port)},
                      {"NCIRT_TRIAGE_TLS_CERT", cert_.certificate.string()},
                      {"NCIRT_TRIAGE_TLS_KEY", cert_.private_key.string()},
                      {"NCIRT_TRIAGE_WORKER_THREADS", "4"},
                      {"NCIRT_TRIAGE_DB_POOL_SIZE", "4"},
                      {"NCIRT_TRIAGE_SESSION_TTL", ttl},
                      {"NCIRT_TRIAGE_OUTBOX_INTERVAL", "200ms"},
                      {"NCIRT_TRIAGE_BOOTSTRAP_ADMIN", "admin"},
                      {"NCIRT_TRIAGE_BOOTSTRAP_PASSWORD_FILE", (dir_ / "admin-password").string()},
                      {"NCIRT_LOG_LEVEL", "warn"}},
      .log_file = dir_ / log_name});
  triage->Start();
  if (!triage->WaitReady(pki_.CaFile(), port, std::chrono::seconds(30))) {
    throw std::runtime_error("triage did not start:\n" + triage->Log());
  }
  return triage;
}

std::string Platform::StartExtraTriage(const std::string& session_ttl) {
  const unsigned short port = ServiceProcess::FreeLoopbackPort();
  extra_.push_back(
      StartTriage(port, session_ttl, "triage-" + std::to_string(extra_.size()) + ".log"));
  return "https://127.0.0.1:" + std::to_string(port);
}

std::string Platform::IntakeToken(const std::string& submitter) {
  common::pg::Pool pool({.dsn = dsn_, .max_connections = 1,
                         .on_connect = intake::store::PrepareStatements});
  intake::store::PgTokenStore tokens(pool);
  const std::string token = intake::NewTokenText(intake::SecureRandomBytes);
  auto created = tokens.Create({.digest = intake::DigestOf(token), .submitter = submitter,
                                .scopes = intake::Scopes{intake::Scope::kSubmit,
                                                         intake::Scope::kRead}});
  if (!created) throw std::runtime_error("intake token: " + created.error().message);
  return token;
}

std::string Platform::AdminPost(const std::string& target, const std::string& json_body) {
  HttpsClient client(ca_file(), triage_port_);
  if (admin_cookie_.empty()) {
    const nlohmann::json login = {{"name", "admin"}, {"password", admin_password_}};
    const HttpReply reply =
        client.Request(http::verb::post, "/v1/session", login.dump(), "application/json");
    if (reply.status != 200) {
      throw std::runtime_error("admin login: " + std::to_string(reply.status) + " " + reply.body);
    }
    const std::string cookie(reply.headers[http::field::set_cookie]);
    admin_cookie_ = cookie.substr(0, cookie.find(';'));
    admin_csrf_ = nlohmann::json::parse(reply.body).at("csrf_token").get<std::string>();
  }
  const HttpReply reply = client.Request(http::verb::post, target, json_body, "application/json",
                                         {{"Cookie", admin_cookie_}, {"X-CSRF-Token", admin_csrf_}});
  if (reply.status != 201) {
    throw std::runtime_error("POST " + target + ": " + std::to_string(reply.status) + " " +
                             reply.body);
  }
  return reply.body;
}

std::string Platform::TriageUserToken(const std::string& name, const std::string& role) {
  AdminPost("/v1/users", nlohmann::json{{"name", name}, {"role", role},
                                        {"password", "pw-" + RandomSecret()}}
                             .dump());
  return nlohmann::json::parse(AdminPost("/v1/tokens",
                                         nlohmann::json{{"user", name}, {"label", "test"}}.dump()))
      .at("token")
      .get<std::string>();
}

std::string Platform::AdminToken() {
  return nlohmann::json::parse(
             AdminPost("/v1/tokens", nlohmann::json{{"user", "admin"}, {"label", "test"}}.dump()))
      .at("token")
      .get<std::string>();
}

}  // namespace ncirt::testing
