// "Acknowledged means durable": ncirt-intake runs as a child process and is killed with SIGKILL
// in the middle of a burst of submissions from several client threads; it is started again,
// the clients retry everything not acknowledged (with the same Idempotency-Key), and then the
// database must hold every acknowledged incident exactly once, and nothing twice.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "common/pg/pool.hpp"
#include "intake/store/pg_token_store.hpp"
#include "intake/store/prepare.hpp"
#include "intake/uuid.hpp"
#include "intake_fixture.hpp"
#include "support/pg_cluster.hpp"
#include "support/service_process.hpp"

namespace ncirt::intake::testing {
namespace {

using ncirt::testing::HttpsClient;
using ncirt::testing::ServiceProcess;

constexpr int kClients = 6;
constexpr int kDocumentsPerClient = 40;

struct Ack {
  std::string incident_id;  // ncirt's id, as answered
  int status = 0;
  bool replayed = false;
};

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dsn_ = ncirt::testing::PgCluster::Shared().CreateDatabase();
    common::pg::Pool pool({.dsn = dsn_, .max_connections = 1,
                           .on_connect = store::PrepareStatements});
    store::PgTokenStore tokens(pool);
    token_ = NewTokenText(SecureRandomBytes);
    ASSERT_TRUE(tokens.Create({.digest = DigestOf(token_), .submitter = "burst",
                               .scopes = Scopes{Scope::kSubmit}}));
    port_ = ServiceProcess::FreeLoopbackPort();
    log_ = std::filesystem::temp_directory_path() /
           ("ncirt-intake-crash-" + std::to_string(::getpid()) + ".log");
    std::filesystem::remove(log_);
    service_ = std::make_unique<ServiceProcess>(ncirt::testing::ServiceProcessOptions{
        .binary = NCIRT_INTAKE_BINARY,
        .args = {},
        .environment = {{"NCIRT_DATABASE_URL", dsn_},
                        {"NCIRT_INTAKE_LISTEN", "127.0.0.1:" + std::to_string(port_)},
                        {"NCIRT_INTAKE_TLS_CERT", cert_.certificate.string()},
                        {"NCIRT_INTAKE_TLS_KEY", cert_.private_key.string()},
                        {"NCIRT_INTAKE_WORKER_THREADS", "8"},
                        {"NCIRT_INTAKE_DB_POOL_SIZE", "8"},
                        {"NCIRT_LOG_LEVEL", "info"}},
        .log_file = log_});
  }

  void TearDown() override {
    service_.reset();
    if (!HasFailure()) std::filesystem::remove(log_);
  }

  void StartService() {
    service_->Start();
    ASSERT_TRUE(service_->WaitReady(pki_.CaFile(), port_, std::chrono::seconds(30)))
        << service_->Log();
  }

  long long Count(const std::string& sql) {
    pqxx::connection connection(dsn_);
    pqxx::nontransaction work(connection);
    return work.exec1(sql)[0].as<long long>();
  }

