#pragma once
// ShareBatchStore on PostgreSQL: intake's rows and exchange's received_shares rows in one
// READ COMMITTED transaction run by common/pg's RunTransaction (a deadlock with another batch
// is retried whole).
//
// A batch of several entries costs a fixed number of statements for its common case, new
// Shares of incidents the receiver does not have yet: one look-up of the received-share
// records for all entries, one statement creating all their incidents (intake's
// PgIncidentStore::CreateNewIn: documents, incidents, indicators, triage announcements) and
// one recording all the Shares. An entry that the records know (a re-sent Share, a later
// version), whose IncidentID exists, or that shares a key with another entry of the batch
// takes the one-by-one path instead, in batch order, in the same transaction: the look-ups and
// SubmitIn of PgReceivedShareStore and PgIncidentStore, so its decision is the one
// ShareBatchStore describes. Lane::kOneByOne stores every entry that way: the reference the
// set-based lane is tested against (tests/integration/exchange/share_batch_store_test.cpp).
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
  enum class Lane { kSetBased, kOneByOne };

  PgShareBatchStore(common::pg::Pool& pool, intake::store::PgIncidentStore& incidents,
                    Lane lane = Lane::kSetBased)
      : pool_(pool), incidents_(incidents), lane_(lane) {}

  common::Result<std::vector<BatchOutcome>> CommitVersions(
      const std::vector<BatchEntry>& entries) override;

 private:
  common::pg::Pool& pool_;
  intake::store::PgIncidentStore& incidents_;
  Lane lane_;
};

}  // namespace ncirt::exchange::store
