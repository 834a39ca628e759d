#include "triage/stats/period.hpp"

#include <charconv>
#include <cstdio>

namespace ncirt::triage::stats {
namespace {

using namespace std::chrono;
using common::ErrorKind;
using common::Fail;

std::optional<int> Digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<TimePoint> Parse(std::string_view text) {
  if (text.size() != 10 && text.size() != 20) return std::nullopt;
  const auto y = Digits(text, 0, 4), m = Digits(text, 5, 2), d = Digits(text, 8, 2);
  if (!y || !m || !d || text[4] != '-' || text[7] != '-') return std::nullopt;
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*m)},
                            day{static_cast<unsigned>(*d)}};
  if (!date.ok() || *y < 1970) return std::nullopt;
  TimePoint at = time_point_cast<milliseconds>(sys_days{date});
  if (text.size() == 10) return at;
  const auto hh = Digits(text, 11, 2), mm = Digits(text, 14, 2), ss = Digits(text, 17, 2);
  if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z' || !hh || !mm ||
      !ss || *hh > 23 || *mm > 59 || *ss > 59) {
    return std::nullopt;
  }
  return at + hours{*hh} + minutes{*mm} + seconds{*ss};
}

TimePoint MonthStart(TimePoint at) {
  const year_month_day date{floor<days>(at)};
  return time_point_cast<milliseconds>(sys_days{date.year() / date.month() / 1});
}

}  // namespace

common::Result<TimePoint> ParseInstant(std::string_view text, std::string_view parameter) {
  if (auto at = Parse(text)) return *at;
  return Fail(ErrorKind::kBadRequest,
              "parameter '" + std::string(parameter) + "' is '" + std::string(text.substr(0, 40)) +
                  "': expected a UTC date YYYY-MM-DD or instant YYYY-MM-DDTHH:MM:SSZ, year "
                  "1970 or later",
              std::string(parameter));
}

common::Result<Period> ParsePeriod(const std::optional<std::string>& from,
                                   const std::optional<std::string>& to) {
  if (!from || !to) {
    return Fail(ErrorKind::kBadRequest,
                std::string("parameter '") + (from ? "to" : "from") +
                    "' is missing: statistics need a period, e.g. "
                    "?from=2025-01-01&to=2026-01-01 (to is exclusive)",
                from ? "to" : "from");
  }
  auto start = ParseInstant(*from, "from");
  if (!start) return std::unexpected(start.error());
  auto end = ParseInstant(*to, "to");
  if (!end) return std::unexpected(end.error());
  if (*end <= *start) {
    return Fail(ErrorKind::kBadRequest,
                "'to' (" + *to + ") must be after 'from' (" + *from + "); to is exclusive", "to");
  }
  if (*end - *start > kMaxPeriod) {
    return Fail(ErrorKind::kBadRequest,
                "the period from " + *from + " to " + *to + " is longer than " +
                    std::to_string(kMaxPeriod.count()) + " days; ask for shorter periods",
                "to");
  }
  return Period{*start, *end};
}

common::Result<Period> YearPeriod(std::string_view text) {
  const auto y = text.size() == 4 ? Digits(text, 0, 4) : std::nullopt;
  if (!y || *y < 1970 || *y > 9998) {
    return Fail(ErrorKind::kBadRequest,
                "parameter 'year' is '" + std::string(text.substr(0, 40)) +
                    "': expected a four-digit year from 1970 to 9998",
                "year");
  }
  const auto start = time_point_cast<milliseconds>(sys_days{year{*y} / January / 1});
  const auto end = time_point_cast<milliseconds>(sys_days{year{*y + 1} / January / 1});
  return Period{start, end};
}

std::string FormatDate(TimePoint at) {
  const year_month_day date{floor<days>(at)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

std::string FormatInstant(TimePoint at) {
  const auto day_start = floor<days>(at);
  const hh_mm_ss<milliseconds> time{at - day_start};
  char text[32];
  std::snprintf(text, sizeof text, "T%02d:%02d:%02d", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  std::string out = FormatDate(at) + text;
  if (time.subseconds().count() != 0) {
    std::snprintf(text, sizeof text, ".%03d", static_cast<int>(time.subseconds().count()));
    out += text;
  }
  return out + "Z";
}

PeriodSplit SplitByMonth(const Period& period) {
  TimePoint first = MonthStart(period.from);
  if (first < period.from) {
    const year_month_day date{floor<days>(first)};
    first = time_point_cast<milliseconds>(sys_days{(date.year() / date.month() / 1) + months{1}});
  }
  const TimePoint end = MonthStart(period.to);
  if (first >= end) return PeriodSplit{period.to, period.to, first, first, first, first};
  const year_month_day first_date{floor<days>(first)};
  TimePoint first_year = time_point_cast<milliseconds>(sys_days{first_date.year() / January / 1});
  if (first_year < first) {
    first_year =
        time_point_cast<milliseconds>(sys_days{(first_date.year() + years{1}) / January / 1});
  }
  const TimePoint end_year = time_point_cast<milliseconds>(
      sys_days{year_month_day{floor<days>(end)}.year() / January / 1});
  if (first_year >= end_year) return PeriodSplit{first, end, first, end, first, first};
  return PeriodSplit{first, end, first, end, first_year, end_year};
}

}  // namespace ncirt::triage::stats
