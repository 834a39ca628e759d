#pragma once
// What the SQL of constituency/ and correlation/ shares: the conversions between
// milliseconds since the epoch (how triage passes time, clock.hpp) and timestamptz, including
// the open ends of a validity interval (NULL <-> -infinity / infinity), PostgreSQL array
// literals for passing lists as one parameter, and the per-file Prepare functions that
// PrepareConstituencyStatements (matcher.hpp) chains. Internal to these two folders.
//
// Thread-safety: macros, constants and pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection_base>

#include "triage/clock.hpp"

// Exact conversions on the server side, as in triage's queue store.
#define NCIRT_CONSTITUENCY_MS_TO_TS(n) \
  "('epoch'::timestamptz + " n "::bigint * interval '1 millisecond')"
#define NCIRT_CONSTITUENCY_TS_TO_MS(c) "(extract(epoch FROM " c ") * 1000)::bigint"
// A nullable millisecond parameter as the start / end of a validity interval.
#define NCIRT_CONSTITUENCY_FROM(n) \
  "coalesce(" NCIRT_CONSTITUENCY_MS_TO_TS(n) ", '-infinity'::timestamptz)"
// A validity bound as nullable milliseconds (NULL for +-infinity).
#define NCIRT_CONSTITUENCY_BOUND_MS(c) \
  "CASE WHEN isfinite(" c ") THEN " NCIRT_CONSTITUENCY_TS_TO_MS(c) " END"

namespace ncirt::triage::constituency {

// '{"a","b"}' with each element quoted and escaped.
std::string TextArray(const std::vector<std::string>& values);
std::string IntArray(const std::vector<std::int64_t>& values);
std::string IntArray(const std::vector<int>& values);

// A nullable bigint parameter: the decimal text, or nullptr for SQL NULL.
struct NullableMs {
  explicit NullableMs(const std::optional<TimePoint>& t)
      : text(t ? std::optional<std::string>(std::to_string(t->time_since_epoch().count()))
               : std::nullopt) {}
  const char* Param() const { return text ? text->c_str() : nullptr; }
  std::optional<std::string> text;
};

void PrepareMatcherStatements(pqxx::connection_base& connection);
void PrepareRegistryStatements(pqxx::connection_base& connection);

}  // namespace ncirt::triage::constituency
