// bench_triage_claim: how fast analysts can take work from a queue of 100,000 incidents.
//
// For 1, 4 and 16 concurrent analysts, each claiming in a loop for a fixed time, it measures
// claims per second and latency percentiles of (a) QueueStore::ClaimNext, what
// POST /v1/queue/claim runs: one transaction (BEGIN, the claim statement, COMMIT) that checks
// intake's outbox, takes the overdue incident or else the most urgent one, assigns it and
// records the claim's audit event, through the service's connection pool; and (b) the raw SQL
// baseline: the bare UPDATE ... WHERE id = (SELECT ... ORDER BY the same claim order LIMIT 1
// FOR UPDATE SKIP LOCKED) in its own transaction (BEGIN, UPDATE, COMMIT), one connection per
// analyst, nothing else. During (a) the service's poller also runs, as in production, taking
// in intake's outbox and chaining the audit records every second. Both run against the same
// private PostgreSQL cluster (tests/support/pg_cluster) in the same process, alternating at
// each level, with the queue reset before every run.
//
// Usage: bench_triage_claim [seconds per run, default 2] [rounds, default 5]
//                           [service pool size, default analysts + 1: one per analyst, one for
//                           the poller]
// At each level the two sides alternate, `rounds` runs each, and the figures pool all runs of
// a side, so both see the same background load on a shared machine.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/binarystring>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "common/pg/pool.hpp"
#include "ncirt/v1/incident.pb.h"
#include "support/pg_cluster.hpp"
#include "triage/clock.hpp"
#include "triage/outbox_poller.hpp"
#include "triage/store/queue_store.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kIncidents = 100'000;

constexpr const char* kRawClaimSql =
    "UPDATE triage.incidents SET assignee = $1 WHERE incident_id = (SELECT incident_id FROM "
    "triage.incidents WHERE state = 'new' AND assignee IS NULL ORDER BY "
    "coalesce(severity_override, priority), score DESC, created_at, incident_id LIMIT 1 FOR "
    "UPDATE SKIP LOCKED) RETURNING incident_id";

void Fill(const std::string& dsn) {
  ncirt::v1::Incident model;
  model.set_tlp(ncirt::v1::TLP_GREEN);
  model.add_assessments()->add_impacts()->mutable_system()->set_severity(
      ncirt::v1::SEVERITY_MEDIUM);
  pqxx::connection c(dsn);
  pqxx::work w(c);
  const auto doc = w.exec1(
      "INSERT INTO intake.documents (sha256, format, media_type, content, submitter) VALUES "
      "('00', 'iodef-v2-xml', 'application/xml', '\\x00'::bytea, 'bench') RETURNING id")[0]
                       .as<std::int64_t>();
  w.exec_params(
      "INSERT INTO intake.incidents (id, iodef_id, iodef_name, version, fingerprint, tlp, "
      "purpose, submitter, document_id, incident_index, model) SELECT gen_random_uuid(), "
      "'B-' || g, 'bench', 1, 'f', 'GREEN', 'reporting', 'bench', $1, 0, $2 FROM "
      "generate_series(1, $3) g",
      doc, pqxx::binarystring(model.SerializeAsString()), kIncidents);
  // The queue rows as the outbox consumer would have made them, with varied priority, score
  // and age, none overdue; the outbox is left empty (delivered), as in steady state.
  w.exec(
      "INSERT INTO triage.incidents (incident_id, priority, score, intake_version, tlp, "
      "submitter, sla_since, triage_due_at, created_at, updated_at) SELECT id, 1 + (random() * "
      "3)::int, (random() * 100)::int, 1, 'GREEN', 'bench', now(), now() + interval '30 days', "
      "now() - random() * interval '1 day', now() FROM intake.incidents");
  w.exec("ANALYZE triage.incidents");
  w.commit();
}

void Reset(const std::string& dsn) {
  pqxx::connection c(dsn);
  pqxx::work w(c);
  w.exec("UPDATE triage.incidents SET assignee = NULL WHERE assignee IS NOT NULL");
  w.commit();
  pqxx::nontransaction n(c);
  n.exec("VACUUM ANALYZE triage.incidents");
}

// The claims of one run: each one's latency, and the run's length.
struct Sample {
  std::vector<double> latencies_ms;
  double seconds = 0;
};

