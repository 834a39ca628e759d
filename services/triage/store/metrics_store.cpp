#include "triage/store/metrics_store.hpp"

#include <pqxx/transaction>

#include "common/pg/transaction.hpp"

namespace ncirt::triage::store {
namespace {

// Counts over the partial indexes of claim-next (new and unassigned) and of the outbox.
constexpr const char* kGauges = "triage_metrics_gauges";
constexpr const char* kGaugesSql =
    "SELECT (SELECT count(*) FROM triage.incidents WHERE state = 'new' AND assignee IS NULL), "
    "(SELECT count(*) FROM triage.incidents WHERE state = 'new' AND assignee IS NULL AND "
    "triage_due_at <= 'epoch'::timestamptz + $1::bigint * interval '1 millisecond'), "
    "(SELECT count(*) FROM triage.incidents WHERE state IN ('new', 'triaged', 'in_progress', "
    "'waiting')), "
    "(SELECT count(*) FROM intake.triage_outbox WHERE delivered_at IS NULL), "
    "(SELECT count(*) FROM audit.pending)";

constexpr auto kReuseFor = std::chrono::seconds(1);

}  // namespace

void PrepareMetricsStatements(pqxx::connection& connection) {
  connection.prepare(kGauges, kGaugesSql);
}

MetricsStore::MetricsStore(common::pg::Pool& pool, const Clock& clock)
    : pool_(pool), clock_(clock) {}

common::Result<QueueGauges> MetricsStore::Read() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (last_ && now - last_->first < kReuseFor) return last_->second;
  }
  auto read = common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    const pqxx::row r =
        work.exec_prepared1(kGauges, clock_.Now().time_since_epoch().count());
    return QueueGauges{r[0].as<std::int64_t>(), r[1].as<std::int64_t>(),
                       r[2].as<std::int64_t>(), r[3].as<std::int64_t>(),
                       r[4].as<std::int64_t>()};
  });
  if (read) {
    std::lock_guard lock(mutex_);
    last_ = std::pair{now, *read};
  }
  return read;
}

}  // namespace ncirt::triage::store
