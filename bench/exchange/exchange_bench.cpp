// bench_exchange_share: how fast one CIRT's incidents reach another over one connection.
//
// Two databases in one private PostgreSQL cluster (tests/support/pg_cluster) stand for two
// CIRTs. CIRT A's outbox holds N GREEN incidents shared with B (queued beforehand, not timed);
// the timed part is A's Deliverer sending them over ONE mutual-TLS 1.3 connection with the
// window W (FrameConnector -> FrameListener), B's Receiver validating each strictly, storing it
// through intake's IncidentStore and recording it, then acknowledging after commit, and A
// marking each delivered on its Ack. It ends when every item is delivered; B's rows are then
// counted, so the rate is of incidents acknowledged and durable on the receiving side.
//
// Baseline, same run, same cluster: the receiving side's own intake rate for the same
// incidents: the same IODEF documents through intake's pipeline (decode and validate strictly,
// prepare, IncidentStore::Submit) on W threads into a fresh database, no exchange around it.
//
// Usage: bench_exchange_share [incidents, default 5000] [window, default 64]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

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
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/prepare.hpp"
#include "intake/submission.hpp"
#include "iodef/codec.hpp"
#include "support/pg_cluster.hpp"
#include "support/pki.hpp"

namespace {

namespace ex = ncirt::exchange;
namespace net = ncirt::common::net;
namespace v1 = ncirt::v1;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

void PrepareAll(pqxx::connection& c) {
  ncirt::intake::store::PrepareStatements(c);
  ex::store::PgPartnerStore::Prepare(c);
  ex::store::PgOutboxStore::Prepare(c);
  ex::store::PgReceivedShareStore::Prepare(c);
}

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

ex::Partner Register(ex::store::PgPartnerStore& store, const std::string& name,
                     const std::string& pin, std::uint16_t port) {
  return store
      .Create(ex::ValidatePartner(ex::Partner{.name = name,
                                              .country = "EE",
                                              .endpoint = "127.0.0.1:" + std::to_string(port),
                                              .spki_sha256 = pin,
                                              .agreement = "bench",
                                              .allowed_tlps = {v1::TLP_GREEN},
                                              .allowed_categories = {"*"}})
                  .value())
      .value();
}

long long Count(const std::string& dsn, const std::string& sql) {
  pqxx::connection c(dsn);
  pqxx::nontransaction work(c);
  return work.exec1(sql)[0].as<long long>();
}

net::ContextPtr Context(bool server, const ncirt::testing::CertFiles& cert,
                        const ncirt::testing::Pki& pki, const ex::PinRegistry& pins) {
  return std::move((server ? net::MakeServerContext : net::MakeClientContext)(
                       net::TlsConfig{.certificate_file = cert.certificate,
                                      .private_key_file = cert.private_key,
                                      .ca_file = pki.CaFile(),
                                      .min_version = net::TlsMinVersion::kTls13,
                                      .require_peer_certificate = true,
                                      .pin_check = pins.MakePinCheck()})
                       .value());
}

// Incidents/s over one connection, from A's outbox into B's database.
double ExchangeRate(int incidents, int window, ncirt::testing::Pki& pki) {
  const std::string a_dsn = ncirt::testing::PgCluster::Shared().CreateDatabase();
  const std::string b_dsn = ncirt::testing::PgCluster::Shared().CreateDatabase();
  const auto pool_size = static_cast<std::size_t>(window + 4);
  ncirt::common::pg::Pool a_pool({.dsn = a_dsn, .max_connections = 8, .on_connect = &PrepareAll});
  ncirt::common::pg::Pool b_pool(
      {.dsn = b_dsn, .max_connections = pool_size, .on_connect = &PrepareAll});
  ex::store::PgPartnerStore a_partners(a_pool), b_partners(b_pool);
  ex::store::PgOutboxStore a_outbox(a_pool);
  ncirt::intake::store::PgIncidentStore b_incidents(b_pool, &ncirt::intake::SecureRandomBytes);
  ex::store::PgReceivedShareStore b_received(b_pool);
  ex::store::PgShareBatchStore b_batches(b_pool, b_incidents);
  ex::GroupCommit b_group(b_batches, static_cast<std::size_t>(window), 2);
  ex::Receiver b_receiver(b_received, b_group);
  ex::PinRegistry a_pins, b_pins;
  const auto a_cert = pki.Issue("cert-a.example");
  const auto b_cert = pki.Issue("cert-b.example");

  net::FrameListenerOptions listen;
  listen.io_threads = 1;
  listen.worker_threads = window;
  listen.session.cirt_name = "CERT-B";
  listen.session.max_window = static_cast<std::uint32_t>(window);
  b_pins.Replace({});
  auto b_tls = Context(true, b_cert, pki, b_pins);
  net::FrameListener listener(listen, *b_tls, ex::peer::MakeInboundHandler(b_pins, b_receiver));
  if (!listener.Start()) std::abort();
  b_partners.Create(ex::ValidatePartner({.name = "CERT-A", .country = "EE",
                                         .endpoint = "127.0.0.1:1", .spki_sha256 = a_cert.spki_pin,
                                         .agreement = "bench",
                                         .allowed_tlps = {v1::TLP_GREEN},
                                         .allowed_categories = {"*"}})
                        .value())
      .value();
  b_pins.Replace(b_partners.List().value());
  const ex::Partner to_b = Register(a_partners, "CERT-B", b_cert.spki_pin, listener.Port());
  a_pins.Replace(a_partners.List().value());

  // Queue everything (not timed), 500 incidents per transaction.
  google::protobuf::Timestamp now;
  now.set_seconds(1'800'000'000);
  for (int first = 0; first < incidents; first += 500) {
    pqxx::connection c(a_dsn);
    PrepareAll(c);
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
  auto a_tls = Context(false, a_cert, pki, a_pins);
  net::FrameConnectorOptions connect;
  connect.host = "127.0.0.1";
  connect.port = listener.Port();
  connect.session.cirt_name = "CERT-A";
  connect.session.max_window = static_cast<std::uint32_t>(window);
  net::FrameConnector connector(connect, *a_tls,
                                ex::peer::MakeInboundHandler(a_pins, b_receiver),
                                io.get_executor(), workers.get_executor());
  if (!connector.Start()) std::abort();
  while (connector.Session() == nullptr) std::this_thread::sleep_for(5ms);
  ex::peer::ConnectorLink link(connector);
  ex::outbox::Deliverer deliverer(a_outbox, link, to_b.id, window);

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
  return incidents / seconds;
}

// Incidents/s through intake's own pipeline for the same documents, on `threads` threads.
double IntakeRate(int incidents, int threads) {
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
  if (failed || Count(dsn, "SELECT count(*) FROM intake.incidents") != incidents) {
    std::fprintf(stderr, "intake baseline incomplete\n");
    std::exit(1);
  }
  return incidents / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const int incidents = argc > 1 ? std::atoi(argv[1]) : 5000;
  const int window = argc > 2 ? std::atoi(argv[2]) : 64;
  if (incidents < 1 || window < 1) {
    std::fprintf(stderr, "usage: bench_exchange_share [incidents >= 1] [window >= 1]\n");
    return 2;
  }
  ncirt::common::log::Init("bench-exchange", ncirt::common::log::Level::kError);
  ncirt::testing::Pki pki;
  const double exchange = ExchangeRate(incidents, window, pki);
  const double intake = IntakeRate(incidents, window);
  std::printf("incidents %d, window %d, one connection\n", incidents, window);
  std::printf("exchange A->B, acknowledged and durable at B: %8.0f incidents/s\n", exchange);
  std::printf("B's own intake pipeline, %d threads:           %8.0f incidents/s\n", window,
              intake);
  std::printf("ratio exchange / intake: %.0f%%\n", 100.0 * exchange / intake);
  return 0;
}
