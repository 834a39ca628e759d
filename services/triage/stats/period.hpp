#pragma once
// The period a statistics request covers, and how the summary tables serve it.
//
// A period is the half-open interval [from, to) of arrival times in triage
// (triage.incidents.created_at), in UTC. Requests name it as `from`/`to`, each a date
// (`2025-01-01`, midnight UTC) or an instant (`2025-01-01T06:30:00Z`), or as a `year`. The
// summary tables hold whole UTC months, so a period splits into the whole months it contains,
// read from the summary, and at most two partial months at its edges, read from the incident
// rows themselves (stats_store.hpp).
//
// Thread-safety: pure functions and plain values.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/error/error.hpp"
#include "triage/clock.hpp"

namespace ncirt::triage::stats {

// The longest period a request may cover (ten years and a few leap days).
inline constexpr std::chrono::days kMaxPeriod{3660};

struct Period {
  TimePoint from;
  TimePoint to;  // exclusive
};

// `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`, years 1970..9999. kBadRequest naming
// `parameter` and the expected forms otherwise.
common::Result<TimePoint> ParseInstant(std::string_view text, std::string_view parameter);

// Both bounds are required; from < to; at most kMaxPeriod long.
common::Result<Period> ParsePeriod(const std::optional<std::string>& from,
                                   const std::optional<std::string>& to);

// The calendar year `text` (four digits, 1970..9998) as a period.
common::Result<Period> YearPeriod(std::string_view text);

// The instant as `YYYY-MM-DDTHH:MM:SSZ` (milliseconds are dropped when zero, else `.mmmZ`).
std::string FormatInstant(TimePoint at);
// The date of `at` as `YYYY-MM-DD`.
std::string FormatDate(TimePoint at);

// [from, head_end) and [tail_start, to) are read from incident rows; the whole years
// [first_year, end_year) from the year rows of the summary, and the other whole months in
// [first_month, end_month) from its month rows. Without a whole month inside the period,
// first_month == end_month, head_end == to and tail_start == to; without a whole year,
// first_year == end_year.
struct PeriodSplit {
  TimePoint head_end;
  TimePoint tail_start;
  TimePoint first_month;
  TimePoint end_month;
  TimePoint first_year;
  TimePoint end_year;
};

PeriodSplit SplitByMonth(const Period& period);

}  // namespace ncirt::triage::stats
