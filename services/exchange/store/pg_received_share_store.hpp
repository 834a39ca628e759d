#pragma once
// ReceivedShareStore over exchange.received_shares (schemas/sql, "exchange_outbox" and
// "exchange_follow"). A withdrawal also writes triage's tables (the incident's state, a
// comment, and its audit record in audit.pending): the receiving side of the exchange is the
// one writer that must change the queue without an analyst, and doing it in the transaction
// that records the withdrawal keeps "acknowledged means done".
//
// Thread-safety: as ReceivedShareStore; each call runs its own transaction.

#include <pqxx/transaction>

#include "common/pg/pool.hpp"
#include "exchange/store/received_share_store.hpp"

namespace ncirt::exchange::store {

class PgReceivedShareStore final : public ReceivedShareStore {
 public:
  // REQUIRES: every connection of `pool` ran Prepare() (PoolOptions::on_connect).
  explicit PgReceivedShareStore(common::pg::Pool& pool) : pool_(pool) {}

  static void Prepare(pqxx::connection& connection);

  // The statements of Find, Latest and Record inside a caller's transaction (the group
  // commit's batch, pg_share_batch_store.hpp).
  static std::optional<ReceivedShare> FindIn(pqxx::work& work, std::int64_t partner_id,
                                             const std::string& share_id);
  static std::optional<ReceivedShare> LatestIn(pqxx::work& work, std::int64_t partner_id,
                                               const std::string& origin_incident_id);
  static void RecordIn(pqxx::work& work, const ReceivedShare& share);

  common::Result<std::optional<ReceivedShare>> Find(std::int64_t partner_id,
                                                    const std::string& share_id) override;
  common::Result<std::optional<ReceivedShare>> Latest(
      std::int64_t partner_id, const std::string& origin_incident_id) override;
  // Both reads in one transaction.
  common::Result<Lookup> FindWithLatest(std::int64_t partner_id, const std::string& share_id,
                                        const std::string& origin_incident_id) override;
  common::Result<void> Record(const ReceivedShare& share) override;
  common::Result<void> Withdraw(const ReceivedShare& share, const std::string& partner_name,
                                const std::string& reason) override;
  common::Result<std::optional<ReceivedStatus>> Status(
      std::int64_t partner_id, const std::string& origin_incident_id) override;

 private:
  common::pg::Pool& pool_;
};

}  // namespace ncirt::exchange::store
