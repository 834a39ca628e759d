#pragma once
// The short summary in words that opens the annual report, generated from the figures alone
// (no template text claims anything the figures do not show): volume, the leading categories,
// the busiest month, where incidents came from, how they were marked, how fast they were
// triaged and resolved against the SLA, sharing with partners, and what is not known.
//
// Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <vector>

#include "triage/stats/statistics.hpp"

namespace ncirt::triage::stats {

// Paragraphs of plain text (the caller escapes them for HTML).
std::vector<std::string> SummaryParagraphs(const Statistics& statistics);

// A duration for people: "45 s", "12 min", "3 h 05 min", "2 d 4 h".
std::string HumanDuration(std::int64_t ms);

// `part` of `whole` as a percentage for prose: "37%", "0.4%", "<0.1%"; "0%" for a zero whole.
std::string Percent(std::int64_t part, std::int64_t whole);

// "1 January 2025" for an instant at midnight UTC, else "2025-01-01T06:30:00Z".
std::string HumanInstant(TimePoint at);

// The last day a period covers, for "from ... to ..." prose: the day before an exclusive
// midnight end, or the instant itself otherwise.
std::string HumanPeriod(const Period& period);

}  // namespace ncirt::triage::stats
