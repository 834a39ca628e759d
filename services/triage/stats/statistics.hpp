#pragma once
// The figures of one statistics request: what stats_store.hpp computes and what the JSON, CSV
// and HTML renderings (export.hpp, annual_report.hpp) show. docs/api-statistics.md describes
// every member as it appears in JSON.
//
// Thread-safety: plain values.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "triage/stats/period.hpp"
#include "triage/stats/visibility.hpp"

namespace ncirt::triage::stats {

// One row of a breakdown: a key (a category token, a state, a sector...) and its incidents.
struct Count {
  std::string key;
  std::int64_t incidents = 0;
};

// Where incidents came from: intake's submitter, what kind of source it is and, for partner
// CIRTs, the partner and its country.
struct SourceCount {
  std::string submitter;
  // "partner", "constituent", "sensor", or "unknown" while the constituency registry cannot
  // tell a constituent from a sensor.
  std::string kind;
  std::string partner;
  std::string country;
  std::int64_t incidents = 0;
};

// Durations of one measure (time to triage or to resolve) for one priority or for all.
struct DurationFigures {
  // Incidents the measure applies to (those triaged, or resolved, so far).
  std::int64_t measured = 0;
  // Nearest-rank percentiles (the ceil(p n)-th smallest duration), as the upper bound of its
  // bucket (durations.hpp). Absent when nothing was measured.
  std::optional<std::int64_t> median_ms;
  std::optional<std::int64_t> p90_ms;
  // Measured incidents within the target of their priority.
  std::int64_t within_target = 0;
};

struct SlaRow {
  // 1..4, or nullopt for all priorities together (each against its own priority's target).
  std::optional<int> priority;
  std::optional<std::int64_t> triage_target_s;
  std::optional<std::int64_t> resolve_target_s;
  DurationFigures triage;
  DurationFigures resolve;
};

// Shares with one partner CIRT in the period: sent (exchange.outbox rows created, by their
// delivery state), refused by our own policy before anything was queued, and received.
struct PartnerShares {
  std::string partner;
  std::string country;
  std::int64_t sent = 0;
  std::int64_t delivered = 0;
  std::int64_t pending = 0;
  std::int64_t refused_by_partner = 0;
  std::int64_t refused_by_policy = 0;
  std::int64_t received = 0;
  // Received shares that changed something (a new incident or a newer version).
  std::int64_t received_applied = 0;
};

struct IndicatorCount {
  std::string kind;
  std::string value;
  std::int64_t incidents = 0;
  // The most restrictive marking among the incidents it was counted from (for the audit of
  // restricted reads, restricted_reads.hpp; not part of the JSON or CSV).
  Tlp marking = Tlp::kClear;
};

// The named items of an answer drawn from restricted incidents (AMBER, AMBER+STRICT, RED: the
// markings whose every incident read triage audits).
struct RestrictedItems {
  int indicators = 0;
  int organisations = 0;
  // The most restrictive marking any shown named item was drawn from.
  Tlp highest = Tlp::kClear;
};

struct Statistics {
  Period period;
  // Named items (top indicators, organisations) come from incidents up to this marking.
  Tlp ceiling = Tlp::kClear;
  // Incidents in the period, duplicates (merged) not counted; and the merged duplicates.
  std::int64_t incidents = 0;
  std::int64_t merged = 0;
  // Each sorted by incidents, most first, then by key.
  std::vector<Count> by_category;
  // The RSIT class (the part of the category before '/').
  std::vector<Count> by_class;
  std::vector<Count> by_sector;
  // "yes", "no", "unknown".
  std::vector<Count> by_critical_infrastructure;
  std::vector<SourceCount> by_source;
  std::vector<Count> by_source_kind;
  std::vector<Count> by_partner_country;
  // In TLP order (CLEAR first); every marking listed, zeros included.
  std::vector<Count> by_tlp;
  // In workflow order; every state listed (merged included), zeros included.
  std::vector<Count> by_state;
  // 1..4, zeros included.
  std::vector<Count> by_priority;
  // Incidents per UTC month ("YYYY-MM") that has any, in calendar order.
  std::vector<Count> by_month;
  // Priorities 1..4, then all.
  std::vector<SlaRow> sla;
  std::vector<PartnerShares> partners;
  std::vector<IndicatorCount> top_indicators;
  // Affected organisations (the constituent of each incident), most incidents first.
  std::vector<Count> top_organisations;
  // Which named items came from restricted incidents (filled by StatsStore::Load).
  RestrictedItems restricted;
  // False while triage has no constituency registry: sectors, critical-infrastructure status
  // and constituent-or-sensor are then all "unknown".
  bool constituency_known = false;
};

}  // namespace ncirt::triage::stats
