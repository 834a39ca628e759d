#include "intake_fixture.hpp"

#include <mutex>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "common/log/log.hpp"
#include "common/pg/pool.hpp"
#include "intake/store/pg_token_store.hpp"
#include "intake/store/prepare.hpp"
#include "support/corpus.hpp"
#include "support/pg_cluster.hpp"

namespace ncirt::intake::testing {

std::string CorpusDocument(const std::string& relative) {
  return ncirt::testing::ReadFile(ncirt::testing::SharedIodefDir() / "docs" / relative);
}

std::string WithIncidentId(std::string document, const std::string& old_id,
                           const std::string& new_id) {
  const auto at = document.find(old_id);
  if (at == std::string::npos) throw std::logic_error("IncidentID " + old_id + " not found");
  document.replace(at, old_id.size(), new_id);
  return document;
}

std::string DdosReport(const std::string& id) {
  static const std::string original = CorpusDocument("v2/rfc8274-draft-ddos.xml");
  return WithIncidentId(original, "189701", id);
}

nlohmann::json BodyJson(const ncirt::testing::HttpReply& reply) {
  auto json = nlohmann::json::parse(reply.body, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << "not JSON: " << reply.body << reply.transport_error;
  return json;
}

void IntakeFixture::SetUp() {
  static std::once_flag log_once;
  std::call_once(log_once, [] { common::log::Init("intake-test", common::log::Level::kWarn); });
  dsn_ = ncirt::testing::PgCluster::Shared().CreateDatabase();
  StartApp(BaseConfig());
}

void IntakeFixture::TearDown() { StopApp(); }

IntakeConfig IntakeFixture::BaseConfig() {
  IntakeConfig config;
  config.database_url = dsn_;
  config.database_pool_size = 8;
  config.listen_address = "127.0.0.1";
  config.listen_port = 0;
  config.tls_certificate_file = cert_.certificate;
  config.tls_private_key_file = cert_.private_key;
  config.worker_threads = 8;
  config.token_cache_ttl = std::chrono::milliseconds(0);
  return config;
}

void IntakeFixture::StartApp(const IntakeConfig& config) {
  StopApp();
  auto app = App::Create(config);
  ASSERT_TRUE(app) << app.error().ToString();
  app_ = std::move(*app);
  auto started = app_->Start();
  ASSERT_TRUE(started) << started.error().ToString();
  port_ = app_->Port();
}

void IntakeFixture::StopApp() {
  if (app_) app_->Stop();
  app_.reset();
}

std::string IntakeFixture::Token(const std::string& submitter, const std::string& scopes,
                                 iodef::Policy policy, v1::Tlp tlp) {
  common::pg::Pool pool({.dsn = dsn_, .max_connections = 1,
                         .on_connect = store::PrepareStatements});
  store::PgTokenStore tokens(pool);
  const std::string text = NewTokenText(SecureRandomBytes);
  auto record = tokens.Create({.digest = DigestOf(text),
                               .submitter = submitter,
                               .scopes = ParseScopes(scopes).value(),
                               .policy = policy,
                               .default_tlp = tlp});
  EXPECT_TRUE(record) << record.error().ToString();
  return text;
}

std::unique_ptr<ncirt::testing::HttpsClient> IntakeFixture::Client() {
  return std::make_unique<ncirt::testing::HttpsClient>(pki_.CaFile().string(), port_);
}

ncirt::testing::HttpReply IntakeFixture::Submit(
    ncirt::testing::HttpsClient& client, const std::string& token, const std::string& body,
    const std::string& content_type, std::vector<std::pair<std::string, std::string>> headers) {
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return client.Request(boost::beast::http::verb::post, "/v1/incidents", body, content_type,
                        headers);
}

std::string IntakeFixture::QueryValue(const std::string& sql) {
  pqxx::connection connection(dsn_);
  pqxx::nontransaction work(connection);
  const pqxx::result rows = work.exec(sql);
  if (rows.empty() || rows[0][0].is_null()) return "";
  return rows[0][0].as<std::string>();
}

}  // namespace ncirt::intake::testing
