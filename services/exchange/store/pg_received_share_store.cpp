#include "exchange/store/pg_received_share_store.hpp"

#include <pqxx/result>
#include <pqxx/transaction>

#include <nlohmann/json.hpp>

#include "common/pg/transaction.hpp"

namespace ncirt::exchange::store {
namespace {

constexpr const char* kFind = "exchange_received_find";
constexpr const char* kLatest = "exchange_received_latest";
constexpr const char* kRecord = "exchange_received_record";
constexpr const char* kRecordWithdrawal = "exchange_received_record_withdrawal";
constexpr const char* kRejectQueued = "exchange_received_reject_queued";
constexpr const char* kWithdrawComment = "exchange_received_withdraw_comment";
constexpr const char* kWithdrawAudit = "exchange_received_withdraw_audit";
constexpr const char* kStatus = "exchange_received_status";
constexpr const char* kLockIncident = "exchange_received_lock_incident";
constexpr const char* kQueuePending = "exchange_received_queue_pending";
constexpr const char* kColumns =
    "partner_id, share_id, origin_incident_id, version, receiver_incident_id, applied";

ReceivedShare ReceivedOf(const pqxx::row& row) {
  return ReceivedShare{.partner_id = row[0].as<std::int64_t>(),
                       .share_id = row[1].as<std::string>(),
                       .origin_incident_id = row[2].as<std::string>(),
                       .version = row[3].as<std::uint64_t>(),
                       .receiver_incident_id = row[4].as<std::string>(),
                       .applied = row[5].as<bool>()};
}

std::optional<ReceivedShare> FirstOf(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return ReceivedOf(rows[0]);
}

}  // namespace

void PgReceivedShareStore::Prepare(pqxx::connection& c) {
  const std::string columns = kColumns;
  c.prepare(kFind, "SELECT " + columns +
                       " FROM exchange.received_shares WHERE partner_id = $1 AND share_id = $2");
  c.prepare(kLatest, "SELECT " + columns +
                         " FROM exchange.received_shares WHERE partner_id = $1 AND "
                         "origin_incident_id = $2 AND applied ORDER BY version DESC LIMIT 1");
  c.prepare(kRecord,
            "INSERT INTO exchange.received_shares (" + columns +
                ", originator) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                "ON CONFLICT (partner_id, share_id) DO NOTHING");
  c.prepare(kRecordWithdrawal,
            "INSERT INTO exchange.received_shares (" + columns +
                ", kind) VALUES ($1, $2, $3, $4, $5, true, 'withdrawal') "
                "ON CONFLICT (partner_id, share_id) DO NOTHING RETURNING 1");
  // The SLA clock stops as in triage's own transition to a closed state (sla.hpp): the time
  // since sla_since is added to sla_elapsed_ms.
  c.prepare(kRejectQueued,
            "UPDATE triage.incidents SET state = 'rejected', "
            "sla_elapsed_ms = sla_elapsed_ms + CASE WHEN sla_since IS NULL THEN 0 ELSE "
            "floor(extract(epoch FROM now() - sla_since) * 1000)::bigint END, "
            "sla_since = NULL, updated_at = now() "
            "WHERE incident_id = $1::uuid AND state NOT IN ('closed', 'rejected', 'merged') "
            "RETURNING 1");
  c.prepare(kWithdrawComment,
            "INSERT INTO triage.comments (incident_id, author, body, created_at) "
            "SELECT incident_id, $2::text, $3::text, now() FROM triage.incidents "
            "WHERE incident_id = $1::uuid");
  c.prepare(kWithdrawAudit,
            "INSERT INTO audit.pending (at, actor, origin, action, subject, detail) "
            "VALUES (now(), $1::text, 'exchange', 'incident.withdrawn_by_partner', $2, $3)");
  // The lock the early-withdrawal trigger takes too (its migration, "exchange_early_withdrawal").
  c.prepare(kLockIncident,
            "SELECT pg_advisory_xact_lock(hashtextextended('exchange.withdrawal:' || $1, 0))");
  c.prepare(kQueuePending,
            "UPDATE exchange.received_shares SET queue_pending = true, withdrawal_reason = $3 "
            "WHERE partner_id = $1 AND share_id = $2");
  c.prepare(kStatus,
            "SELECT r.receiver_incident_id, r.version, "
            "CASE WHEN r.kind = 'withdrawal' THEN 'withdrawn' ELSE coalesce(t.state, '') END, "
            "(extract(epoch FROM coalesce(t.updated_at, i.updated_at, r.received_at)) * 1000)"
            "::bigint "
            "FROM exchange.received_shares r "
            "LEFT JOIN intake.incidents i ON i.id::text = r.receiver_incident_id "
            "LEFT JOIN triage.incidents t ON t.incident_id = i.id "
            "WHERE r.partner_id = $1 AND r.origin_incident_id = $2 AND r.applied "
            "ORDER BY r.version DESC LIMIT 1");
}

std::optional<ReceivedShare> PgReceivedShareStore::FindIn(pqxx::work& work,
                                                          std::int64_t partner_id,
                                                          const std::string& share_id) {
  return FirstOf(work.exec_prepared(kFind, partner_id, share_id));
}

std::optional<ReceivedShare> PgReceivedShareStore::LatestIn(
    pqxx::work& work, std::int64_t partner_id, const std::string& origin_incident_id) {
  return FirstOf(work.exec_prepared(kLatest, partner_id, origin_incident_id));
}

void PgReceivedShareStore::RecordIn(pqxx::work& work, const ReceivedShare& share) {
  work.exec_prepared(kRecord, share.partner_id, share.share_id, share.origin_incident_id,
                     share.version, share.receiver_incident_id, share.applied, share.originator);
}

common::Result<std::optional<ReceivedShare>> PgReceivedShareStore::Find(
    std::int64_t partner_id, const std::string& share_id) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) { return FindIn(work, partner_id, share_id); });
}

