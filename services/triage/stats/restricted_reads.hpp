#pragma once
// The audit of statistics that show restricted content (docs/api-statistics.md, "Who sees
// what"). Triage records every read of an incident marked AMBER, AMBER+STRICT or RED
// (store/detail_store.hpp); the named items of a statistics answer (top indicators and
// organisations) are content of such incidents too, so an answer showing any named item drawn
// from a restricted incident is recorded once, as "statistics-read", in the transaction that
// read it. A request for a ceiling above the caller's role is refused and recorded as
// "statistics-refused" (an attempt to read above one's ceiling).
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "triage/stats/breakdowns.hpp"
#include "triage/stats/statistics.hpp"

namespace ncirt::triage::stats {

// AMBER, AMBER+STRICT and RED: the markings whose reads triage audits.
bool IsRestricted(Tlp tlp);

// Which of the shown named items of `s` were drawn from restricted incidents: indicators by
// their `marking`, organisations by the count rows (`rows`, as AssembleCounts got them) of
// the organisation dimension ("organisation" with a registry, else "constituent") under the
// ceiling.
RestrictedItems FindRestricted(const Statistics& s, const std::vector<CountRow>& rows);

// The audit detail (a JSON object) of an answer named `report` ("statistics",
// "annual-report"), or nullopt when it shows nothing restricted.
std::optional<std::string> RestrictedReadDetail(const Statistics& s, std::string_view report);

// The audit detail of a refused request: what was asked and what the role allows.
std::string RefusedReadDetail(std::string_view report, const Period& period, Tlp asked,
                              Tlp role_ceiling);

}  // namespace ncirt::triage::stats
