#include "triage/app.hpp"

#include <fstream>

#include "common/log/log.hpp"
#include "common/net/https_server.hpp"
#include "common/net/tls_context.hpp"
#include "common/pg/pool.hpp"
#include "triage/auth/secret.hpp"
#include "triage/handlers/admin.hpp"
#include "triage/handlers/health.hpp"
#include "triage/handlers/incidents.hpp"
#include "triage/handlers/session.hpp"
#include "triage/handlers/users.hpp"
#include "triage/handlers/work.hpp"
#include "triage/outbox_poller.hpp"
#include "triage/route_modules.hpp"
#include "triage/routes.hpp"
#include "triage/triage_metrics.hpp"
#include "triage/store/detail_store.hpp"
#include "triage/store/metrics_store.hpp"
#include "triage/store/queue_store.hpp"
#include "triage/store/user_store.hpp"
#include "triage/store/work_store.hpp"

namespace ncirt::triage {

namespace http = boost::beast::http;
using auth::Permission;

// Declaration order is construction order; destruction runs backwards, so the server and the
// poller (which call into everything) go first and the pool last.
struct App::Parts {
  Parts(const TriageConfig& c, const Clock& clk, auth::PasswordCost cost)
      : config(c),
        clock(clk),
        password_cost(cost),
        pool({.dsn = c.database_url,
              .max_connections = c.database_pool_size,
              .on_connect =
                  [](pqxx::connection& connection) {
                    store::PrepareStatements(connection);
                    PrepareModuleStatements(connection);
                  }}),
        queue(pool, clk),
        users(pool, clk),
        work(pool, clk),
        details(pool, clk),
        gauges(pool, clk),
        metrics(gauges),
        poller(queue, c.outbox_interval, &users) {}

