#pragma once
// The parts of the triage service that bring their own routes: the constituency registry and
// correlation, sharing with partner CIRTs, statistics, and the web console. Each part lives in
// its own folder and returns its routes from one function; App concatenates them after the core
// routes (routes.hpp), so adding a part never touches another part's code.
//
// A part may keep its own prepared statements: App's pool runs PrepareModuleStatements on every
// new connection, after the core's.
//
// Thread-safety: the functions run once, at App::Create; the handlers they return run
// concurrently and may share the dependencies below, which are all thread-safe.

#include <vector>

#include <pqxx/connection>

#include "common/pg/pool.hpp"
#include "triage/auth/password.hpp"
#include "triage/clock.hpp"
#include "triage/routes.hpp"
#include "triage/store/queue_store.hpp"
#include "triage/store/user_store.hpp"
#include "triage/store/work_store.hpp"
#include "triage/triage_config.hpp"

namespace ncirt::triage {

// What a part may use; all of it outlives the routes.
struct RouteDeps {
  const TriageConfig& config;
  const Clock& clock;
  auth::PasswordCost password_cost;
  common::pg::Pool& pool;
  store::QueueStore& queue;
  store::UserStore& users;
  store::WorkStore& work;
};

// constituency/routes.cpp: organisations, ranges, contacts, CSV import, correlation.
std::vector<Route> ConstituencyRoutes(const RouteDeps& deps);
// sharing/routes.cpp: share an incident with partners, preview, sharing history.
std::vector<Route> SharingRoutes(const RouteDeps& deps);
// stats/routes.cpp: statistics and the annual report.
std::vector<Route> StatisticsRoutes(const RouteDeps& deps);
// console/routes.cpp: the web console's static files.
std::vector<Route> ConsoleRoutes(const RouteDeps& deps);

// Each part's statements, prepared on every new pool connection (module_statements.cpp).
void PrepareModuleStatements(pqxx::connection& connection);

}  // namespace ncirt::triage
