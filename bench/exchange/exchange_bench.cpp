// bench_exchange_share: how fast one CIRT's incidents reach another over one connection.
//
// Two databases in one private PostgreSQL cluster (tests/support/pg_cluster) stand for two
// CIRTs, each built as the loopback tests build theirs (tests/integration/exchange/
// loopback_cirt.hpp: stores, certificate, pins, TLS 1.3 contexts); B answers with the group
// commit on W handler threads. CIRT A's outbox holds N GREEN incidents shared with B (queued
// beforehand, not timed); the timed part is A's Deliverer sending them over ONE mutual-TLS 1.3
// connection with the window W (FrameConnector -> FrameListener), B's Receiver validating each
// strictly, storing it through intake's IncidentStore and recording it, then acknowledging
// after commit, and A marking each delivered on its Ack. It ends when every item is delivered;
// B's rows are then counted, so the rate is of incidents acknowledged and durable at B.
//
// Baseline, same run, same cluster: the receiving side's own intake rate for the same
// incidents: the same IODEF documents through intake's pipeline (decode and validate strictly,
// prepare, IncidentStore::Submit) on W threads into a fresh database, no exchange around it.
//
// Usage: bench_exchange_share [incidents, default 5000] [window, default 128: the service's]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <pqxx/pqxx>

#include "common/log/log.hpp"
#include "common/net/frame_connector.hpp"
#include "common/net/frame_listener.hpp"
#include "common/net/tls_context.hpp"
#include "exchange/outbox/deliverer.hpp"
#include "exchange/peer/connector_link.hpp"
#include "exchange/peer/inbound_handler.hpp"
#include "exchange/store/pg_outbox_store.hpp"
#include "exchange/store/pg_partner_store.hpp"
#include "exchange/store/pg_received_share_store.hpp"
#include "exchange/store/pg_share_batch_store.hpp"
#include "exchange/store/prepare.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/prepare.hpp"
#include "intake/submission.hpp"
#include "iodef/codec.hpp"
#include "integration/exchange/loopback_cirt.hpp"
#include "support/pg_cluster.hpp"
#include "support/pki.hpp"

namespace {

namespace ex = ncirt::exchange;
namespace net = ncirt::common::net;
namespace v1 = ncirt::v1;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

v1::Incident Incident(int n) {
  v1::Incident incident;
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", n);
  incident.set_id(uuid);
  incident.mutable_incident_id()->set_id("bench-" + std::to_string(n));
  incident.mutable_incident_id()->set_name("cert-a.example");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'800'000'000);
  incident.set_tlp(v1::TLP_GREEN);
  incident.add_descriptions()->set_text("benchmark incident " + std::to_string(n));
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  return incident;
}

long long Count(const std::string& dsn, const std::string& sql) {
  pqxx::connection c(dsn);
  pqxx::nontransaction work(c);
  return work.exec1(sql)[0].as<long long>();
}

// CPU seconds (user + system) of process `pid` and its parent's pid, from /proc/<pid>/stat.
struct ProcStat {
  long parent = 0;
  double cpu = 0;
};
std::optional<ProcStat> ReadStat(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  // Fields after the command name (which may hold spaces) start after its closing ')'.
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::vector<std::string> f{std::istream_iterator<std::string>(rest), {}};
  if (f.size() < 13) return std::nullopt;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  return ProcStat{std::stol(f[1]), (std::stod(f[11]) + std::stod(f[12])) / tick};
}

// CPU used so far by this process (every thread) and by the PostgreSQL server (the postmaster
// and its children: backends, WAL writer, checkpointer...). A backend that exits takes its
// count with it, so the pools' connections must stay open over the measured span.
struct Cpu {
  double self = 0;
  double server = 0;
};
Cpu CpuNow(long postmaster) {
  Cpu cpu;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  cpu.self = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
             static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::stol(name);
    if (auto stat = ReadStat(pid); stat && (pid == postmaster || stat->parent == postmaster)) {
      cpu.server += stat->cpu;
    }
  }
  return cpu;
}

// With NCIRT_BENCH_PERF_CTL=<fifo>, tells `perf record -D -1 --control fifo:<fifo>` to sample
// the timed phase only (set-up, queueing and the baseline are not what is being profiled).
void PerfControl(const char* command) {
  const char* fifo = std::getenv("NCIRT_BENCH_PERF_CTL");
  if (fifo == nullptr) return;
  std::ofstream(fifo) << command << '\n';
}

