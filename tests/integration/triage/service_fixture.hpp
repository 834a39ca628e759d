#pragma once
// The triage service over real HTTPS against a real PostgreSQL, for the API tests: an App on
// port 0 with a throwaway certificate, one user per role (name "<role>1", password kPassword)
// each with an API token, and helpers to call the API as a role or with a session.
//
// Thread-safety: used by the test's thread.

#include <map>
#include <memory>
#include <mutex>
#include <string>

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

namespace http = boost::beast::http;
using ncirt::testing::HttpReply;

inline const auth::PasswordCost kTestCost{.memory_kib = 256, .passes = 1, .lanes = 1};
inline constexpr const char* kPassword = "correct horse battery";

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
  // A session for `name`: the Cookie header value and the CSRF token.
  std::pair<std::string, std::string> LogIn(const std::string& name) {
    auto login = Client()->Request(
        http::verb::post, "/v1/session",
        nlohmann::json{{"name", name}, {"password", kPassword}}.dump(), "application/json");
    EXPECT_EQ(login.status, 200) << login.body;
    const std::string cookie(login.headers[http::field::set_cookie]);
    return {cookie.substr(0, cookie.find(';')),
            login.status == 200 ? nlohmann::json::parse(login.body).value("csrf_token", "") : ""};
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

inline v1::Incident Model() {
  return ModelWith(v1::SEVERITY_MEDIUM, v1::CONFIDENCE_RATING_HIGH, v1::TLP_GREEN);
}

}  // namespace ncirt::triage::testing
