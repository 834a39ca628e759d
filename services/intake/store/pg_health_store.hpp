#pragma once
// HealthStore on PostgreSQL: readiness (reachable, schema at least as new as the migrations
// built into this binary) and the triage outbox depth. Database failures are returned as
// kUnavailable values, never thrown: a probe must get an answer.
//
// Thread-safety: safe for concurrent use (each call borrows its own connection).

#include <chrono>

#include <pqxx/connection>

#include "common/pg/pool.hpp"
#include "intake/store/health_store.hpp"

namespace ncirt::intake::store {

class PgHealthStore final : public HealthStore {
 public:
  // `pool` must outlive the store. Probes wait at most `acquire_timeout` for a connection.
  explicit PgHealthStore(common::pg::Pool& pool,
                         std::chrono::milliseconds acquire_timeout = std::chrono::seconds(1));

  static void Prepare(pqxx::connection& connection);

  common::Result<void> Ready() override;
  common::Result<std::int64_t> PendingTriage() override;

 private:
  common::pg::Pool& pool_;
  const std::chrono::milliseconds acquire_timeout_;
  const int required_version_;
};

}  // namespace ncirt::intake::store
