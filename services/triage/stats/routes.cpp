// The statistics and annual-report routes (issue 10).
#include "triage/route_modules.hpp"

namespace ncirt::triage {

// This part has no routes yet; its owner adds them here.
std::vector<Route> StatisticsRoutes(const RouteDeps& /*deps*/) { return {}; }

}  // namespace ncirt::triage
