// ncirt-exchange started against a database whose migrations have not run: it must stop with a
// sentence saying what is missing, why and what to run, not abort on an uncaught exception.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include <unistd.h>

#include "support/pg_cluster.hpp"
#include "support/pki.hpp"
#include "support/service_process.hpp"

namespace ncirt {
namespace {

TEST(ExchangeStartupTest, AnUnmigratedDatabaseStopsStartUpWithWhatToRun) {
  testing::Pki pki;
  const auto cert = pki.Issue("cert-a.example");
  const std::string dsn = testing::PgCluster::Shared().CreateEmptyDatabase();
  const auto log = std::filesystem::temp_directory_path() /
                   ("exchange-unmigrated-" + std::to_string(::getpid()) + ".log");
  std::filesystem::remove(log);
  testing::ServiceProcess exchange({
      .binary = NCIRT_EXCHANGE_BINARY,
      .args = {},
      .environment = {{"NCIRT_DATABASE_URL", dsn},
                      {"NCIRT_EXCHANGE_LISTEN", "127.0.0.1:0"},
                      {"NCIRT_EXCHANGE_ADMIN_LISTEN", "127.0.0.1:0"},
                      {"NCIRT_EXCHANGE_CIRT_NAME", "CERT-A"},
                      {"NCIRT_EXCHANGE_TLS_CERT", cert.certificate.string()},
                      {"NCIRT_EXCHANGE_TLS_KEY", cert.private_key.string()},
                      {"NCIRT_EXCHANGE_CA_FILE", pki.CaFile().string()}},
      .log_file = log});
  exchange.Start();
  const int status = exchange.Wait(std::chrono::seconds(30));
  const std::string output = exchange.Log();
  std::filesystem::remove(log);
  EXPECT_NE(status, -2) << "still running";
  EXPECT_NE(status, 0);
  EXPECT_LT(status, 128) << "ended by a signal (abort?): " << output;
  EXPECT_EQ(output.find("terminate called"), std::string::npos) << output;
  EXPECT_NE(output.find("exchange.partners"), std::string::npos) << output;
  EXPECT_NE(output.find("migrations have not run"), std::string::npos) << output;
  EXPECT_NE(output.find("ncirt-migrate"), std::string::npos) << output;
}

}  // namespace
}  // namespace ncirt
