// The web console's static files (issue 7).
#include "triage/route_modules.hpp"

namespace ncirt::triage {

// This part has no routes yet; its owner adds them here.
std::vector<Route> ConsoleRoutes(const RouteDeps& /*deps*/) { return {}; }

}  // namespace ncirt::triage