long Postmaster(const std::string& dsn) {
  pqxx::connection c(dsn);
  pqxx::nontransaction work(c);
  return ReadStat(work.exec1("SELECT pg_backend_pid()")[0].as<long>()).value().parent;
}

// A phase's rate and its CPU per incident, in milliseconds.
struct Measured {
  double rate = 0;
  double self_ms = 0;
  double server_ms = 0;
};
Measured Measure(int incidents, double seconds, const Cpu& before, const Cpu& after) {
  return Measured{incidents / seconds, 1000 * (after.self - before.self) / incidents,
                  1000 * (after.server - before.server) / incidents};
}

// Incidents/s over one connection, from A's outbox into B's database.
Measured ExchangeRate(int incidents, int window, ncirt::testing::Pki& pki) {
  // The two CIRTs of the loopback tests (database, stores, certificate, pins, TLS contexts);
  // B answers with a Receiver whose group commit takes batches of up to W with two committers
  // (the fixture's own is sized for tests), on W handler threads, as ncirt-exchange does.
  ex::loopback::LoopbackCirt a("CERT-A", pki, &ex::store::PrepareStatements, 8);
  ex::loopback::LoopbackCirt b("CERT-B", pki, &ex::store::PrepareStatements, static_cast<std::size_t>(window + 4));
  ex::store::PgShareBatchStore b_batches(b.pool, b.incidents);
  ex::GroupCommit b_group(b_batches, static_cast<std::size_t>(window), 2);
  ex::Receiver b_receiver(b.received, b_group);

  net::FrameListenerOptions listen;
  listen.worker_threads = window;
  listen.session = ex::loopback::LoopbackSession("CERT-B");
  listen.session.max_window = static_cast<std::uint32_t>(window);
  net::FrameListener listener(listen, *b.server_tls,
                              ex::peer::MakeInboundHandler(b.pins, b_receiver));
  if (!listener.Start()) std::abort();
  b.Register(a, {v1::TLP_GREEN}, 1);
  const ex::Partner to_b = a.Register(b, {v1::TLP_GREEN}, listener.Port());
  const std::string& a_dsn = a.dsn;
  const std::string& b_dsn = b.dsn;

  // Queue everything (not timed), 500 incidents per transaction.
  google::protobuf::Timestamp now;
  now.set_seconds(1'800'000'000);
  for (int first = 0; first < incidents; first += 500) {
    pqxx::connection c(a_dsn);
    ex::store::PrepareStatements(c);
    pqxx::work work(c);
    for (int n = first; n < std::min(incidents, first + 500); ++n) {
      const v1::Incident incident = Incident(n);
      ex::store::EnqueueIn(work, incident.id(),
                           ex::outbox::PlanShare(incident, ex::policy::Provenance{}, {to_b}), now);
    }
    work.commit();
  }

  boost::asio::io_context io;
  boost::asio::thread_pool workers(2);
  auto guard = boost::asio::make_work_guard(io);
  std::thread io_thread([&] { io.run(); });
  net::FrameConnectorOptions connect;
  connect.host = "127.0.0.1";
  connect.port = listener.Port();
  connect.session = ex::loopback::LoopbackSession("CERT-A");
  connect.session.max_window = static_cast<std::uint32_t>(window);
  net::FrameConnector connector(connect, *a.client_tls,
                                ex::peer::MakeInboundHandler(a.pins, a.receiver),
                                io.get_executor(), workers.get_executor());
  if (!connector.Start()) std::abort();
  while (connector.Session() == nullptr) std::this_thread::sleep_for(5ms);
  ex::peer::ConnectorLink link(connector);
  ex::outbox::Deliverer deliverer(a.outbox, link, to_b.id, window);

  const long postmaster = Postmaster(b_dsn);
  const Cpu cpu_before = CpuNow(postmaster);
  PerfControl("enable");
  const auto start = Clock::now();
  int records = 0, max_in_flight = 0;
  while (true) {
    const auto round = deliverer.RunRound();
    if (!round || round->pending == 0) break;
    records += round->records;
    max_in_flight = std::max(max_in_flight, round->max_in_flight);
    if (round->failed > 0 || round->no_link) std::this_thread::sleep_for(10ms);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  PerfControl("disable");
  const Cpu cpu_after = CpuNow(postmaster);
  const ex::GroupCommitStats group = b_group.Stats();
  std::printf("A: %d outcome commits, at most %d in flight; B: %llu batch commits "
              "(%.1f Shares each, largest %llu, %llu fell back to one by one)\n",
              records, max_in_flight, static_cast<unsigned long long>(group.batches),
              group.batches ? static_cast<double>(group.entries) / group.batches : 0.0,
              static_cast<unsigned long long>(group.largest),
              static_cast<unsigned long long>(group.fallbacks));
  const long long stored = Count(b_dsn, "SELECT count(*) FROM intake.incidents");
  const long long delivered =
      Count(a_dsn, "SELECT count(*) FROM exchange.outbox WHERE state = 'delivered'");
  connector.Stop();
  listener.Stop();
  guard.reset();
  io_thread.join();
  workers.join();
  if (stored != incidents || delivered != incidents) {
    std::fprintf(stderr, "incomplete: %lld stored, %lld delivered of %d\n", stored, delivered,
                 incidents);
    std::exit(1);
  }
  return Measure(incidents, seconds, cpu_before, cpu_after);
}

// Incidents/s through intake's own pipeline for the same documents, on `threads` threads.
Measured IntakeRate(int incidents, int threads) {
  const std::string dsn = ncirt::testing::PgCluster::Shared().CreateDatabase();
  ncirt::common::pg::Pool pool({.dsn = dsn,
                                .max_connections = static_cast<std::size_t>(threads + 2),
                                .on_connect = &ncirt::intake::store::PrepareStatements});
  ncirt::intake::store::PgIncidentStore store(pool, &ncirt::intake::SecureRandomBytes);
  std::vector<std::string> documents;
  for (int n = 0; n < incidents; ++n) {
    documents.push_back(ncirt::iodef::RenderXml({Incident(n)}).value().document);
  }
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  const long postmaster = Postmaster(dsn);
  const Cpu cpu_before = CpuNow(postmaster);
  const auto start = Clock::now();
  std::vector<std::thread> pool_threads;
  for (int t = 0; t < threads; ++t) {
    pool_threads.emplace_back([&] {
      for (int n = next++; n < incidents; n = next++) {
        auto decoded = ncirt::iodef::Decode(documents[n], ncirt::iodef::Policy::kStrict, {});
        ncirt::intake::Principal principal{.submitter = "bench",
                                           .policy = ncirt::iodef::Policy::kStrict,
                                           .default_tlp = v1::TLP_GREEN};
        auto submission = ncirt::intake::PrepareSubmission(std::move(decoded.incidents),
                                                           principal, "application/xml",
                                                           documents[n], std::nullopt);
        if (!submission || !store.Submit(*submission)) failed = true;
      }
    });
  }
  for (auto& t : pool_threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const Cpu cpu_after = CpuNow(postmaster);
  if (failed || Count(dsn, "SELECT count(*) FROM intake.incidents") != incidents) {
    std::fprintf(stderr, "intake baseline incomplete\n");
    std::exit(1);
  }
  return Measure(incidents, seconds, cpu_before, cpu_after);
}

}  // namespace

int main(int argc, char** argv) {
  const int incidents = argc > 1 ? std::atoi(argv[1]) : 5000;
  const int window = argc > 2 ? std::atoi(argv[2]) : 128;
  if (incidents < 1 || window < 1) {
    std::fprintf(stderr, "usage: bench_exchange_share [incidents >= 1] [window >= 1]\n");
    return 2;
  }
  ncirt::common::log::Init("bench-exchange", ncirt::common::log::Level::kError);
  ncirt::testing::Pki pki;
  const Measured exchange = ExchangeRate(incidents, window, pki);
  const Measured intake = IntakeRate(incidents, window);
  std::printf("incidents %d, window %d, one connection\n", incidents, window);
  std::printf("exchange A->B, acknowledged and durable at B: %8.0f incidents/s\n", exchange.rate);
  std::printf("B's own intake pipeline, %d threads:           %8.0f incidents/s\n", window,
              intake.rate);
  std::printf("ratio exchange / intake: %.0f%%\n", 100.0 * exchange.rate / intake.rate);
  // CPU, not wall time, is what bounds the rate on a small machine: at c ms per incident, n
  // cores give at most 1000 * n / c incidents/s.
  for (const auto& [what, m] : {std::pair{"exchange (A and B, one process)", exchange},
                                std::pair{"intake baseline", intake}}) {
    std::printf("CPU per incident, %s: %.3f ms here + %.3f ms PostgreSQL = %.3f ms "
                "(%ld cores: at most %.0f /s)\n",
                what, m.self_ms, m.server_ms, m.self_ms + m.server_ms,
                sysconf(_SC_NPROCESSORS_ONLN),
                1000.0 * static_cast<double>(sysconf(_SC_NPROCESSORS_ONLN)) /
                    (m.self_ms + m.server_ms));
  }
  return 0;
}
