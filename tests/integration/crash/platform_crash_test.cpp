// "Acknowledged means durable", for two whole CIRTs: CERT-A and CERT-B each run ncirt-intake,
// ncirt-triage and ncirt-exchange as child processes (tests/support/platform.hpp), both on a
// PostgreSQL cluster of this test's own. Sensors submit reports to A, an analyst claims at A,
// and A's analyst shares incidents with B, while a chaos thread SIGKILLs A's intake and triage
// (twice each), A's and B's exchange, and PostgreSQL itself, at random instants, and starts
// each again. Then:
//   - every report A's intake acknowledged is stored exactly once, and nothing else is;
//   - every row of intake's outbox to triage is delivered, each incident in the queue once;
//   - every claim triage acknowledged is still the analyst's;
//   - right after recovery, every share A acknowledged is delivered (B holds it, exactly once)
//     or pending in A's outbox, and nothing is refused;
//   - after a drain, every outbox row is delivered and B holds each shared incident exactly
//     once (and nothing else), also in its own triage queue;
//   - the audit chain of both platforms verifies;
//   - no password or token appears in any service's log.
// The seed of the random instants is printed; NCIRT_CRASH_SEED replays one.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>

#include "intake/uuid.hpp"
#include "support/https_client.hpp"
#include "support/pg_cluster.hpp"
#include "support/pki.hpp"
#include "support/platform.hpp"

namespace ncirt::crash {
namespace {

using namespace std::chrono_literals;
using boost::beast::http::verb;
using nlohmann::json;
using ncirt::testing::HttpsClient;
using ncirt::testing::Platform;
using ncirt::testing::Service;

constexpr int kSubmitters = 4;
constexpr int kMinimumPerSubmitter = 15;
constexpr std::size_t kMinimumShares = 20;

struct Victim {
  const char* name;
  Platform* platform;  // null: PostgreSQL
  Service service;
};

class PlatformCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = std::make_unique<Platform>(testing::PlatformOptions{
        .exchange = true, .name = "CERT-A", .host = "cert-a.example", .pki = &pki_,
        .cluster = &cluster_});
    b_ = std::make_unique<Platform>(testing::PlatformOptions{
        .exchange = true, .name = "CERT-B", .host = "cert-b.example", .pki = &pki_,
        .cluster = &cluster_});
    a_->StartAll();
    b_->StartAll();
    a_->RegisterPartner(*b_, {"GREEN"}, false);
    b_->RegisterPartner(*a_, {"GREEN"}, false);
    intake_token_ = a_->IntakeToken("sensor", {intake::Scope::kSubmit}, iodef::Policy::kStrict,
                                    v1::TLP_GREEN);
    triage_token_ = a_->AdminToken();
  }

  void TearDown() override {
    if (!HasFailure()) return;
    // The platforms' folders go with the PKI: keep a copy of the logs for the post-mortem.
    const auto kept = std::filesystem::temp_directory_path() /
                      ("ncirt-crash-logs-" + std::to_string(::getpid()));
    std::filesystem::copy(pki_.Dir(), kept, std::filesystem::copy_options::recursive);
    std::printf("service logs kept in %s\n", kept.c_str());
  }

