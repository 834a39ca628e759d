#pragma once
// Statistics read from PostgreSQL: the monthly summary tables and their deltas (migration
// triage_statistics, which explains why the summary is always exact), the incident rows of
// partial months and of durations, the SLA targets, and exchange's share records.
//
// Load() reads everything in one REPEATABLE READ transaction, so the figures of one answer
// belong to one instant even while incidents change. Compact() folds committed deltas into
// the summary first (it changes no figure, only how much a later read has to add up); the
// routes call it before each load, and a compaction already running elsewhere is not waited
// for.
//
// Costs (docs/benchmarks.md): whole years come from year rows and other whole months from
// month rows of the summary (a few rows per category, state, source, priority, constituent,
// registry organisation, set of sectors and TLP; one per duration bucket and priority; one per
// indicator value and TLP), plus the deltas
// not compacted yet; the partial months at the edges are read from incident rows through the
// index on triage.incidents (created_at). Durations are bucketed (durations.hpp).
//
// Thread-safety: one instance may be shared by all threads (it holds only the pool).

#include <pqxx/connection>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "triage/clock.hpp"
#include "triage/stats/statistics.hpp"
#include "triage/store/audit_log.hpp"

namespace ncirt::triage::stats {

// Registers the statements below on a pool connection (module_statements.cpp chains it).
void PrepareStatsStatements(pqxx::connection& connection);

inline constexpr int kMaxTop = 100;

// Who reads, for the audit of restricted reads (restricted_reads.hpp).
struct ReadAudit {
  store::Actor actor;
  // "statistics" or "annual-report".
  std::string report;
  TimePoint at;
};

class StatsStore {
 public:
  // REQUIRES: the pool outlives the store and prepares PrepareStatsStatements.
  explicit StatsStore(common::pg::Pool& pool) : pool_(pool) {}

  // Moves committed deltas into the summary; false when another compaction was running.
  common::Result<bool> Compact();

  // The figures of `period`; named items from incidents up to `ceiling`, `top` (1..kMaxTop)
  // of each. With `audit`, an answer showing named items drawn from restricted incidents is
  // recorded in the audit log in the same transaction (it is never returned without it).
  common::Result<Statistics> Load(const Period& period, Tlp ceiling, int top,
                                  const ReadAudit* audit = nullptr);

  // Records a refused request for a ceiling above the role's (restricted_reads.hpp).
  common::Result<void> AuditRefused(const ReadAudit& audit, const Period& period, Tlp asked,
                                    Tlp role_ceiling);

 private:
  common::pg::Pool& pool_;
};

}  // namespace ncirt::triage::stats
