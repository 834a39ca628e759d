// bench_intake_load: how many incidents per second ncirt-intake files, and how fast, compared
// with what PostgreSQL alone commits for the same rows in the same run on the same machine.
//
//   build-bench/bench/intake/bench_intake_load --clients 16 --seconds 20
//
// Phases, each on a fresh database of one private PostgreSQL 15 cluster (fsync and
// synchronous_commit on, as deploy/local/pg.sh configures every cluster):
//   1. raw:     N threads call the intake store directly (PgIncidentStore::Submit) with
//               pre-decoded submissions: the same transaction, statements and rows the service
//               writes (document, incident, indicators, triage outbox row, Idempotency-Key),
//               without HTTP, TLS, parsing, validation or mapping;
//   2. peak:    N HTTPS clients with keep-alive POST the same realistic report (one per request,
//               each with its own IncidentID and Idempotency-Key) to the intake App, closed loop;
//   3. half:    the same clients at half of the measured peak rate, open loop, for latency.
// The service runs in this process, so it shares the machine's CPUs with the clients (as it
// would with a load balancer on the same host); docs/benchmarks.md records a run.
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "common/log/log.hpp"
#include "common/pg/pool.hpp"
#include "intake/app.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/pg_token_store.hpp"
#include "intake/store/prepare.hpp"
#include "intake/submission.hpp"
#include "intake/uuid.hpp"
#include "iodef/codec.hpp"
#include "load_driver.hpp"
#include "support/corpus.hpp"
#include "support/https_client.hpp"
#include "support/pg_cluster.hpp"
#include "support/pki.hpp"

