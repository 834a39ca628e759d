#pragma once
// Statistics as JSON and as CSV, the two machine-readable forms of GET /v1/statistics
// (docs/api-statistics.md shows both). Durations are integers in milliseconds; a figure that
// does not exist (the median of nothing) is JSON null and an empty CSV field.
//
// CSV (RFC 4180, CRLF line ends) is one long table, so every figure is one row that a
// spreadsheet can filter: `section,key,measure,value`, e.g.
// `category,fraud/phishing,incidents,120` or `sla,P1,time_to_triage_median_ms,840000`.
// Fields holding a comma, quote or line break are quoted, and a field that a spreadsheet would
// run as a formula (starting with =, +, - or @) gets a leading apostrophe, since indicator
// values come from outside.
//
// Thread-safety: pure functions.

#include <string>

#include <nlohmann/json.hpp>

#include "triage/stats/statistics.hpp"

namespace ncirt::triage::stats {

nlohmann::json StatisticsJson(const Statistics& statistics);

std::string StatisticsCsv(const Statistics& statistics);

// One CSV field, quoted and defused as described above.
std::string CsvField(std::string_view text);

}  // namespace ncirt::triage::stats
