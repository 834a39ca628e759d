#include "exchange/app.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <pqxx/transaction>

#include "common/log/log.hpp"
#include "common/metrics/registry.hpp"
#include "common/metrics/text_format.hpp"
#include "common/net/frame_listener.hpp"
#include "common/net/https_server.hpp"
#include "common/net/tls_context.hpp"
#include "common/pg/pool.hpp"
#include "common/pg/transaction.hpp"
#include "exchange/partner_links.hpp"
#include "exchange/peer/inbound_handler.hpp"
#include "exchange/pin_registry.hpp"
#include "exchange/receiver.hpp"
#include "exchange/registry_supervisor.hpp"
#include "exchange/store/follow_changes.hpp"
#include "exchange/store/pg_outbox_store.hpp"
#include "exchange/store/pg_status_query_store.hpp"
#include "exchange/store/pg_partner_store.hpp"
#include "exchange/store/pg_received_share_store.hpp"
#include "exchange/store/pg_share_batch_store.hpp"
#include "exchange/store/schema_check.hpp"
#include "exchange/store/share_source.hpp"
#include "exchange/store/prepare.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/prepare.hpp"

namespace ncirt::exchange {

namespace http = boost::beast::http;
namespace net = common::net;

namespace {

// Batches of received Shares committing side by side: one fills while the other commits, and
// PostgreSQL works on both cores of a small machine.
constexpr std::size_t kCommitters = 2;

google::protobuf::Timestamp Now() {
  const auto since = std::chrono::system_clock::now().time_since_epoch();
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since).count();
  google::protobuf::Timestamp out;
  out.set_seconds(micros / 1'000'000);
  out.set_nanos(static_cast<int>(micros % 1'000'000) * 1000);
  return out;
}

}  // namespace

// Declaration order is construction order; destruction runs backwards, so the listeners, the
// links and the supervisor (which call into everything) go before the stores and the pool.
struct App::Parts {
  explicit Parts(const ExchangeConfig& c)
      : config(c),
        pool([&] {
          common::pg::PoolOptions options = c.database;
          options.on_connect = &store::PrepareStatements;
          return options;
        }()),
        partners(pool),
        outbox(pool),
        questions(pool),
        incidents(pool, &intake::SecureRandomBytes),
        received(pool),
        batches(pool, incidents),
        group(batches, static_cast<std::size_t>(c.window), kCommitters),
        receiver(received, group),
        registry_supervisor(
            partners, [this](const std::vector<Partner>& all) { ApplyRegistry(all); },
            [this](const std::vector<Partner>& registry) { return Follow(registry); },
            c.registry_interval),
        workers(static_cast<std::size_t>(c.worker_threads)),
        io_guard(io.get_executor()) {}

  const ExchangeConfig config;
  common::pg::Pool pool;
  store::PgPartnerStore partners;
  store::PgOutboxStore outbox;
  store::PgStatusQueryStore questions;
  intake::store::PgIncidentStore incidents;
  store::PgReceivedShareStore received;
  store::PgShareBatchStore batches;
  GroupCommit group;
  Receiver receiver;
  RegistrySupervisor registry_supervisor;
  PinRegistry pins;
  boost::asio::thread_pool workers;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> io_guard;
  std::thread io_thread;
  common::metrics::Registry metrics;
  common::metrics::CounterFamily* followed = nullptr;
  net::ContextPtr server_tls;
  net::ContextPtr admin_tls;
  std::unique_ptr<PartnerLinks> links;
  std::unique_ptr<net::FrameListener> listener;
  std::unique_ptr<net::HttpsServer> admin;

  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;  // guarded by mutex
  std::thread supervisor;
  bool started = false;
  bool stopped = false;

  // The registry applied to the running process: pins for the listener, links for partners.
  void ApplyRegistry(const std::vector<Partner>& all) {
    pins.Replace(all);
    links->Reconcile(all);
  }

  common::Result<int> Follow(const std::vector<Partner>& registry) {
    auto versions = store::FollowChanges(pool, registry, Now(), 1000);
    if (versions && *versions > 0) {
      followed->WithLabels({}).Increment(static_cast<std::uint64_t>(*versions));
    }
    return versions;
  }

