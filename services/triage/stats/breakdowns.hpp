#pragma once
// Turns the summed count rows of a period (one per dimension, value and TLP, as
// stats_store.hpp reads them) into the breakdowns of Statistics: categories and their RSIT
// classes, states, TLPs, priorities, sources with their kind and partner country, sectors and
// critical-infrastructure status, and the most affected organisations under the TLP ceiling.
// Kept apart from the SQL so every rule here is unit-tested without a database.
//
// Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <vector>

#include "triage/stats/statistics.hpp"

namespace ncirt::triage::stats {

struct CountRow {
  // "category", "state", "submitter", "constituent" or "priority" (migration
  // triage_statistics); "sectors" or "organisation" (migration triage_statistics_registry).
  std::string dimension;
  std::string value;
  std::string tlp;
  std::int64_t n = 0;
};

struct PartnerRef {
  std::string name;
  std::string country;
};

// What the constituency registry says about the period's incidents: the organisations each
// incident's indicators matched (triage.incident_constituents), with the sectors of the
// registry versions matched. Counted in distinct incidents, merged duplicates excluded.
struct ConstituencyFigures {
  // False when the registry holds no organisation at all.
  bool known = false;
  // Incidents per sector; an incident touching organisations of two sectors counts in both.
  std::vector<Count> sectors;
  // Incidents that matched any organisation, and those that matched one in a
  // critical-infrastructure sector.
  std::int64_t matched = 0;
  std::int64_t critical = 0;
  // Incidents per organisation handle, from incidents up to the TLP ceiling.
  std::vector<Count> organisations;
  // Every registered handle: a submitter named like one is that constituent.
  std::vector<std::string> handles;
};

// The key an incident without a category is counted under.
inline constexpr const char* kUncategorised = "uncategorised";
// The kind, sector or status of what the registry does not (yet) know.
inline constexpr const char* kUnknown = "unknown";
// Intake's submitter prefix of a partner CIRT's incidents (exchange/receiver.hpp).
inline constexpr const char* kPartnerPrefix = "partner:";

// Fills incidents, merged, by_category, by_class, by_state, by_tlp, by_priority, by_source,
// by_source_kind, by_partner_country, by_sector, by_critical_infrastructure and
// top_organisations of `out` (at most `top` of them). `out.ceiling` must be set.
//
// With a registry, sectors are the registry's plus "unknown" for incidents that matched no
// organisation, critical infrastructure is yes / no / unknown likewise, organisations are the
// matched ones, and a submitter that is not a partner is a "constituent" when it bears an
// organisation's handle, else a "sensor". Without one, all of these are "unknown" and
// organisations come from the incidents' constituent field.
void AssembleCounts(const std::vector<CountRow>& rows, const std::vector<PartnerRef>& partners,
                    int top, Statistics& out,
                    const ConstituencyFigures& constituency = ConstituencyFigures{});

// The registry figures from the count rows of dimension "sectors" (value: an incident's
// sorted, distinct sectors joined by ','; one row per such set and TLP) and "organisation"
// (value: a handle), summed over TLPs; organisations only from TLPs up to `ceiling`. An
// incident counts once in each of its sectors, once as matched, and once as critical
// infrastructure when any of its sectors is one (constituency/registry_types.hpp). `handles`:
// the registered organisations (none: known = false).
ConstituencyFigures RegistryFigures(const std::vector<CountRow>& rows, Tlp ceiling,
                                    std::vector<std::string> handles);

// Sorts by incidents, most first, then by key.
void SortCounts(std::vector<Count>& counts);

}  // namespace ncirt::triage::stats
