#pragma once
// The query strings of the statistics routes, parsed and checked before anything is read:
// GET /v1/statistics?from=&to=[&tlp=][&top=][&format=] and
// GET /v1/reports/annual?year=[&tlp=][&top=] (docs/api-statistics.md). An unknown or repeated
// parameter, or a malformed value, is a kBadRequest naming the parameter, so a typo such as
// `?form=` is not silently ignored.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "common/error/error.hpp"
#include "triage/stats/period.hpp"

namespace ncirt::triage::stats {

inline constexpr int kDefaultTop = 10;

struct StatsRequest {
  Period period;
  // The `tlp` parameter as given (visibility.hpp checks it against the role).
  std::optional<std::string> tlp;
  int top = kDefaultTop;
  bool csv = false;
};

// `accept` is the Accept header: text/csv chooses CSV when `format` is absent.
common::Result<StatsRequest> ParseStatisticsQuery(std::string_view query,
                                                  std::string_view accept);

common::Result<StatsRequest> ParseAnnualQuery(std::string_view query);

}  // namespace ncirt::triage::stats
