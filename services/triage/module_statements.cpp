// Chains the prepared statements of the route modules (route_modules.hpp). A module with
// statements adds its Prepare function's call here.
#include "triage/route_modules.hpp"
#include "triage/sharing/sharing_store.hpp"

namespace ncirt::triage {

void PrepareModuleStatements(pqxx::connection& connection) {
  sharing::PrepareStatements(connection);
}

}  // namespace ncirt::triage
