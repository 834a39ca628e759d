// Load shedding at intake's door (issue 9): the real ncirt-intake binary, small limits so a
// flood is cheap to make, hostile clients from 127.0.0.2 and beyond, and a well-behaved client
// from 127.0.0.1 that must keep being served. Each test runs for a few seconds.
//
// What a CIRT would notice: its sensors' reports still go in while someone trickles headers,
// sends huge bodies or opens hundreds of connections; the attacker gets 413/429 or a closed
// connection; the service neither dies nor grows without bound.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "common/pg/pool.hpp"
#include "flood_client.hpp"
#include "intake/store/pg_token_store.hpp"
#include "intake/store/prepare.hpp"
#include "intake/token.hpp"
#include "intake/uuid.hpp"
#include "intake_fixture.hpp"
#include "support/https_client.hpp"
#include "support/pg_cluster.hpp"
#include "support/pki.hpp"
#include "support/service_process.hpp"

namespace ncirt::hardening {
namespace {

using namespace std::chrono_literals;
using ncirt::testing::HttpsClient;
using ncirt::testing::ServiceProcess;

constexpr int kPerAddress = 8;
constexpr int kMaxDocumentBytes = 65536;

// The well-behaved client: a new connection and GET /healthz every 50 ms from 127.0.0.1,
// recording what it got and the slowest answer.
class Probe {
 public:
  Probe(std::string ca, std::uint16_t port) : ca_(std::move(ca)), port_(port) {
    thread_ = std::thread([this] { Run(); });
  }
  ~Probe() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int ok() const { return ok_; }
  int shed() const { return shed_; }
  int failed() const { return failed_; }
  std::chrono::milliseconds slowest() const { return std::chrono::milliseconds(slowest_ms_); }
  std::string last_failure() const { return last_failure_; }

 private:
  void Run() {
    while (!stop_) {
      HttpsClient client(ca_, port_);
      client.SetTimeout(5s);
      const auto start = std::chrono::steady_clock::now();
      const auto reply = client.Get("/healthz");
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
      slowest_ms_ = std::max<long>(slowest_ms_, took.count());
      if (reply.status == 200) {
        ++ok_;
      } else if (reply.status == 429 || reply.status == 503) {
        ++shed_;
      } else {
        ++failed_;
        last_failure_ = std::to_string(reply.status) + " " + reply.transport_error;
      }
      std::this_thread::sleep_for(50ms);
    }
  }
  std::string ca_;
  std::uint16_t port_;
  std::atomic<bool> stop_{false};
  std::atomic<int> ok_{0}, shed_{0}, failed_{0};
  std::atomic<long> slowest_ms_{0};
  std::string last_failure_;  // written by the probe thread, read after Stop()
  std::thread thread_;
};

class IntakeFloodTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dsn_ = ncirt::testing::PgCluster::Shared().CreateDatabase();
    common::pg::Pool pool({.dsn = dsn_, .max_connections = 1,
                           .on_connect = intake::store::PrepareStatements});
    intake::store::PgTokenStore tokens(pool);
    token_ = intake::NewTokenText(intake::SecureRandomBytes);
    ASSERT_TRUE(tokens.Create({.digest = intake::DigestOf(token_), .submitter = "sensor",
                               .scopes = intake::Scopes{intake::Scope::kSubmit}}));
    port_ = ServiceProcess::FreeLoopbackPort();
    log_ = std::filesystem::temp_directory_path() /
           ("ncirt-intake-flood-" + std::to_string(::getpid()) + ".log");
    std::filesystem::remove(log_);
    service_ = std::make_unique<ServiceProcess>(ncirt::testing::ServiceProcessOptions{
        .binary = NCIRT_INTAKE_BINARY,
        .args = {},
        .environment = {{"NCIRT_DATABASE_URL", dsn_},
                        {"NCIRT_INTAKE_LISTEN", "127.0.0.1:" + std::to_string(port_)},
                        {"NCIRT_INTAKE_TLS_CERT", cert_.certificate.string()},
                        {"NCIRT_INTAKE_TLS_KEY", cert_.private_key.string()},
                        {"NCIRT_INTAKE_MAX_CONNECTIONS", "128"},
                        {"NCIRT_INTAKE_MAX_CONNECTIONS_PER_ADDRESS",
                         std::to_string(kPerAddress)},
                        {"NCIRT_INTAKE_MAX_IN_FLIGHT", "4"},
                        {"NCIRT_INTAKE_READ_TIMEOUT", "1s"},
                        {"NCIRT_INTAKE_IDLE_TIMEOUT", "2s"},
                        {"NCIRT_INTAKE_MAX_DOCUMENT_BYTES", std::to_string(kMaxDocumentBytes)},
                        {"NCIRT_INTAKE_WORKER_THREADS", "4"},
                        {"NCIRT_INTAKE_DB_POOL_SIZE", "4"},
                        {"NCIRT_LOG_LEVEL", "warn"}},
        .log_file = log_});
    service_->Start();
    ASSERT_TRUE(service_->WaitReady(pki_.CaFile(), port_, 30s)) << service_->Log();
  }

