// The routes that share incidents with partner CIRTs (issue 6).
#include "triage/route_modules.hpp"

namespace ncirt::triage {

// This part has no routes yet; its owner adds them here.
std::vector<Route> SharingRoutes(const RouteDeps& /*deps*/) { return {}; }

}  // namespace ncirt::triage
