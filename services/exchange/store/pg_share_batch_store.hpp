#pragma once
// ShareBatchStore on PostgreSQL: intake's PgIncidentStore::SubmitIn and exchange's
// received_shares rows (PgReceivedShareStore's statements) in one READ COMMITTED transaction
// run by common/pg's RunTransaction (a deadlock with another batch is retried whole).
//
// Thread-safety: as ShareBatchStore; each call runs its own transaction.

#include "common/pg/pool.hpp"
#include "exchange/store/share_batch_store.hpp"
#include "intake/store/pg_incident_store.hpp"

namespace ncirt::exchange::store {

class PgShareBatchStore final : public ShareBatchStore {
 public:
  // REQUIRES: every connection of `pool` ran intake's and PgReceivedShareStore's Prepare();
  // `incidents` uses the same pool. Both must outlive the store.
  PgShareBatchStore(common::pg::Pool& pool, intake::store::PgIncidentStore& incidents)
      : pool_(pool), incidents_(incidents) {}

  common::Result<std::vector<BatchOutcome>> CommitVersions(
      const std::vector<BatchEntry>& entries) override;

 private:
  common::pg::Pool& pool_;
  intake::store::PgIncidentStore& incidents_;
};

}  // namespace ncirt::exchange::store