struct RunResult {
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

// Each analyst's thread first makes its claimer and claims once unmeasured (connecting and
// preparing, for the service through its pool), then all start together: the run measures
// claiming only, the same way for both sides.
template <typename MakeClaimer>
Sample Run(int analysts, std::chrono::seconds length, MakeClaimer make_claimer) {
  std::mutex mutex;
  Sample sample;
  std::atomic<bool> stop{false};
  std::latch ready(analysts + 1);
  std::vector<std::thread> threads;
  for (int a = 0; a < analysts; ++a) {
    threads.emplace_back([&, a] {
      auto claim = make_claimer(a);
      const bool warm = claim();
      ready.arrive_and_wait();
      std::vector<double> mine;
      while (warm && !stop.load()) {
        const auto t0 = Clock::now();
        if (!claim()) break;
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
      std::lock_guard lock(mutex);
      sample.latencies_ms.insert(sample.latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  ready.arrive_and_wait();
  const auto start = Clock::now();
  std::this_thread::sleep_for(length);
  stop = true;
  for (auto& t : threads) t.join();
  sample.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return sample;
}

RunResult Summarise(std::vector<double> latencies, double seconds) {
  RunResult r;
  if (latencies.empty()) return r;
  std::sort(latencies.begin(), latencies.end());
  r.per_second = static_cast<double>(latencies.size()) / seconds;
  r.p50_ms = latencies[latencies.size() / 2];
  r.p99_ms = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const std::chrono::seconds length{argc > 1 ? std::atoi(argv[1]) : 2};
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  const int pool_size = argc > 3 ? std::atoi(argv[3]) : 0;
  auto& cluster = ncirt::testing::PgCluster::Shared();
  const std::string dsn = cluster.CreateDatabase();
  std::printf("filling the queue with %d incidents...\n", kIncidents);
  Fill(dsn);
  const ncirt::triage::SystemClock clock;
  std::printf("%d rounds of %lld s each, service and raw alternating\n", rounds,
              static_cast<long long>(length.count()));
  std::printf("%-9s | %-30s | %-30s | %s\n", "analysts", "ClaimNext: claims/s p50 p99 (ms)",
              "raw SKIP LOCKED: claims/s p50 p99", "ratio");
  for (int analysts : {1, 4, 16}) {
    ncirt::common::pg::Pool pool({.dsn = dsn,
                                  .max_connections = static_cast<std::size_t>(
                                      pool_size > 0 ? pool_size : analysts + 1),
                                  .on_connect = ncirt::triage::store::PrepareStatements});
    ncirt::triage::store::QueueStore store(pool, clock);
    std::vector<double> service_ms, raw_ms;
    double service_s = 0, raw_s = 0;
    // Alternating short runs expose both sides to the same background load on a shared machine.
    for (int round = 0; round < rounds; ++round) {
      Reset(dsn);
      {
        // The service's own housekeeping runs alongside, as in production: every second it
        // takes in intake's outbox and hash-chains the claims' audit records.
        ncirt::triage::OutboxPoller poller(store, std::chrono::seconds(1));
        poller.Start();
        Sample s = Run(analysts, length, [&](int a) {
          return [&store, a] {
            auto claimed = store.ClaimNext({"analyst" + std::to_string(a), "bench"});
            return claimed.has_value() && claimed->has_value();
          };
        });
        poller.Stop();
        service_ms.insert(service_ms.end(), s.latencies_ms.begin(), s.latencies_ms.end());
        service_s += s.seconds;
      }
      Reset(dsn);
      Sample s = Run(analysts, length, [&](int a) {
        auto connection = std::make_shared<pqxx::connection>(dsn);
        connection->prepare("raw_claim", kRawClaimSql);
        return [connection, a] {
          pqxx::work w(*connection);
          const pqxx::result r = w.exec_prepared("raw_claim", "analyst" + std::to_string(a));
          w.commit();
          return !r.empty();
        };
      });
      raw_ms.insert(raw_ms.end(), s.latencies_ms.begin(), s.latencies_ms.end());
      raw_s += s.seconds;
    }
    const RunResult service = Summarise(std::move(service_ms), service_s);
    const RunResult raw = Summarise(std::move(raw_ms), raw_s);
    std::printf("%-9d | %9.0f %8.2f %8.2f      | %9.0f %8.2f %8.2f       | %.0f%%\n", analysts,
                service.per_second, service.p50_ms, service.p99_ms, raw.per_second, raw.p50_ms,
                raw.p99_ms, raw.per_second > 0 ? 100.0 * service.per_second / raw.per_second : 0);
    std::fflush(stdout);
  }
  return 0;
}
