#include "intake/intake_config.hpp"

#include <gtest/gtest.h>

namespace ncirt::intake {
namespace {

common::config::Environment Minimal() {
  return {{"NCIRT_DATABASE_URL", "postgresql://u:p@127.0.0.1:5432/ncirt"},
          {"NCIRT_INTAKE_TLS_CERT", "/tmp/cert.pem"},
          {"NCIRT_INTAKE_TLS_KEY", "/tmp/key.pem"}};
}

TEST(IntakeConfigTest, DefaultsApplyWhenOnlyTheRequiredOptionsAreSet) {
  const auto c = LoadIntakeConfig(Minimal());
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->listen_address, "127.0.0.1");
  EXPECT_EQ(c->listen_port, 8443);
  EXPECT_EQ(c->max_document_bytes, 16u << 20);
  EXPECT_EQ(c->default_policy, iodef::Policy::kTolerant);
  EXPECT_EQ(c->default_tlp, v1::TLP_AMBER);
  EXPECT_EQ(c->quarantine_retention, std::chrono::hours(24 * 30));
}

TEST(IntakeConfigTest, EveryOptionIsReadFromItsVariable) {
  auto env = Minimal();
  env["NCIRT_INTAKE_LISTEN"] = "[::1]:0";
  env["NCIRT_INTAKE_DB_POOL_SIZE"] = "4";
  env["NCIRT_INTAKE_MAX_DOCUMENT_BYTES"] = "65536";
  env["NCIRT_INTAKE_DEFAULT_POLICY"] = "strict";
  env["NCIRT_INTAKE_DEFAULT_TLP"] = "tlp:green";
  env["NCIRT_INTAKE_QUARANTINE_RETENTION"] = "2h";
  env["NCIRT_INTAKE_PURGE_INTERVAL"] = "500ms";
  env["NCIRT_LOG_LEVEL"] = "debug";
  const auto c = LoadIntakeConfig(env);
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->listen_address, "::1");
  EXPECT_EQ(c->listen_port, 0);
  EXPECT_EQ(c->database_pool_size, 4u);
  EXPECT_EQ(c->max_document_bytes, 65536u);
  EXPECT_EQ(c->default_policy, iodef::Policy::kStrict);
  EXPECT_EQ(c->default_tlp, v1::TLP_GREEN);
  EXPECT_EQ(c->quarantine_retention, std::chrono::hours(2));
  EXPECT_EQ(c->purge_interval, std::chrono::milliseconds(500));
  EXPECT_EQ(c->log_level, common::log::Level::kDebug);
}

TEST(IntakeConfigTest, BadValuesAreRefusedNamingTheVariable) {
  const struct {
    const char* name;
    const char* value;
  } cases[] = {
      {"NCIRT_INTAKE_DB_POOL_SIZE", "0"},        {"NCIRT_INTAKE_LISTEN", "8443"},
      {"NCIRT_INTAKE_LISTEN", "::1:80"},         {"NCIRT_INTAKE_LISTEN", "host:99999"},
      {"NCIRT_INTAKE_DEFAULT_POLICY", "lax"},    {"NCIRT_INTAKE_DEFAULT_TLP", "purple"},
      {"NCIRT_INTAKE_PURGE_INTERVAL", "0s"},     {"NCIRT_LOG_LEVEL", "chatty"},
      {"NCIRT_INTAKE_MAX_DOCUMENT_BYTES", "12"}, {"NCIRT_INTAKE_TYPO", "1"},
  };
  for (const auto& c : cases) {
    auto env = Minimal();
    env[c.name] = c.value;
    const auto loaded = LoadIntakeConfig(env);
    ASSERT_FALSE(loaded) << c.name << "=" << c.value;
    EXPECT_EQ(loaded.error().kind, common::ErrorKind::kBadConfig);
    EXPECT_NE(loaded.error().ToString().find(c.name), std::string::npos)
        << loaded.error().ToString();
  }
}

TEST(IntakeConfigTest, TlsFilesAreRequiredToServeButNotForTokenCommands) {
  common::config::Environment env = {{"NCIRT_DATABASE_URL", "postgresql://x@y/z"}};
  const auto serving = LoadIntakeConfig(env);
  ASSERT_FALSE(serving);
  EXPECT_NE(serving.error().message.find("NCIRT_INTAKE_TLS_CERT"), std::string::npos);
  EXPECT_TRUE(LoadIntakeConfig(env, /*serving=*/false));
}

TEST(IntakeConfigTest, ClientVariablesFromTheLauncherAreTolerated) {
  auto env = Minimal();
  env["NCIRT_INTAKE_URL"] = "https://127.0.0.1:8443";
  env["NCIRT_CA_FILE"] = "/var/pki/ca.pem";
  env["NCIRT_API_TOKEN"] = "ncirt_x";
  EXPECT_TRUE(LoadIntakeConfig(env));
}

TEST(IntakeConfigTest, OtherServicesOptionsShareTheEnvironmentFile) {
  auto env = Minimal();
  env["NCIRT_TRIAGE_LISTEN"] = ":8444";
  env["NCIRT_TRIAGE_BOOTSTRAP_ADMIN"] = "admin";
  env["NCIRT_EXCHANGE_LISTEN"] = ":8445";
  env["NCIRT_EXCHANGE_CIRT_NAME"] = "cirt-a";
  env["NCIRT_TRIAGE_URL"] = "https://localhost:8444";
  EXPECT_TRUE(LoadIntakeConfig(env));
}

TEST(IntakeConfigTest, AMisspeltIntakeOptionIsStillRefusedBesideOtherServicesOptions) {
  for (const char* typo : {"NCIRT_INTAKE_LISTN", "NCIRT_DATABSE_URL", "NCIRT_TRIAGELISTEN"}) {
    auto env = Minimal();
    env["NCIRT_TRIAGE_LISTEN"] = ":8444";
    env[typo] = "x";
    const auto c = LoadIntakeConfig(env);
    ASSERT_FALSE(c) << typo;
    EXPECT_NE(c.error().message.find(typo), std::string::npos) << c.error().message;
  }
}

TEST(IntakeConfigTest, OptionTableDocumentsEveryOption) {
  for (const auto& option : IntakeOptions()) {
    EXPECT_TRUE(option.name.starts_with("NCIRT_")) << option.name;
    EXPECT_FALSE(option.description.empty()) << option.name;
  }
}

}  // namespace
}  // namespace ncirt::intake
