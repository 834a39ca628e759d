#pragma once
// A year (2025) of generated incidents whose attributes follow from their index, written
// straight into the intake, triage and exchange tables the way those services leave them, and
// the figures expected of them computed here by plain counting, independently of the SQL that
// the statistics use.
//
// Thread-safety: used by one test thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "triage/stats/statistics.hpp"

namespace ncirt::triage::stats::testing {

struct GeneratedIncident {
  std::string id;
  std::int64_t created_ms = 0;
  std::string tlp;
  std::optional<std::string> category;
  std::string submitter;
  std::optional<std::string> constituent;
  int priority = 4;
  std::optional<int> severity_override;
  std::string state;
  std::optional<std::string> merged_into;
  std::optional<std::int64_t> triaged_ms;   // time to triage
  std::optional<std::int64_t> resolved_at_ms;
  std::int64_t sla_elapsed_ms = 0;
  // (kind, value); may repeat a pair (different roles), which counts once.
  std::vector<std::pair<std::string, std::string>> indicators;

  int EffectivePriority() const { return severity_override.value_or(priority); }
};

struct GeneratedShare {
  std::string partner;
  std::int64_t at_ms = 0;
  // "delivered", "pending", "refused" (outbox); "policy" (sharing_history refusal);
  // "received" / "received-duplicate" (received_shares).
  std::string what;
};

struct GeneratedYear {
  std::vector<GeneratedIncident> incidents;
  std::vector<GeneratedShare> shares;
};

inline constexpr int kYearIncidents = 1200;

// The incidents and shares of 2025 (and two just outside it, at the boundary instants).
GeneratedYear GenerateYear();

// Writes `year` into the database at `dsn` (migrated, empty), with the partners cert-fr (FR),
// cert-de (DE) and cert-it (IT); the statistics triggers run as for any insert.
void WriteYear(const std::string& dsn, const GeneratedYear& year);

// What the statistics of [from_ms, to_ms) must say; top items limited to `top`.
Statistics Expected(const GeneratedYear& year, std::int64_t from_ms, std::int64_t to_ms,
                    Tlp ceiling, int top);

// Milliseconds since the epoch of midnight UTC on the date.
std::int64_t DateMs(int y, unsigned m, unsigned d);

}  // namespace ncirt::triage::stats::testing