  void TearDown() override {
    // Still alive after the flood, and it stops gracefully (exit 0: no crash, no sanitizer
    // report at exit).
    EXPECT_TRUE(service_->Running()) << service_->Log();
    EXPECT_EQ(service_->Terminate(15s), 0) << service_->Log();
    if (!HasFailure()) std::filesystem::remove(log_);
  }

  std::string Ca() const { return pki_.CaFile().string(); }

  // A valid report from the well-behaved client: acknowledged (201) despite the flood.
  void ExpectAReportStillGoesIn(const std::string& id) {
    HttpsClient client(Ca(), port_);
    client.SetTimeout(10s);
    ncirt::testing::HttpReply reply;
    for (int attempt = 0; attempt < 20; ++attempt) {
      reply = client.Request(boost::beast::http::verb::post, "/v1/incidents",
                             intake::testing::DdosReport(id), "application/xml",
                             {{"Authorization", "Bearer " + token_}});
      if (reply.status != 429) break;
      std::this_thread::sleep_for(100ms);  // shed: retry as Retry-After asks, sooner
    }
    EXPECT_EQ(reply.status, 201) << reply.body << reply.transport_error;
  }

  void ExpectProbeServedThroughout(Probe& probe) {
    // A flood that is over quickly (the 413s are answered from the header alone) leaves the
    // probe time for a request or two: let it reach three answers, bounded, so "served" is
    // judged on more than one request whatever the machine's speed.
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (probe.ok() + probe.failed() < 3 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    probe.Stop();
    EXPECT_GE(probe.ok(), 3);
    EXPECT_EQ(probe.failed(), 0) << probe.last_failure();
    EXPECT_LT(probe.slowest(), 2000ms);
  }

  std::string dsn_;
  std::string token_;
  std::uint16_t port_ = 0;
  ncirt::testing::Pki pki_;
  ncirt::testing::CertFiles cert_ = pki_.Issue("localhost");
  std::filesystem::path log_;
  std::unique_ptr<ServiceProcess> service_;
};

TEST_F(IntakeFloodTest, SlowlorisFromOnePeerIsCutOffWithinTheReadTimeoutWhileOthersAreServed) {
  Probe probe(Ca(), port_);
  // Three times the per-address limit: some are refused at once, the rest trickle headers.
  std::vector<std::unique_ptr<FloodConnection>> slow;
  for (int i = 0; i < 3 * kPerAddress; ++i) {
    slow.push_back(std::make_unique<FloodConnection>("127.0.0.2", port_, Ca(), true, 2s));
  }
  int admitted = 0;
  for (auto& c : slow) {
    if (c->handshaken() && c->Send("POST /v1/incidents HTTP/1.1\r\nHost: localhost\r\n")) {
      ++admitted;
    }
  }
  EXPECT_GE(admitted, 1);
  EXPECT_LE(admitted, kPerAddress);
  // Trickle a header line every 100 ms; the server must cut each within its 1 s read timeout
  // (plus scheduling slack), not after the attacker gives up.
  const auto start = std::chrono::steady_clock::now();
  int open = admitted;
  while (open > 0 && std::chrono::steady_clock::now() - start < 4s) {
    open = 0;
    for (auto& c : slow) {
      if (!c->handshaken() || c->closed()) continue;
      if (c->Send("X-Slow: 1\r\n")) c->Receive(1ms);
      if (!c->closed()) ++open;
    }
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(open, 0) << "slow connections still open after "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start).count() << " ms";
  ExpectProbeServedThroughout(probe);
  ExpectAReportStillGoesIn("FLOOD-SLOWLORIS");
}

TEST_F(IntakeFloodTest, SilentConnectionsThatNeverStartTlsAreDroppedWithinTheReadTimeout) {
  Probe probe(Ca(), port_);
  std::vector<std::unique_ptr<FloodConnection>> silent;
  for (int i = 0; i < kPerAddress; ++i) {
    silent.push_back(std::make_unique<FloodConnection>("127.0.0.3", port_, Ca(), false, 2s));
    ASSERT_TRUE(silent.back()->connected());
  }
  // A fresh TLS connection from the same peer is refused while all its slots are held.
  FloodConnection one_more("127.0.0.3", port_, Ca(), true, 2s);
  EXPECT_FALSE(one_more.handshaken());
  for (auto& c : silent) {
    EXPECT_TRUE(c->WaitClosedByServer(3s)) << "a silent connection held a slot beyond 3 s";
  }
  // The slots are free again: the same peer may connect once it behaves.
  FloodConnection again("127.0.0.3", port_, Ca(), true, 2s);
  EXPECT_TRUE(again.handshaken());
  ExpectProbeServedThroughout(probe);
}

TEST_F(IntakeFloodTest, OversizedBodiesAreAnswered413WithoutBeingReadAndOthersAreServed) {
  Probe probe(Ca(), port_);
  const long rss_before = ResidentKib(service_->pid());
  std::atomic<int> refused_413{0}, other{0};
  std::vector<std::thread> attackers;
  for (int t = 0; t < 4; ++t) {
    attackers.emplace_back([&, t] {
      const std::string source = "127.0.0." + std::to_string(10 + t);
      for (int round = 0; round < 10; ++round) {
        FloodConnection c(source, port_, Ca(), true, 2s);
        if (!c.handshaken()) {
          ++other;
          continue;
        }
        // Declares a gigabyte, sends a little: the limit is judged on the header.
        c.Send("POST /v1/incidents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
               token_ + "\r\nContent-Type: application/xml\r\n"
               "Content-Length: 1073741824\r\n\r\n" + std::string(4096, '<'));
        std::string reply;
        for (int i = 0; i < 20 && StatusOf(reply) == 0 && !c.closed(); ++i) {
          reply += c.Receive(100ms);
        }
        (StatusOf(reply) == 413 ? refused_413 : other)++;
      }
    });
  }
  // A body over the document limit but within what is read: answered 413 by intake itself.
  HttpsClient big(Ca(), port_);
  const auto reply = big.Request(boost::beast::http::verb::post, "/v1/incidents",
                                 std::string(kMaxDocumentBytes + 1024, ' ') + "<x/>",
                                 "application/xml", {{"Authorization", "Bearer " + token_}});
  EXPECT_EQ(reply.status, 413) << reply.body;
  for (auto& t : attackers) t.join();
  EXPECT_EQ(refused_413, 40);
  EXPECT_EQ(other, 0);
  ExpectProbeServedThroughout(probe);
  ExpectAReportStillGoesIn("FLOOD-OVERSIZED");
  // Nothing of the declared gigabytes was buffered.
  EXPECT_LT(ResidentKib(service_->pid()) - rss_before, 64 * 1024);
}

TEST_F(IntakeFloodTest, HundredsOfConnectionsFromOnePeerAreRefusedAtOnceBeyondItsShare) {
  Probe probe(Ca(), port_);
  std::vector<std::unique_ptr<FloodConnection>> flood;
  for (int i = 0; i < 200; ++i) {
    flood.push_back(std::make_unique<FloodConnection>("127.0.0.4", port_, Ca(), false, 2s));
  }
  // Refused connections are closed before any TLS work, so they see EOF almost at once.
  int closed_at_once = 0;
  for (auto& c : flood) closed_at_once += c->WaitClosedByServer(20ms);
  EXPECT_GE(closed_at_once, 200 - kPerAddress);
  ExpectProbeServedThroughout(probe);
  ExpectAReportStillGoesIn("FLOOD-CONNECTIONS");
}

TEST_F(IntakeFloodTest, SubmissionsBeyondTheInFlightLimitAreShed429WithRetryAfter) {
  std::atomic<int> acknowledged{0}, shed{0}, shed_without_retry_after{0}, other{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> senders;
  // As many kept-alive connections as one address may hold, twice the in-flight limit.
  for (int t = 0; t < kPerAddress; ++t) {
    senders.emplace_back([&, t] {
      HttpsClient client(Ca(), port_);
      client.SetTimeout(10s);
      for (int i = 0; !stop; ++i) {
        const auto reply = client.Request(
            boost::beast::http::verb::post, "/v1/incidents",
            intake::testing::DdosReport("SHED-" + std::to_string(t) + "-" + std::to_string(i)),
            "application/xml", {{"Authorization", "Bearer " + token_}});
        if (reply.status == 201) {
          ++acknowledged;
        } else if (reply.status == 429) {
          ++shed;
          if (reply.headers["Retry-After"].empty()) ++shed_without_retry_after;
        } else {
          ++other;
        }
      }
    });
  }
  std::this_thread::sleep_for(3s);
  stop = true;
  for (auto& t : senders) t.join();
  EXPECT_GT(acknowledged, 0);
  EXPECT_GT(shed, 0) << "8 concurrent senders never exceeded 4 requests in flight";
  EXPECT_EQ(shed_without_retry_after, 0);
  EXPECT_EQ(other, 0);
  ExpectAReportStillGoesIn("FLOOD-SHED");
}

}  // namespace
}  // namespace ncirt::hardening