  // SIGKILL the postmaster (its backends follow), wait until it is gone, start it again on the
  // same port (deploy/local/pg.sh keeps it), then wait until all six services report ready.
  void CrashPostgres() {
    std::ifstream pid_file(cluster_.dir() / "data" / "postmaster.pid");
    pid_t pid = 0;
    pid_file >> pid;
    ASSERT_GT(pid, 0);
    ::kill(pid, SIGKILL);
    for (int i = 0; i < 200 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(50ms);
    const std::string start = "'" NCIRT_SOURCE_DIR "/deploy/local/pg.sh' start '" +
                              cluster_.dir().string() + "' >/dev/null 2>&1";
    bool started = false;
    for (int attempt = 0; attempt < 5 && !started; ++attempt) {
      started = std::system(start.c_str()) == 0;
      if (!started) std::this_thread::sleep_for(500ms);
    }
    ASSERT_TRUE(started) << "PostgreSQL did not start again after SIGKILL";
    for (Platform* p : {a_.get(), b_.get()}) {
      for (Service s : {Service::kIntake, Service::kTriage, Service::kExchange}) {
        EXPECT_TRUE(p->WaitReady(s, 60s))
            << p->name() << "'s " << testing::ServiceName(s)
            << " did not reconnect after PostgreSQL's restart\n" << p->process(s).Log();
      }
    }
  }

  // One sensor: submits distinct reports, each until acknowledged, until the chaos is over and
  // it has sent at least its minimum.
  void Submit(int sensor) {
    HttpsClient client(pki_.CaFile().string(), a_->intake_port());
    client.SetTimeout(10s);
    for (int i = 0; !chaos_over_ || i < kMinimumPerSubmitter; ++i) {
      const std::string iodef_id = "CRASH-" + std::to_string(sensor) + "-" + std::to_string(i);
      const std::string key = intake::NewUuidV4(intake::SecureRandomBytes);
      const std::string body = testing::IncidentDocument("cert-a.example", {iodef_id});
      const auto deadline = std::chrono::steady_clock::now() + 120s;
      while (std::chrono::steady_clock::now() < deadline) {
        const auto reply = client.Request(
            verb::post, "/v1/incidents", body, "application/xml",
            {{"Authorization", "Bearer " + intake_token_}, {"Idempotency-Key", key}});
        if (reply.status == 201 || reply.status == 200) {
          const auto id = json::parse(reply.body)["incidents"][0]["id"].get<std::string>();
          std::lock_guard lock(mutex_);
          acknowledged_[iodef_id] = id;
          to_share_.push_back(id);
          break;
        }
        // Not acknowledged (connection cut by a kill, 503 while the database is away, 429):
        // nothing may be assumed stored; retry with the same key.
        EXPECT_TRUE(reply.status == 0 || reply.status == 503 || reply.status == 429)
            << reply.status << " " << reply.body;
        client.Close();
        std::this_thread::sleep_for(50ms);
      }
    }
  }

  // The analyst: claims the next incident again and again until told to stop.
  void Claim() {
    HttpsClient client(pki_.CaFile().string(), a_->triage_port());
    client.SetTimeout(10s);
    while (!claims_over_) {
      const auto reply = client.Request(verb::post, "/v1/queue/claim", "", "",
                                        {{"Authorization", "Bearer " + triage_token_}});
      if (reply.status == 200) {
        std::lock_guard lock(mutex_);
        claimed_.insert(json::parse(reply.body).value("incident_id", ""));
        continue;
      }
      EXPECT_TRUE(reply.status == 0 || reply.status == 204 || reply.status == 503 ||
                  reply.status == 429)
          << reply.status << " " << reply.body;
      if (reply.status != 204) client.Close();
      std::this_thread::sleep_for(100ms);
    }
  }

  // The sharing analyst: shares acknowledged incidents with CERT-B, each until triage
  // acknowledges the share, until told to stop.
  void ShareWithB() {
    HttpsClient client(pki_.CaFile().string(), a_->triage_port());
    client.SetTimeout(10s);
    while (!shares_over_) {
      std::string id;
      {
        std::lock_guard lock(mutex_);
        if (!to_share_.empty()) {
          id = to_share_.front();
          to_share_.pop_front();
        }
      }
      if (id.empty()) {
        std::this_thread::sleep_for(50ms);
        continue;
      }
      const auto reply = client.Request(verb::post, "/v1/incidents/" + id + "/share",
                                        json{{"partners", {"CERT-B"}}}.dump(), "application/json",
                                        {{"Authorization", "Bearer " + triage_token_}});
      if (reply.status == 200) {
        EXPECT_EQ(json::parse(reply.body).value("queued", 0), 1) << reply.body;
        std::lock_guard lock(mutex_);
        shared_.insert(id);
        continue;
      }
      // Not acknowledged: nothing may be assumed queued; share it again later.
      EXPECT_TRUE(reply.status == 0 || reply.status == 404 || reply.status == 503 ||
                  reply.status == 429)
          << reply.status << " " << reply.body;
      if (reply.status != 404) client.Close();
      {
        std::lock_guard lock(mutex_);
        to_share_.push_back(id);
      }
      std::this_thread::sleep_for(100ms);
    }
  }

  // The two text columns of each row of `sql` in `platform`'s database.
  static std::vector<std::pair<std::string, std::string>> Rows(const Platform& platform,
                                                               const std::string& sql) {
    pqxx::connection connection(platform.dsn());
    pqxx::nontransaction work(connection);
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& row : work.exec(sql)) rows.emplace_back(row[0].c_str(), row[1].c_str());
    return rows;
  }