  // RegistrySupervisor::Tick neither throws nor gives up (registry_supervisor.hpp): PostgreSQL
  // restarting, at start-up or later, is logged and tried again.
  void Supervise() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      lock.unlock();
      registry_supervisor.Tick(std::chrono::steady_clock::now());
      lock.lock();
      wake.wait_for(lock, std::min(config.follow_interval, config.registry_interval),
                    [this] { return stopping; });
    }
  }

  net::HttpResponse Admin(net::HttpRequest& request) {
    const std::string_view target = request.message.target();
    if (request.message.method() != http::verb::get) {
      return net::MakeProblem(request, {common::ErrorKind::kBadRequest,
                                        "the admin listener answers GET only", "method"});
    }
    if (target == "/healthz") {
      return net::MakeResponse(request, http::status::ok, "ok\n", "text/plain");
    }
    if (target == "/readyz") {
      auto ready = common::pg::RunTransaction(
          pool, [](pqxx::work& work) { work.exec("SELECT 1 FROM exchange.partners LIMIT 1"); });
      if (!ready) return net::MakeProblem(request, ready.error());
      return net::MakeResponse(request, http::status::ok, "ready\n", "text/plain");
    }
    if (target == "/metrics") {
      return net::MakeResponse(request, http::status::ok, metrics.Render(),
                               common::metrics::kTextContentType);
    }
    return net::MakeProblem(request,
                            {common::ErrorKind::kNotFound,
                             "no such path: the admin listener serves /healthz, /readyz and "
                             "/metrics",
                             std::string(target)});
  }

  void AddMetrics() {
    const auto totals = [this] { return links->Totals(); };
    metrics.AddGauge("ncirt_exchange_partner_links", "Partner links running (enabled partners).",
                     [totals] { return static_cast<double>(totals().partners); });
    metrics.AddGauge("ncirt_exchange_partner_links_connected",
                     "Partner links with an established session.",
                     [totals] { return static_cast<double>(totals().connected); });
    metrics.AddObservedCounter("ncirt_exchange_shares_delivered_total",
                               "Shares acknowledged by partners.",
                               [totals] { return static_cast<double>(totals().delivered); });
    metrics.AddObservedCounter("ncirt_exchange_shares_nacked_total",
                               "Shares refused for good by partners (Nack).",
                               [totals] { return static_cast<double>(totals().refused); });
    metrics.AddObservedCounter("ncirt_exchange_delivery_failures_total",
                               "Delivery attempts without an answer or with a transient Nack.",
                               [totals] { return static_cast<double>(totals().failed); });
    metrics.AddObservedCounter("ncirt_exchange_inbound_sessions_total",
                               "Partner sessions that completed Hello on the listener.", [this] {
                                 return static_cast<double>(listener->Stats().sessions_established);
                               });
    metrics.AddObservedCounter("ncirt_exchange_inbound_sessions_failed_total",
                               "Inbound connections that ended before Hello (TLS refused, "
                               "unpinned key, bad Hello).",
                               [this] {
                                 return static_cast<double>(listener->Stats().sessions_failed);
                               });
    // Load shedding made visible: the listener's connection bounds (FrameListenerOptions
    // max_connections, max_connections_per_address) close the excess at once, before TLS.
    metrics.AddGauge("ncirt_exchange_connections_open",
                     "Connections open on the partner listener (including those in TLS or Hello).",
                     [this] { return static_cast<double>(listener->Stats().connections_open); });
    metrics.AddObservedCounter("ncirt_exchange_connections_refused_total",
                               "Connections closed at once for exceeding the listener's bound "
                               "(in all, or from one address).",
                               [this] {
                                 return static_cast<double>(listener->Stats().connections_refused);
                               });
    metrics.AddGauge("ncirt_exchange_pinned_partners", "Enabled partners whose keys are pinned.",
                     [this] { return static_cast<double>(pins.size()); });
    followed = &metrics.AddCounter("ncirt_exchange_update_versions_total",
                                   "New versions queued because a shared incident changed.");
  }
};

