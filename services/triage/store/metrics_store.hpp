#pragma once
// The numbers behind triage's gauges (triage_metrics.hpp), read in one statement per scrape.
// Several gauges read the same scrape: a snapshot is kept for a short time so one scrape
// costs one query, not five.
//
// Thread-safety: one instance may be shared by all threads.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include <pqxx/connection>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "triage/clock.hpp"

namespace ncirt::triage::store {

struct QueueGauges {
  std::int64_t new_unassigned = 0;
  std::int64_t overdue_new = 0;
  std::int64_t open = 0;
  std::int64_t outbox_pending = 0;
  std::int64_t audit_pending = 0;
};

void PrepareMetricsStatements(pqxx::connection& connection);

class MetricsStore {
 public:
  MetricsStore(common::pg::Pool& pool, const Clock& clock);

  // The current numbers; a snapshot younger than one second is reused.
  common::Result<QueueGauges> Read();

 private:
  common::pg::Pool& pool_;
  const Clock& clock_;
  std::mutex mutex_;
  std::optional<std::pair<std::chrono::steady_clock::time_point, QueueGauges>> last_;
};

}  // namespace ncirt::triage::store
