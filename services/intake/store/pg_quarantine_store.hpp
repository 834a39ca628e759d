#pragma once
// QuarantineStore on PostgreSQL (intake.quarantine, migration 0009). Every SQL statement about
// the quarantine is in pg_quarantine_store.cpp, prepared per connection.
//
// Thread-safety: safe for concurrent use (each call borrows its own connection).

#include <pqxx/connection>

#include "common/pg/pool.hpp"
#include "intake/store/quarantine_store.hpp"

namespace ncirt::intake::store {

class PgQuarantineStore final : public QuarantineStore {
 public:
  // `pool` must outlive the store; its connections must be prepared with Prepare().
  explicit PgQuarantineStore(common::pg::Pool& pool) : pool_(pool) {}

  static void Prepare(pqxx::connection& connection);

  common::Result<std::int64_t> Keep(const QuarantineEntry& entry) override;
  common::Result<std::vector<QuarantineRecord>> List(
      int limit, std::optional<std::int64_t> before_id) override;
  common::Result<QuarantineRecord> Get(std::int64_t id) override;
  common::Result<std::int64_t> PurgeOlderThan(std::chrono::milliseconds age) override;

 private:
  common::pg::Pool& pool_;
};

}  // namespace ncirt::intake::store
