#include "intake/app.hpp"

#include <optional>

#include "common/log/log.hpp"
#include "common/net/https_server.hpp"
#include "common/net/tls_context.hpp"
#include "common/pg/pool.hpp"
#include "intake/authenticator.hpp"
#include "intake/handlers/get_incident.hpp"
#include "intake/handlers/get_quarantine_content.hpp"
#include "intake/handlers/health.hpp"
#include "intake/handlers/list_quarantine.hpp"
#include "intake/handlers/metrics_page.hpp"
#include "intake/handlers/submit_incident.hpp"
#include "intake/intake_metrics.hpp"
#include "intake/purger.hpp"
#include "intake/routes.hpp"
#include "intake/store/pg_health_store.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/pg_quarantine_store.hpp"
#include "intake/store/pg_token_store.hpp"
#include "intake/store/prepare.hpp"

namespace ncirt::intake {

namespace http = boost::beast::http;

// Declaration order is construction order; destruction runs backwards, so the server (which
// calls into everything) goes first and the pool (which everything borrows from) last.
struct App::Parts {
  explicit Parts(const IntakeConfig& c)
      : config(c),
        pool({.dsn = c.database_url,
              .max_connections = c.database_pool_size,
              .acquire_timeout = c.database_acquire_timeout,
              .on_connect = store::PrepareStatements}),
        incidents(pool, SecureRandomBytes),
        tokens(pool),
        quarantine(pool),
        health(pool),
        authenticator(tokens, {.cache_ttl = c.token_cache_ttl}),
        purger(quarantine, incidents,
               {.quarantine_retention = c.quarantine_retention,
                .idempotency_retention = c.idempotency_retention,
                .interval = c.purge_interval}) {}

  const IntakeConfig config;
  common::pg::Pool pool;
  store::PgIncidentStore incidents;
  store::PgTokenStore tokens;
  store::PgQuarantineStore quarantine;
  store::PgHealthStore health;
  IntakeMetrics metrics;
  Authenticator authenticator;
  Purger purger;
  std::unique_ptr<Router> router;
  common::net::ContextPtr tls;
  std::unique_ptr<common::net::HttpsServer> server;
  bool stopped = false;
};

common::Result<std::unique_ptr<App>> App::Create(const IntakeConfig& config) {
  auto tls = common::net::MakeServerContext({.certificate_file = config.tls_certificate_file,
                                             .private_key_file = config.tls_private_key_file,
                                             .min_version = common::net::TlsMinVersion::kTls12});
  if (!tls) return std::unexpected(std::move(tls.error()));
  auto parts = std::make_unique<Parts>(config);
  Parts& p = *parts;
  p.tls = std::move(*tls);

  iodef::Limits limits;
  limits.max_document_bytes = config.max_document_bytes;
  std::vector<Route> routes;
  routes.push_back({http::verb::post, "/v1/incidents", Scope::kSubmit,
                    handlers::SubmitIncident(p.incidents, p.quarantine, p.metrics,
                                             {.limits = limits,
                                              .quarantine_max_bytes =
                                                  config.quarantine_max_bytes})});
  routes.push_back({http::verb::get, "/v1/incidents/{id}", Scope::kRead,
                    handlers::GetIncident(p.incidents)});
  routes.push_back({http::verb::get, "/v1/quarantine", Scope::kAdmin,
                    handlers::ListQuarantine(p.quarantine)});
  routes.push_back({http::verb::get, "/v1/quarantine/{id}/content", Scope::kAdmin,
                    handlers::GetQuarantineContent(p.quarantine)});
  routes.push_back({http::verb::get, "/healthz", std::nullopt, handlers::Healthz});
  routes.push_back({http::verb::get, "/readyz", std::nullopt, handlers::Readyz(p.health)});
  routes.push_back({http::verb::get, "/metrics", std::nullopt, handlers::MetricsPage(p.metrics)});
  p.router = std::make_unique<Router>(std::move(routes), p.authenticator, p.metrics);

  common::net::HttpsServerOptions options;
  options.address = config.listen_address;
  options.port = config.listen_port;
  options.worker_threads = config.worker_threads;
  // Bodies up to twice the document limit are read, so that an oversized document is answered
  // 413 by the handler and quarantined; beyond that the server refuses without reading.
  options.body_limit = 2 * config.max_document_bytes;
  options.read_timeout = config.read_timeout;
  options.idle_timeout = config.idle_timeout;
  options.drain_timeout = config.drain_timeout;
  options.max_connections = config.max_connections;
  options.max_connections_per_address = config.max_connections_per_address;
  options.max_in_flight = config.max_in_flight;
  options.server_name = "ncirt-intake";
  Router* router = p.router.get();
  p.server = std::make_unique<common::net::HttpsServer>(
      options, *p.tls,
      [router](common::net::HttpRequest& request) { return router->Handle(request); });

  common::net::HttpsServer* server = p.server.get();
  store::PgHealthStore* health = &p.health;
  auto& registry = p.metrics.registry();
  registry.AddGauge("ncirt_intake_triage_queue_depth",
                    "Incidents created or updated that triage has not taken yet.",
                    [health]() -> std::optional<double> {
                      auto depth = health->PendingTriage();
                      if (!depth) return std::nullopt;
                      return static_cast<double>(*depth);
                    });
  registry.AddGauge("ncirt_intake_connections_open", "Open HTTPS connections.", [server] {
    return std::optional<double>(static_cast<double>(server->Stats().connections_open));
  });
  registry.AddObservedCounter(
      "ncirt_intake_requests_shed_total",
      "Requests answered 429 because too many were in flight (load shedding).", [server] {
        return std::optional<double>(static_cast<double>(server->Stats().requests_shed));
      });
  registry.AddObservedCounter(
      "ncirt_intake_connections_refused_total",
      "Connections closed at once because of the connection limits.", [server] {
        return std::optional<double>(static_cast<double>(server->Stats().connections_refused));
      });
  return std::unique_ptr<App>(new App(std::move(parts)));
}

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

App::~App() { Stop(); }

common::Result<void> App::Start() {
  if (auto started = parts_->server->Start(); !started) return started;
  parts_->purger.Start();
  common::log::Info("intake_listening", {{"address", parts_->config.listen_address},
                                         {"port", parts_->server->Port()}});
  return {};
}

std::uint16_t App::Port() const { return parts_->server->Port(); }

void App::Stop() {
  if (parts_->stopped) return;
  parts_->stopped = true;
  common::log::Info("intake_stopping", {});
  parts_->server->Stop();
  parts_->purger.Stop();
  common::log::Info("intake_stopped", {});
}

}  // namespace ncirt::intake
