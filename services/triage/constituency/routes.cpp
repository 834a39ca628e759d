// The constituency registry and correlation routes (issue 5).
#include "triage/route_modules.hpp"

namespace ncirt::triage {

// This part has no routes yet; its owner adds them here.
std::vector<Route> ConstituencyRoutes(const RouteDeps& /*deps*/) { return {}; }

}  // namespace ncirt::triage
