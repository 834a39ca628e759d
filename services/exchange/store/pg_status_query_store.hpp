#pragma once
// Status questions in PostgreSQL (exchange.status_queries, schemas/sql "exchange_status_queries").
// Outcomes change only pending rows, so an answer that arrives after the question was given up
// changes nothing.
//
// Thread-safety: as StatusQueryStore; each call runs its own transaction on a pooled connection.

#include <pqxx/connection>

#include "common/pg/pool.hpp"
#include "exchange/store/status_query_store.hpp"

namespace ncirt::exchange::store {

class PgStatusQueryStore final : public StatusQueryStore {
 public:
  // REQUIRES: every connection of `pool` ran Prepare() (PoolOptions::on_connect).
  explicit PgStatusQueryStore(common::pg::Pool& pool) : pool_(pool) {}

  static void Prepare(pqxx::connection& connection);

  common::Result<std::vector<PendingQuestion>> Pending(std::int64_t partner_id,
                                                       int max_age_seconds, int limit) override;
  common::Result<void> Record(const std::vector<QuestionOutcome>& outcomes) override;

 private:
  common::pg::Pool& pool_;
};

}  // namespace ncirt::exchange::store