  const TriageConfig config;
  const Clock& clock;
  const auth::PasswordCost password_cost;
  common::pg::Pool pool;
  store::QueueStore queue;
  store::UserStore users;
  store::WorkStore work;
  store::DetailStore details;
  store::MetricsStore gauges;
  TriageMetrics metrics;
  OutboxPoller poller;
  std::unique_ptr<Router> router;
  common::net::ContextPtr tls;
  std::unique_ptr<common::net::HttpsServer> server;
  bool started = false;
  bool stopped = false;
};

common::Result<std::unique_ptr<App>> App::Create(const TriageConfig& config, const Clock& clock,
                                                 auth::PasswordCost password_cost) {
  auto tls = common::net::MakeServerContext({.certificate_file = config.tls_certificate_file,
                                             .private_key_file = config.tls_private_key_file,
                                             .min_version = common::net::TlsMinVersion::kTls12});
  if (!tls) return std::unexpected(std::move(tls.error()));
  auto decoy = auth::HashPassword(auth::NewSecret(), password_cost);
  if (!decoy) return std::unexpected(std::move(decoy.error()));
  auto parts = std::make_unique<Parts>(config, clock, password_cost);
  Parts& p = *parts;
  p.tls = std::move(*tls);

  // Every route names the permission it needs (auth/roles.hpp); nullopt means public.
  std::vector<Route> routes;
  routes.push_back({http::verb::post, "/v1/session", std::nullopt,
                    handlers::Login(p.users, p.clock,
                                    {.ttl = config.session_ttl, .decoy_hash = *decoy})});
  routes.push_back({http::verb::delete_, "/v1/session", Permission::kRead,
                    handlers::Logout(p.users)});
  routes.push_back({http::verb::post, "/v1/queue/claim", Permission::kWork,
                    handlers::ClaimNext(p.queue)});
  routes.push_back({http::verb::get, "/v1/queue", Permission::kRead,
                    handlers::ListQueue(p.work)});
  routes.push_back({http::verb::put, "/v1/incidents/{id}/assignee", Permission::kWork,
                    handlers::AssignIncident(p.work)});
  routes.push_back({http::verb::put, "/v1/incidents/{id}/category", Permission::kWork,
                    handlers::SetCategory(p.work)});
  routes.push_back({http::verb::put, "/v1/incidents/{id}/priority", Permission::kWork,
                    handlers::SetPriorityOverride(p.work)});
  routes.push_back({http::verb::post, "/v1/incidents/{id}/comments", Permission::kWork,
                    handlers::AddComment(p.work)});
  routes.push_back({http::verb::get, "/v1/incidents/{id}/comments", Permission::kRead,
                    handlers::ListComments(p.work)});
  routes.push_back({http::verb::post, "/v1/incidents/{id}/links", Permission::kWork,
                    handlers::AddLink(p.work)});
  routes.push_back({http::verb::get, "/v1/incidents/{id}/links", Permission::kRead,
                    handlers::ListLinks(p.work)});
  routes.push_back({http::verb::get, "/v1/incidents/{id}", Permission::kRead,
                    handlers::GetIncident(p.details)});
  routes.push_back({http::verb::post, "/v1/incidents/{id}/transition", Permission::kWork,
                    handlers::TransitionIncident(p.queue)});
  routes.push_back({http::verb::post, "/v1/incidents/{id}/merge", Permission::kWork,
                    handlers::MergeIncident(p.queue)});
  routes.push_back({http::verb::get, "/v1/sla-targets/{priority}", Permission::kRead,
                    handlers::GetSlaTargets(p.queue)});
  routes.push_back({http::verb::put, "/v1/sla-targets/{priority}", Permission::kLead,
                    handlers::PutSlaTargets(p.queue)});
  routes.push_back({http::verb::post, "/v1/users", Permission::kAdmin,
                    handlers::CreateUser(p.users, p.password_cost)});
  routes.push_back({http::verb::get, "/v1/users", Permission::kAdmin,
                    handlers::ListUsers(p.users)});
  routes.push_back({http::verb::put, "/v1/users/{name}/role", Permission::kAdmin,
                    handlers::SetUserRole(p.users)});
  routes.push_back({http::verb::put, "/v1/users/{name}/disabled", Permission::kAdmin,
                    handlers::SetUserDisabled(p.users)});
  routes.push_back({http::verb::post, "/v1/tokens", Permission::kAdmin,
                    handlers::CreateToken(p.users)});
  routes.push_back({http::verb::get, "/v1/tokens", Permission::kAdmin,
                    handlers::ListTokens(p.users)});
  routes.push_back({http::verb::delete_, "/v1/tokens/{id}", Permission::kAdmin,
                    handlers::RevokeToken(p.users)});
  routes.push_back({http::verb::get, "/v1/me", Permission::kRead, handlers::Me()});
  routes.push_back({http::verb::get, "/v1/audit/verify", Permission::kAudit,
                    handlers::VerifyAudit(p.queue)});
  routes.push_back({http::verb::get, "/healthz", std::nullopt, handlers::Healthz});
  routes.push_back({http::verb::get, "/readyz", std::nullopt, handlers::Readyz(p.pool)});
  routes.push_back({http::verb::get, "/metrics", std::nullopt, handlers::Metrics(p.metrics)});
  const RouteDeps deps{p.config, p.clock, p.password_cost, p.pool, p.queue, p.users, p.work};
  for (auto* part : {ConstituencyRoutes, SharingRoutes, StatisticsRoutes, ConsoleRoutes}) {
    for (Route& route : part(deps)) routes.push_back(std::move(route));
  }
  p.router = std::make_unique<Router>(std::move(routes), p.users, &p.metrics);

  common::net::HttpsServerOptions options;
  options.address = config.listen_address;
  options.port = config.listen_port;
  options.worker_threads = config.worker_threads;
  // Triage takes small JSON bodies only.
  options.body_limit = 64u << 10;
  options.server_name = "ncirt-triage";
  Router* router = p.router.get();
  p.server = std::make_unique<common::net::HttpsServer>(
      options, *p.tls,
      [router](common::net::HttpRequest& request) { return router->Handle(request); });
  return std::unique_ptr<App>(new App(std::move(parts)));
}

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

App::~App() { Stop(); }

common::Result<void> App::Start() {
  Parts& p = *parts_;
  if (!p.config.bootstrap_admin.empty()) {
    std::ifstream file(p.config.bootstrap_password_file);
    std::string password;
    if (!file || !std::getline(file, password)) {
      return common::Fail(common::ErrorKind::kBadConfig,
                          "cannot read the bootstrap admin's password from '" +
                              p.config.bootstrap_password_file + "'",
                          "NCIRT_TRIAGE_BOOTSTRAP_PASSWORD_FILE");
    }
    auto hash = auth::HashPassword(password, p.password_cost);
    if (!hash) {
      return common::Fail(common::ErrorKind::kBadConfig,
                          "bootstrap admin password: " + hash.error().message,
                          "NCIRT_TRIAGE_BOOTSTRAP_PASSWORD_FILE");
    }
    auto created = p.users.EnsureBootstrapAdmin(p.config.bootstrap_admin, *hash);
    if (!created) return std::unexpected(created.error());
    common::log::Info("bootstrap_admin", {{"name", p.config.bootstrap_admin},
                                          {"created", *created ? "yes" : "exists already"}});
  }
  if (auto started = p.server->Start(); !started) return started;
  p.poller.Start();
  p.started = true;
  common::log::Info("listening", {{"port", std::to_string(p.server->Port())}});
  return {};
}

std::uint16_t App::Port() const { return parts_->server->Port(); }

const std::vector<Route>& App::Routes() const { return parts_->router->routes(); }

void App::Stop() {
  Parts& p = *parts_;
  if (p.stopped) return;
  p.stopped = true;
  if (p.server) p.server->Stop();
  p.poller.Stop();
}

}  // namespace ncirt::triage
