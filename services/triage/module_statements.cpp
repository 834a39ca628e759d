// Chains the prepared statements of the route modules (route_modules.hpp). A module with
// statements adds its Prepare function's call here.
#include "triage/console/file_incident.hpp"
#include "triage/constituency/matcher.hpp"
#include "triage/route_modules.hpp"
#include "triage/sharing/sharing_store.hpp"
#include "triage/stats/stats_store.hpp"

namespace ncirt::triage {

void PrepareModuleStatements(pqxx::connection& connection) {
  constituency::PrepareConstituencyStatements(connection);
  stats::PrepareStatsStatements(connection);
  console::PrepareConsoleStatements(connection);
  sharing::PrepareStatements(connection);
}

}  // namespace ncirt::triage