common::Result<std::optional<ReceivedShare>> PgReceivedShareStore::Latest(
    std::int64_t partner_id, const std::string& origin_incident_id) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) { return LatestIn(work, partner_id, origin_incident_id); });
}

common::Result<ReceivedShareStore::Lookup> PgReceivedShareStore::FindWithLatest(
    std::int64_t partner_id, const std::string& share_id, const std::string& origin_incident_id) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    Lookup out;
    out.earlier = FindIn(work, partner_id, share_id);
    if (!out.earlier) out.latest = LatestIn(work, partner_id, origin_incident_id);
    return out;
  });
}

common::Result<void> PgReceivedShareStore::Record(const ReceivedShare& share) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) { RecordIn(work, share); });
}

common::Result<void> PgReceivedShareStore::Withdraw(const ReceivedShare& share,
                                                    const std::string& partner_name,
                                                    const std::string& reason) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    const pqxx::result recorded =
        work.exec_prepared(kRecordWithdrawal, share.partner_id, share.share_id,
                           share.origin_incident_id, share.version, share.receiver_incident_id);
    if (recorded.empty()) return;  // recorded before: the queue was changed then
    const std::string actor = "partner:" + partner_name;
    // Triage may be inserting the incident right now: its trigger takes the same lock.
    work.exec_prepared(kLockIncident, share.receiver_incident_id);
    const pqxx::result rejected = work.exec_prepared(kRejectQueued, share.receiver_incident_id);
    const pqxx::result commented =
        work.exec_prepared(kWithdrawComment, share.receiver_incident_id, actor,
                           "Withdrawn by partner " + partner_name + " (their incident " +
                               share.origin_incident_id + ", version " +
                               std::to_string(share.version) + "): " + reason);
    const bool in_queue = commented.affected_rows() > 0;
    if (!in_queue) {
      // Triage has not taken the incident in yet: the trigger applies this when it does.
      work.exec_prepared0(kQueuePending, share.partner_id, share.share_id, reason);
    }
    nlohmann::json detail = {{"partner", partner_name},
                             {"origin_incident_id", share.origin_incident_id},
                             {"version", share.version},
                             {"reason", reason},
                             {"removed_from_queue", !rejected.empty()},
                             {"waiting_for_triage", !in_queue}};
    work.exec_prepared0(kWithdrawAudit, actor, share.receiver_incident_id, detail.dump());
  });
}

common::Result<std::optional<ReceivedStatus>> PgReceivedShareStore::Status(
    std::int64_t partner_id, const std::string& origin_incident_id) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> std::optional<ReceivedStatus> {
        const pqxx::result rows = work.exec_prepared(kStatus, partner_id, origin_incident_id);
        if (rows.empty()) return std::nullopt;
        return ReceivedStatus{.receiver_incident_id = rows[0][0].as<std::string>(),
                              .latest_version = rows[0][1].as<std::uint64_t>(),
                              .state = rows[0][2].as<std::string>(),
                              .updated_at_ms = rows[0][3].as<std::int64_t>()};
      });
}

}  // namespace ncirt::exchange::store