namespace {

using namespace ncirt;
using namespace std::chrono_literals;

struct Options {
  int clients = 16;
  int seconds = 20;
  int half_seconds = 15;
  int warmup_seconds = 3;
  std::string document;
  std::string incident_id = "189701";
};

std::string WithId(const std::string& doc, const std::string& old_id, const std::string& id) {
  std::string out = doc;
  out.replace(out.find(old_id), old_id.size(), id);
  return out;
}

std::string NewKey() { return intake::NewUuidV4(intake::SecureRandomBytes); }

bench::LoadResult RunRaw(testing::PgCluster& cluster, const Options& o, const std::string& doc) {
  common::pg::Pool pool({.dsn = cluster.CreateDatabase(),
                         .max_connections = static_cast<std::size_t>(o.clients),
                         .on_connect = intake::store::PrepareStatements});
  intake::store::PgIncidentStore store(pool, intake::SecureRandomBytes);
  auto decoded = iodef::Decode(doc, iodef::Policy::kTolerant);
  if (!decoded.ok()) throw std::runtime_error("the benchmark document does not decode");
  intake::Principal principal;
  principal.submitter = "bench";
  auto prepared = intake::PrepareSubmission(decoded.incidents, principal, "application/xml", doc,
                                            std::nullopt);
  if (!prepared) throw std::runtime_error(prepared.error().message);
  const intake::Submission model = *prepared;
  const auto insert = [&](int t, long seq) {
    intake::Submission s = model;
    auto& incident = s.incidents[0];
    incident.incident.mutable_incident_id()->set_id("RAW-" + std::to_string(t) + "-" +
                                                    std::to_string(seq));
    incident.fingerprint = intake::ContentFingerprint(incident.incident);
    s.idempotency =
        intake::IdempotencyKey{NewKey(), intake::RequestFingerprint(s.media_type, doc)};
    auto result = store.Submit(s);
    return result.has_value() && result->incidents[0].outcome == intake::Outcome::kCreated;
  };
  return bench::RunClosedLoop(o.clients, std::chrono::seconds(o.seconds), insert);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.document = (testing::SharedIodefDir() / "docs" / "v2" / "rfc8274-draft-ddos.xml").string();
  CLI::App cli{"Load benchmark of ncirt-intake against raw PostgreSQL (docs/benchmarks.md)."};
  cli.add_option("--clients", o.clients, "Concurrent keep-alive HTTPS clients (and DB threads).");
  cli.add_option("--seconds", o.seconds, "Duration of the raw and peak phases.");
  cli.add_option("--half-seconds", o.half_seconds, "Duration of the half-load phase.");
  cli.add_option("--warmup-seconds", o.warmup_seconds, "Warm-up before the peak phase.");
  cli.add_option("--document", o.document, "IODEF document to submit.");
  cli.add_option("--incident-id", o.incident_id, "Its IncidentID text, replaced per request.");
  CLI11_PARSE(cli, argc, argv);

  common::log::Init("bench", common::log::Level::kError);
  const std::string doc = testing::ReadFile(o.document);
  std::printf("document %s (%zu bytes), %d clients, %u hardware threads\n", o.document.c_str(),
              doc.size(), o.clients, std::thread::hardware_concurrency());
  testing::PgCluster cluster;
  testing::Pki pki;
  const testing::CertFiles cert = pki.Issue("localhost");

  std::printf("raw PostgreSQL (same transactions, no HTTP/TLS/codec) ...\n");
  const bench::LoadResult raw = RunRaw(cluster, o, doc);
  std::printf("  raw   %s\n", bench::Describe(raw).c_str());

  intake::IntakeConfig config;
  config.database_url = cluster.CreateDatabase();
  config.database_pool_size = static_cast<std::size_t>(o.clients);
  config.listen_port = 0;
  config.tls_certificate_file = cert.certificate.string();
  config.tls_private_key_file = cert.private_key.string();
  config.worker_threads = o.clients;
  config.max_in_flight = 4096;
  config.log_level = common::log::Level::kError;
  auto app = intake::App::Create(config);
  if (!app || !(*app)->Start()) {
    std::fprintf(stderr, "intake did not start\n");
    return 1;
  }
  std::string token;
  {
    common::pg::Pool pool({.dsn = config.database_url, .max_connections = 1,
                           .on_connect = intake::store::PrepareStatements});
    intake::store::PgTokenStore tokens(pool);
    token = intake::NewTokenText(intake::SecureRandomBytes);
    if (!tokens.Create({.digest = intake::DigestOf(token), .submitter = "bench",
                        .scopes = intake::Scopes{intake::Scope::kSubmit}})) {
      return 1;
    }
  }
  const unsigned short port = (*app)->Port();
  std::vector<std::unique_ptr<testing::HttpsClient>> clients;
  for (int i = 0; i < o.clients; ++i) {
    clients.push_back(std::make_unique<testing::HttpsClient>(pki.CaFile().string(), port));
  }
  std::atomic<long> unique{0};
  const auto submit = [&](int t, long) {
    const std::string id = "SVC-" + std::to_string(unique++);
    const auto reply = clients[t]->Request(
        boost::beast::http::verb::post, "/v1/incidents", WithId(doc, o.incident_id, id),
        "application/xml",
        {{"Authorization", "Bearer " + token}, {"Idempotency-Key", NewKey()}});
    return reply.status == 201;
  };

  std::printf("warm-up %d s ...\n", o.warmup_seconds);
  bench::RunClosedLoop(o.clients, std::chrono::seconds(o.warmup_seconds), submit);
  std::printf("intake over HTTPS, closed loop ...\n");
  const bench::LoadResult peak =
      bench::RunClosedLoop(o.clients, std::chrono::seconds(o.seconds), submit);
  std::printf("  peak  %s\n", bench::Describe(peak).c_str());
  std::printf("intake at half the peak rate (%.1f /s), open loop ...\n", peak.Rate() / 2);
  const bench::LoadResult half = bench::RunOpenLoop(
      o.clients, peak.Rate() / 2, std::chrono::seconds(o.half_seconds), submit);
  std::printf("  half  %s\n", bench::Describe(half).c_str());
  (*app)->Stop();

  const double ratio = raw.Rate() > 0 ? peak.Rate() / raw.Rate() : 0;
  std::printf("\nintake peak / raw PostgreSQL = %.2f (target >= 0.50); p99 at half load %.1f ms "
              "(target < 50 ms)\n",
              ratio, half.p99);
  const nlohmann::json summary = {
      {"clients", o.clients},
      {"document_bytes", doc.size()},
      {"raw_per_s", raw.Rate()},
      {"raw_p50_ms", raw.p50},
      {"raw_p99_ms", raw.p99},
      {"peak_per_s", peak.Rate()},
      {"peak_p50_ms", peak.p50},
      {"peak_p99_ms", peak.p99},
      {"peak_failed", peak.failed},
      {"half_rate_per_s", half.Rate()},
      {"half_p50_ms", half.p50},
      {"half_p99_ms", half.p99},
      {"half_failed", half.failed},
      {"ratio", ratio}};
  std::printf("%s\n", summary.dump().c_str());
  return 0;
}