  void ExpectSharesDeliveredOrPending(bool drained);
  void ExpectAuditIntact(Platform& platform);

  ncirt::testing::PgCluster cluster_;  // this test's own: it is killed
  ncirt::testing::Pki pki_;
  std::unique_ptr<Platform> a_, b_;
  std::string intake_token_, triage_token_;

  std::atomic<bool> chaos_over_{false}, claims_over_{false}, shares_over_{false};
  std::mutex mutex_;
  std::map<std::string, std::string> acknowledged_;  // GUARDED_BY(mutex_): IODEF id -> ncirt id
  std::set<std::string> claimed_;                      // GUARDED_BY(mutex_)
  std::deque<std::string> to_share_;                   // GUARDED_BY(mutex_)
  std::set<std::string> shared_;                       // GUARDED_BY(mutex_): share acknowledged
};

// Every outbox row of A is delivered (then B holds that share) or pending; every acknowledged
// share has a row; B holds each incident it received exactly once (to the incident, once
// `drained`). A is read before B: a row A marked delivered was committed at B before A's mark,
// so B's later read must see it.
void PlatformCrashTest::ExpectSharesDeliveredOrPending(bool drained) {
  SCOPED_TRACE(drained ? "after the drain" : "right after recovery");
  const auto outbox = Rows(*a_, "SELECT o.share_id, o.state || ' ' || o.incident_id::text "
                                "FROM exchange.outbox o");
  const auto received =
      Rows(*b_, "SELECT share_id, origin_incident_id FROM exchange.received_shares");
  std::set<std::string> at_b, origins_at_b;
  for (const auto& [share_id, origin] : received) {
    at_b.insert(share_id);
    origins_at_b.insert(origin);
  }
  std::set<std::string> in_outbox;
  for (const auto& [share_id, state_and_incident] : outbox) {
    const std::string state = state_and_incident.substr(0, state_and_incident.find(' '));
    in_outbox.insert(state_and_incident.substr(state.size() + 1));
    EXPECT_TRUE(state == "pending" || state == "delivered") << share_id << " is " << state;
    if (state == "delivered") {
      EXPECT_TRUE(at_b.contains(share_id)) << share_id;
    }
  }
  std::lock_guard lock(mutex_);
  for (const std::string& id : shared_) EXPECT_TRUE(in_outbox.contains(id)) << id;
  for (const std::string& origin : origins_at_b) EXPECT_TRUE(in_outbox.contains(origin)) << origin;
  // Exactly once at B: one receiver incident per origin, and no other incident. While B's
  // exchange is receiving, an incident is committed a moment before its share is recorded (two
  // transactions, see exchange/receiver.hpp), so only a drained B must match exactly.
  EXPECT_EQ(b_->Count("SELECT count(*) FROM (SELECT origin_incident_id FROM "
                      "exchange.received_shares GROUP BY origin_incident_id "
                      "HAVING count(DISTINCT receiver_incident_id) > 1) more"), 0);
  const long long incidents_at_b = b_->Count("SELECT count(*) FROM intake.incidents");
  EXPECT_GE(incidents_at_b, static_cast<long long>(origins_at_b.size()));
  if (drained) {
    EXPECT_EQ(incidents_at_b, static_cast<long long>(origins_at_b.size()));
  }
}

