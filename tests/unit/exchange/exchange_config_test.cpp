#include "exchange/exchange_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ncirt::exchange {
namespace {

common::config::Environment Minimal() {
  return {{"NCIRT_DATABASE_URL", "postgresql://ncirt@127.0.0.1/ncirt"},
          {"NCIRT_EXCHANGE_CIRT_NAME", "CERT-EE"},
          {"NCIRT_EXCHANGE_TLS_CERT", "/pki/exchange.pem"},
          {"NCIRT_EXCHANGE_TLS_KEY", "/pki/exchange.key"},
          {"NCIRT_EXCHANGE_CA_FILE", "/pki/ca.pem"}};
}

TEST(ExchangeConfigTest, MinimalEnvironmentGetsTheDocumentedDefaults) {
  const auto config = LoadExchangeConfig(Minimal());
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->listen_address, "0.0.0.0");
  EXPECT_EQ(config->listen_port, 8445);
  EXPECT_EQ(config->admin_address, "127.0.0.1");
  EXPECT_EQ(config->admin_port, 8446);
  EXPECT_EQ(config->cirt_name, "CERT-EE");
  EXPECT_EQ(config->database.dsn, "postgresql://ncirt@127.0.0.1/ncirt");
  EXPECT_EQ(config->window, 128);
  EXPECT_EQ(config->worker_threads, 128) << "a handler thread for every Share of the window";
  EXPECT_EQ(config->max_inflight_bytes, std::size_t{64} << 20);
  EXPECT_EQ(config->registry_interval, std::chrono::seconds(5));
  EXPECT_EQ(config->log_level, common::log::Level::kInfo);
}

TEST(ExchangeConfigTest, FixedVariableNamesAreRead) {
  auto env = Minimal();
  env["NCIRT_EXCHANGE_LISTEN"] = "[::1]:9445";
  env["NCIRT_EXCHANGE_ADMIN_LISTEN"] = ":9446";
  env["NCIRT_EXCHANGE_LOG_LEVEL"] = "debug";
  env["NCIRT_DATABASE_POOL_SIZE"] = "3";
  const auto config = LoadExchangeConfig(env);
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->listen_address, "::1");
  EXPECT_EQ(config->listen_port, 9445);
  EXPECT_EQ(config->admin_address, "0.0.0.0");
  EXPECT_EQ(config->admin_port, 9446);
  EXPECT_EQ(config->log_level, common::log::Level::kDebug);
  EXPECT_EQ(config->database.max_connections, 3u);
}

TEST(ExchangeConfigTest, OtherProgramsVariablesAreToleratedButUnknownOwnOnesAreNot) {
  auto env = Minimal();
  env["NCIRT_INTAKE_LISTEN"] = "127.0.0.1:8443";
  env["NCIRT_TRIAGE_TLS_CERT"] = "/pki/triage.pem";
  env["NCIRT_LOG_LEVEL"] = "warn";
  EXPECT_TRUE(LoadExchangeConfig(env));
  env["NCIRT_EXCHANGE_WINDOWS"] = "8";  // a typo of NCIRT_EXCHANGE_WINDOW
  const auto refused = LoadExchangeConfig(env);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().ToString().find("NCIRT_EXCHANGE_WINDOWS"), std::string::npos);
}

struct BadCase {
  const char* variable;
  const char* value;  // nullptr: unset
};

class ExchangeConfigRefusal : public ::testing::TestWithParam<BadCase> {};

TEST_P(ExchangeConfigRefusal, NamesTheVariable) {
  auto env = Minimal();
  if (GetParam().value == nullptr) {
    env.erase(GetParam().variable);
  } else {
    env[GetParam().variable] = GetParam().value;
  }
  const auto config = LoadExchangeConfig(env);
  ASSERT_FALSE(config) << GetParam().variable;
  EXPECT_EQ(config.error().kind, common::ErrorKind::kBadConfig);
  EXPECT_NE(config.error().ToString().find(GetParam().variable), std::string::npos)
      << config.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Table, ExchangeConfigRefusal,
    ::testing::Values(BadCase{"NCIRT_DATABASE_URL", nullptr},
                      BadCase{"NCIRT_EXCHANGE_CIRT_NAME", nullptr},
                      BadCase{"NCIRT_EXCHANGE_TLS_CERT", nullptr},
                      BadCase{"NCIRT_EXCHANGE_TLS_KEY", nullptr},
                      BadCase{"NCIRT_EXCHANGE_CA_FILE", nullptr},
                      BadCase{"NCIRT_EXCHANGE_LISTEN", "8445"},
                      BadCase{"NCIRT_EXCHANGE_ADMIN_LISTEN", "::1:8446"},
                      BadCase{"NCIRT_EXCHANGE_WINDOW", "0"},
                      BadCase{"NCIRT_EXCHANGE_MAX_FRAME_BYTES", "100"},
                      BadCase{"NCIRT_EXCHANGE_MAX_INFLIGHT_BYTES", "1000"},
                      BadCase{"NCIRT_EXCHANGE_REGISTRY_INTERVAL", "0s"},
                      BadCase{"NCIRT_EXCHANGE_RETRY_MAX", "10ms"},
                      BadCase{"NCIRT_EXCHANGE_LOG_LEVEL", "loud"}),
    [](const auto& p) {
      std::string name = std::string(p.param.variable) + (p.param.value ? "Bad" : "Missing");
      std::erase(name, '_');
      return name;
    });

TEST(ExchangeConfigTest, OptionTableListsEveryVariableUnderOneOfTwoPrefixes) {
  for (const auto& option : ExchangeOptions()) {
    EXPECT_TRUE(option.name.starts_with("NCIRT_EXCHANGE_") ||
                option.name.starts_with("NCIRT_DATABASE_"))
        << option.name;
    EXPECT_FALSE(option.description.empty()) << option.name;
  }
}

}  // namespace
}  // namespace ncirt::exchange