common::Result<std::unique_ptr<App>> App::Create(const ExchangeConfig& config) {
  auto parts = std::make_unique<Parts>(config);
  Parts& p = *parts;
  auto server_tls = net::MakeServerContext({.certificate_file = config.tls_certificate_file,
                                            .private_key_file = config.tls_private_key_file,
                                            .ca_file = config.ca_file,
                                            .min_version = net::TlsMinVersion::kTls13,
                                            .require_peer_certificate = true,
                                            .pin_check = p.pins.MakePinCheck()});
  if (!server_tls) return std::unexpected(std::move(server_tls.error()));
  p.server_tls = std::move(*server_tls);
  auto admin_tls = net::MakeServerContext({.certificate_file = config.tls_certificate_file,
                                           .private_key_file = config.tls_private_key_file,
                                           .min_version = net::TlsMinVersion::kTls12});
  if (!admin_tls) return std::unexpected(std::move(admin_tls.error()));
  p.admin_tls = std::move(*admin_tls);

  const net::RequestHandler inbound = peer::MakeInboundHandler(p.pins, p.receiver);
  p.links = std::make_unique<PartnerLinks>(p.config, p.outbox, p.questions, inbound,
                                           p.io.get_executor(), p.workers.get_executor());
  net::FrameListenerOptions listen;
  listen.address = config.listen_address;
  listen.port = config.listen_port;
  listen.worker_threads = config.worker_threads;
  listen.session.cirt_name = config.cirt_name;
  listen.session.capabilities = peer::kCapabilities;
  listen.session.max_frame_size = config.max_frame_bytes;
  listen.session.max_window = static_cast<std::uint32_t>(config.window);
  listen.session.max_inflight_bytes = config.max_inflight_bytes;
  listen.session.handshake_timeout = config.handshake_timeout;
  listen.session.idle_timeout = config.idle_timeout;
  listen.session.pong_timeout = config.pong_timeout;
  p.listener = std::make_unique<net::FrameListener>(listen, *p.server_tls, inbound);

  net::HttpsServerOptions admin;
  admin.address = config.admin_address;
  admin.port = config.admin_port;
  admin.worker_threads = 2;
  admin.body_limit = 4u << 10;
  admin.server_name = "ncirt-exchange";
  Parts* raw = parts.get();
  p.admin = std::make_unique<net::HttpsServer>(
      admin, *p.admin_tls, [raw](net::HttpRequest& request) { return raw->Admin(request); });
  p.AddMetrics();
  return std::unique_ptr<App>(new App(std::move(parts)));
}

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

App::~App() { Stop(); }

common::Result<void> App::Start() {
  Parts& p = *parts_;
  if (auto schema = store::CheckSchema(p.pool); !schema) return schema;
  p.io_thread = std::thread([&p] { p.io.run(); });
  p.started = true;
  // The partner list read here, before the listener opens, so known partners are pinned from
  // the first connection; when PostgreSQL fails at this moment the supervisor keeps trying.
  p.registry_supervisor.Tick(std::chrono::steady_clock::now());
  if (auto started = p.listener->Start(); !started) return started;
  if (auto started = p.admin->Start(); !started) return started;
  p.supervisor = std::thread([&p] { p.Supervise(); });
  common::log::Info("listening", {{"port", std::to_string(p.listener->Port())},
                                  {"admin_port", std::to_string(p.admin->Port())},
                                  {"partners", std::to_string(p.pins.size())}});
  return {};
}

std::uint16_t App::Port() const { return parts_->listener->Port(); }
std::uint16_t App::AdminPort() const { return parts_->admin->Port(); }

void App::Stop() {
  Parts& p = *parts_;
  if (p.stopped) return;
  p.stopped = true;
  {
    std::lock_guard lock(p.mutex);
    p.stopping = true;
  }
  p.wake.notify_all();
  if (p.supervisor.joinable()) p.supervisor.join();
  if (p.listener) p.listener->Stop();
  if (p.admin) p.admin->Stop();
  if (p.links) p.links->StopAll();
  p.io_guard.reset();
  if (p.io_thread.joinable()) p.io_thread.join();
  p.workers.join();
}

}  // namespace ncirt::exchange