void PlatformCrashTest::ExpectAuditIntact(Platform& platform) {
  const auto verified = platform.Triage(verb::get, "/v1/audit/verify");
  ASSERT_EQ(verified.status, 200) << platform.name() << ": " << verified.body;
  EXPECT_TRUE(json::parse(verified.body).value("intact", false)) << verified.body;
  EXPECT_GT(json::parse(verified.body).value("rows", 0), 0) << verified.body;
}

TEST_F(PlatformCrashTest, KillingAnyPartMidWorkloadLosesAndDuplicatesNothingAcknowledged) {
  ASSERT_FALSE(triage_token_.empty());
  const char* seed_text = std::getenv("NCIRT_CRASH_SEED");
  const unsigned seed = seed_text ? static_cast<unsigned>(std::strtoul(seed_text, nullptr, 10))
                                  : std::random_device{}();
  std::printf("crash harness seed %u (replay: NCIRT_CRASH_SEED=%u)\n", seed, seed);
  RecordProperty("seed", std::to_string(seed));
  std::mt19937 random(seed);

  std::vector<std::thread> workload;
  for (int s = 0; s < kSubmitters; ++s) workload.emplace_back([this, s] { Submit(s); });
  std::thread analyst([this] { Claim(); });
  std::thread sharer([this] { ShareWithB(); });

  // Each part at least once, A's intake and triage twice, in a random order at random instants.
  std::vector<Victim> victims = {{"A's intake", a_.get(), Service::kIntake},
                                 {"A's intake", a_.get(), Service::kIntake},
                                 {"A's triage", a_.get(), Service::kTriage},
                                 {"A's triage", a_.get(), Service::kTriage},
                                 {"A's exchange", a_.get(), Service::kExchange},
                                 {"B's exchange", b_.get(), Service::kExchange},
                                 {"PostgreSQL", nullptr, Service::kIntake}};
  std::shuffle(victims.begin(), victims.end(), random);
  std::uniform_int_distribution<int> pause_ms(200, 900), down_ms(0, 300);
  const auto chaos_start = std::chrono::steady_clock::now();
  const auto elapsed_ms = [&] {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - chaos_start).count());
  };
  for (const Victim& victim : victims) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
    SCOPED_TRACE(std::string("killing ") + victim.name);
    const long killed_at = elapsed_ms();
    if (victim.platform == nullptr) {
      CrashPostgres();
    } else {
      victim.platform->Kill(victim.service);
      std::this_thread::sleep_for(std::chrono::milliseconds(down_ms(random)));
      victim.platform->Start(victim.service);
    }
    std::printf("killed %s at %ld ms, serving again after %ld ms\n", victim.name, killed_at,
                elapsed_ms() - killed_at);
  }
  chaos_over_ = true;
  for (auto& t : workload) t.join();
  // Enough shares acknowledged to mean something, then no new ones.
  EXPECT_TRUE(Platform::WaitFor(
      [&] {
        std::lock_guard lock(mutex_);
        return shared_.size() >= kMinimumShares;
      },
      30s));
  shares_over_ = true;
  sharer.join();
  ExpectSharesDeliveredOrPending(false);

  // Let triage take in everything intake acknowledged, then stop claiming.
  Platform::WaitFor(
      [&] {
        return a_->Count("SELECT count(*) FROM intake.triage_outbox WHERE delivered_at IS NULL") ==
               0;
      },
      60s);
  claims_over_ = true;
  analyst.join();
  // Claims change shared incidents, so new versions follow them to B: drain those too.
  EXPECT_TRUE(Platform::WaitFor(
      [&] {
        return a_->Count("SELECT count(*) FROM exchange.changed_incidents") == 0 &&
               a_->Count("SELECT count(*) FROM exchange.outbox WHERE state <> 'delivered'") == 0 &&
               b_->Count("SELECT count(*) FROM intake.triage_outbox "
                         "WHERE delivered_at IS NULL") == 0;
      },
      60s))
      << "A's outbox or B's intake did not drain";
  ExpectSharesDeliveredOrPending(true);

  std::lock_guard lock(mutex_);
  ASSERT_GE(acknowledged_.size(), static_cast<std::size_t>(kSubmitters * kMinimumPerSubmitter));
  // A: exactly once, with the id intake answered, and nothing else.
  std::map<std::string, std::vector<std::string>> stored;  // IODEF id -> ncirt ids
  for (const auto& [iodef_id, id] : Rows(*a_, "SELECT iodef_id, id::text FROM intake.incidents")) {
    stored[iodef_id].push_back(id);
  }
  for (const auto& [iodef_id, id] : acknowledged_) {
    EXPECT_EQ(stored[iodef_id], std::vector<std::string>{id}) << iodef_id;
  }
  EXPECT_EQ(a_->Count("SELECT count(*) FROM intake.incidents"),
            static_cast<long long>(acknowledged_.size()))
      << "an unacknowledged or duplicate incident was stored";
  // A's intake outbox: nothing left pending, and each incident reached triage once.
  EXPECT_EQ(a_->Count("SELECT count(*) FROM intake.triage_outbox WHERE delivered_at IS NULL"), 0);
  EXPECT_EQ(a_->Count("SELECT count(*) FROM intake.incidents i LEFT JOIN triage.incidents t "
                      "ON t.incident_id = i.id WHERE t.incident_id IS NULL"), 0);
  EXPECT_EQ(a_->Count("SELECT count(*) FROM triage.incidents"),
            static_cast<long long>(acknowledged_.size()));
  // Every acknowledged claim is still the analyst's.
  EXPECT_FALSE(claimed_.empty());
  std::set<std::string> assigned;
  for (const auto& row :
       Rows(*a_, "SELECT incident_id::text, '' FROM triage.incidents WHERE assignee = 'admin'")) {
    assigned.insert(row.first);
  }
  for (const auto& id : claimed_) EXPECT_TRUE(assigned.contains(id)) << id;
  // B: every acknowledged share delivered exactly once, and in B's triage queue once.
  std::map<std::string, std::string> incidents_at_b;  // origin -> receiver incidents at B
  for (const auto& [origin, n] :
       Rows(*b_, "SELECT r.origin_incident_id, count(DISTINCT r.receiver_incident_id)::text "
                 "FROM exchange.received_shares r JOIN intake.incidents i "
                 "ON i.id::text = r.receiver_incident_id GROUP BY r.origin_incident_id")) {
    incidents_at_b[origin] = n;
  }
  for (const std::string& id : shared_) EXPECT_EQ(incidents_at_b[id], "1") << id;
  EXPECT_EQ(b_->Count("SELECT count(*) FROM triage.incidents"),
            b_->Count("SELECT count(*) FROM intake.incidents"));
  ExpectAuditIntact(*a_);
  ExpectAuditIntact(*b_);
  // No secret reached a log, not even on the error paths the kills provoked.
  const std::string dsn = a_->dsn();
  const std::string db_password =
      dsn.substr(dsn.find(':', 13) + 1, dsn.find('@') - dsn.find(':', 13) - 1);
  for (Platform* p : {a_.get(), b_.get()}) {
    const std::string logs = p->Logs();
    for (const std::string& secret : {db_password, intake_token_, triage_token_,
                                      a_->admin_password(), b_->admin_password()}) {
      ASSERT_GE(secret.size(), 8u);
      EXPECT_EQ(logs.find(secret), std::string::npos)
          << "a secret is in " << p->name() << "'s logs";
    }
  }
  std::printf("acknowledged %zu reports, %zu claims and %zu shares across %zu kills\n",
              acknowledged_.size(), claimed_.size(), shared_.size(), victims.size());
}

}  // namespace
}  // namespace ncirt::crash
