#pragma once
// The outbox in PostgreSQL: exchange.share_versions, exchange.outbox, exchange.sharing_history
// (schemas/sql, "exchange_outbox").
//
// Enqueue() takes the next version with an upsert on share_versions, which also serialises
// concurrent shares of one incident (the row lock is held to the commit), so versions of an
// incident are never duplicated. Outcomes change only pending rows, so a late duplicate answer
// after a re-send does not add a second history entry.
//
// Thread-safety: as OutboxStore; each call runs its own transaction on a pooled connection.

#include <utility>

#include <pqxx/transaction>

#include "common/pg/pool.hpp"
#include "exchange/store/outbox_store.hpp"

namespace ncirt::exchange::store {

// Enqueue's work inside the caller's transaction (triage's share route writes its audit record
// in the same one). REQUIRES: the connection ran PgOutboxStore::Prepare().
Enqueued EnqueueIn(pqxx::work& work, const std::string& incident_id,
                   const std::vector<outbox::PartnerDecision>& decisions,
                   const google::protobuf::Timestamp& shared_at);

// Queues a withdrawal (Share kind WITHDRAWAL, the incident's next version, `reason` as its one
// description) for each (partner id, partner name), with their history entries, and stops
// following the incident's changes until it is shared again. Returns the version.
std::uint64_t WithdrawIn(pqxx::work& work, const std::string& incident_id,
                         const std::vector<std::pair<std::int64_t, std::string>>& partners,
                         const std::string& reason, const google::protobuf::Timestamp& shared_at);

class PgOutboxStore final : public OutboxStore {
 public:
  // REQUIRES: every connection of `pool` ran Prepare() (PoolOptions::on_connect).
  explicit PgOutboxStore(common::pg::Pool& pool) : pool_(pool) {}

  static void Prepare(pqxx::connection& connection);

  common::Result<Enqueued> Enqueue(const std::string& incident_id,
                                   const std::vector<outbox::PartnerDecision>& decisions,
                                   const google::protobuf::Timestamp& shared_at) override;
  common::Result<std::vector<OutboxItem>> Pending(std::int64_t partner_id, std::int64_t after_id,
                                                  int limit) override;
  // One statement: the items, and an EXISTS on the pending-questions index.
  common::Result<PendingRead> PendingAndQuestions(std::int64_t partner_id, std::int64_t after_id,
                                                 int limit) override;
  common::Result<void> MarkDelivered(std::int64_t item_id, const std::string& receiver_incident_id,
                                     bool duplicate) override;
  common::Result<void> MarkRefused(std::int64_t item_id, const std::string& code,
                                   const std::string& message) override;
  common::Result<void> RecordFailedAttempt(std::int64_t item_id,
                                           const std::string& error) override;
  // One transaction for the whole round.
  common::Result<void> RecordOutcomes(const std::vector<ItemOutcome>& outcomes) override;
  common::Result<std::vector<HistoryEntry>> History(const std::string& incident_id) override;

 private:
  common::pg::Pool& pool_;
};

}  // namespace ncirt::exchange::store