  // One client thread: submits its documents in order, each until acknowledged.
  void RunClient(int client_index) {
    HttpsClient client(pki_.CaFile().string(), port_);
    client.SetTimeout(std::chrono::seconds(10));
    for (int i = 0; i < kDocumentsPerClient; ++i) {
      const std::string iodef_id = "CRASH-" + std::to_string(client_index) + "-" +
                                   std::to_string(i);
      const std::string key = NewUuidV4(SecureRandomBytes);
      const std::string body = DdosReport(iodef_id);
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (std::chrono::steady_clock::now() < deadline) {
        const auto reply = client.Request(
            boost::beast::http::verb::post, "/v1/incidents", body, "application/xml",
            {{"Authorization", "Bearer " + token_}, {"Idempotency-Key", key}});
        if (reply.status == 201 || reply.status == 200) {
          const auto json = nlohmann::json::parse(reply.body);
          std::lock_guard lock(mutex_);
          acks_[iodef_id] = Ack{json["incidents"][0]["id"], reply.status,
                                json["replayed"].get<bool>()};
          ++acknowledged_;
          break;
        }
        // Not acknowledged: the connection broke (the kill), the service is down or not yet
        // ready (503), or it sheds load (429). Nothing may be assumed stored; try again.
        EXPECT_TRUE(reply.status == 0 || reply.status == 503 || reply.status == 429)
            << reply.status << " " << reply.body;
        ++retries_;
        client.Close();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  }

  std::string dsn_;
  std::string token_;
  unsigned short port_ = 0;
  ncirt::testing::Pki pki_;
  ncirt::testing::CertFiles cert_ = pki_.Issue("localhost");
  std::filesystem::path log_;
  std::unique_ptr<ServiceProcess> service_;

  std::mutex mutex_;
  std::map<std::string, Ack> acks_;  // GUARDED_BY(mutex_), by IODEF IncidentID
  std::atomic<int> acknowledged_{0};
  std::atomic<int> retries_{0};
};

TEST_F(CrashTest, KilledMidBurstLosesNoAcknowledgedIncidentAndStoresNoneTwice) {
  StartService();
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) clients.emplace_back([this, c] { RunClient(c); });

  // Kill while the burst is in full flow: about a third acknowledged, requests in flight.
  constexpr int kTotal = kClients * kDocumentsPerClient;
  const auto wait_until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (acknowledged_ < kTotal / 3 && std::chrono::steady_clock::now() < wait_until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const int acknowledged_before_kill = acknowledged_;
  service_->Kill();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  StartService();
  for (auto& t : clients) t.join();

  ASSERT_GT(acknowledged_before_kill, 0);
  ASSERT_LT(acknowledged_before_kill, kTotal) << "the kill must land mid-burst";
  EXPECT_GT(retries_.load(), 0) << "the kill should have broken at least one request";
  ASSERT_EQ(static_cast<int>(acks_.size()), kTotal) << "every document acknowledged in the end";

  // Every acknowledged incident is in the database, under the id that was answered.
  pqxx::connection connection(dsn_);
  pqxx::nontransaction work(connection);
  for (const auto& [iodef_id, ack] : acks_) {
    const pqxx::result rows = work.exec_params(
        "SELECT id::text, version FROM intake.incidents WHERE iodef_name = 'csirt.example.com' "
        "AND btrim(iodef_id, E' \\t\\r\\n') = $1",
        iodef_id);
    ASSERT_EQ(rows.size(), 1u) << iodef_id;
    EXPECT_EQ(rows[0][0].as<std::string>(), ack.incident_id) << iodef_id;
    EXPECT_EQ(rows[0][1].as<int>(), 1) << iodef_id << " was applied more than once";
  }
  // And nothing was stored twice: one incident, one document, one triage row per submission.
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), kTotal);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.documents"), kTotal);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.triage_outbox"), kTotal);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incident_history"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.idempotency_keys"), kTotal);

  // Graceful stop after the recovery: SIGTERM ends it with status 0.
  EXPECT_EQ(service_->Terminate(std::chrono::seconds(20)), 0) << service_->Log();
  EXPECT_NE(service_->Log().find("\"intake_stopped\""), std::string::npos);
  int replayed = 0;
  for (const auto& [iodef_id, ack] : acks_) replayed += ack.replayed;
  std::printf("crash test: %d of %d acknowledged before the kill, %d failed attempts retried, %d "
              "answers replayed from an Idempotency-Key (committed before the kill, answer "
              "lost)\n",
              acknowledged_before_kill, kTotal, retries_.load(), replayed);
}

TEST_F(CrashTest, StartupRefusesAnUnknownVariableNamingIt) {
  ncirt::testing::ServiceProcess bad({.binary = NCIRT_INTAKE_BINARY,
                                      .args = {},
                                      .environment = {{"NCIRT_DATABASE_URL", dsn_},
                                                      {"NCIRT_INTAKE_LISTN", "127.0.0.1:1"}},
                                      .log_file = log_});
  bad.Start();
  EXPECT_EQ(bad.Wait(std::chrono::seconds(20)), 1);
  EXPECT_NE(bad.Log().find("NCIRT_INTAKE_LISTN"), std::string::npos) << bad.Log();
}

}  // namespace
}  // namespace ncirt::intake::testing
