#include "exchange/store/pg_outbox_store.hpp"

#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/pg/transaction.hpp"
#include "exchange/policy/refusal.hpp"
#include "intake/store/indicator_rows.hpp"

namespace ncirt::exchange::store {
namespace {

constexpr const char* kNextVersion = "exchange_outbox_next_version";
constexpr const char* kInsertItem = "exchange_outbox_insert";
constexpr const char* kInsertHistory = "exchange_outbox_history";
constexpr const char* kPending = "exchange_outbox_pending";
constexpr const char* kPendingAndQuestions = "exchange_outbox_pending_and_questions";
constexpr const char* kFinish = "exchange_outbox_finish";
constexpr const char* kFailed = "exchange_outbox_failed";
constexpr const char* kHistory = "exchange_outbox_history_list";
constexpr const char* kMarkWithdrawn = "exchange_outbox_mark_withdrawn";
constexpr const char* kFinishMany = "exchange_outbox_finish_many";
constexpr const char* kFailedMany = "exchange_outbox_failed_many";

}  // namespace

void PgOutboxStore::Prepare(pqxx::connection& c) {
  c.prepare(kNextVersion,
            "INSERT INTO exchange.share_versions (incident_id, version) VALUES ($1, 1) "
            "ON CONFLICT (incident_id) DO UPDATE SET version = share_versions.version + 1, "
            "withdrawn = false "
            "RETURNING version");
  c.prepare(kInsertItem,
            "INSERT INTO exchange.outbox (partner_id, incident_id, version, share_id, share) "
            "VALUES ($1, $2, $3, $4, $5)");
  c.prepare(kInsertHistory,
            "INSERT INTO exchange.sharing_history "
            "(incident_id, partner_name, version, share_id, event, reason, detail) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)");
  c.prepare(kPending,
            "SELECT id, partner_id, incident_id::text, version, share_id, share, attempts "
            "FROM exchange.outbox WHERE partner_id = $1 AND id > $2 AND state = 'pending' "
            "ORDER BY id LIMIT $3");
  // The same rows beside one flag: a row with NULL item columns when the outbox has none. The
  // EXISTS probes the partial index status_queries_pending, which is empty while nobody asks.
  c.prepare(kPendingAndQuestions,
            "SELECT o.id, o.partner_id, o.incident_id::text, o.version, o.share_id, o.share, "
            "o.attempts, q.waiting FROM (SELECT EXISTS (SELECT 1 FROM exchange.status_queries s "
            "WHERE s.partner_id = $1 AND s.state = 'pending') AS waiting) q "
            "LEFT JOIN LATERAL (SELECT id, partner_id, incident_id, version, share_id, share, "
            "attempts FROM exchange.outbox WHERE partner_id = $1 AND id > $2 "
            "AND state = 'pending' ORDER BY id LIMIT $3) o ON true ORDER BY o.id");
  // Finishes a pending item ($2 'delivered' or 'refused') and logs the outcome in one statement.
  c.prepare(kFinish,
            "WITH done AS (UPDATE exchange.outbox o SET state = $2, receiver_incident_id = $3, "
            "last_error = $5, finished_at = now() WHERE o.id = $1 AND o.state = 'pending' "
            "RETURNING o.incident_id, o.partner_id, o.version, o.share_id) "
            "INSERT INTO exchange.sharing_history "
            "(incident_id, partner_name, version, share_id, event, reason, detail) "
            "SELECT done.incident_id, p.name, done.version, done.share_id, $4, $6, $5 "
            "FROM done JOIN exchange.partners p ON p.id = done.partner_id");
  c.prepare(kFailed,
            "UPDATE exchange.outbox SET attempts = attempts + 1, last_error = $2 "
            "WHERE id = $1 AND state = 'pending'");
  // kFinish and kFailed for a whole round's outcomes, one statement each (the items' ids are
  // distinct: RecordOutcomes keeps the first outcome of an item). History rows go in the
  // outcomes' order.
  c.prepare(kFinishMany,
            "WITH i AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], "
            "$5::text[], $6::text[]) WITH ORDINALITY AS i(id, state, receiver, event, detail, "
            "reason, ord)), "
            "done AS (UPDATE exchange.outbox o SET state = i.state, receiver_incident_id = "
            "i.receiver, last_error = i.detail, finished_at = now() FROM i "
            "WHERE o.id = i.id AND o.state = 'pending' "
            "RETURNING o.incident_id, o.partner_id, o.version, o.share_id, i.event, i.reason, "
            "i.detail, i.ord) "
            "INSERT INTO exchange.sharing_history "
            "(incident_id, partner_name, version, share_id, event, reason, detail) "
            "SELECT done.incident_id, p.name, done.version, done.share_id, done.event, "
            "done.reason, done.detail "
            "FROM done JOIN exchange.partners p ON p.id = done.partner_id ORDER BY done.ord");
  c.prepare(kFailedMany,
            "UPDATE exchange.outbox o SET attempts = attempts + 1, last_error = i.message "
            "FROM unnest($1::bigint[], $2::text[]) AS i(id, message) "
            "WHERE o.id = i.id AND o.state = 'pending'");
  c.prepare(kMarkWithdrawn,
            "UPDATE exchange.share_versions SET withdrawn = true WHERE incident_id = $1");
  c.prepare(kHistory,
            "SELECT partner_name, coalesce(version, 0), share_id, event, reason, detail "
            "FROM exchange.sharing_history WHERE incident_id = $1 ORDER BY id");
}

Enqueued EnqueueIn(pqxx::work& work, const std::string& incident_id,
                   const std::vector<outbox::PartnerDecision>& decisions,
                   const google::protobuf::Timestamp& shared_at) {
  Enqueued out;
  out.version = work.exec_prepared1(kNextVersion, incident_id)[0].as<std::uint64_t>();
  for (const outbox::PartnerDecision& d : decisions) {
    if (d.decision) {
      const v1::Share share = outbox::MakeShare(*d.decision, incident_id, out.version, shared_at);
      const std::string bytes = share.SerializeAsString();
      work.exec_prepared0(kInsertItem, d.partner_id, incident_id, out.version, share.share_id(),
                          pqxx::binarystring(bytes.data(), bytes.size()));
      work.exec_prepared0(kInsertHistory, incident_id, d.partner_name, out.version,
                          share.share_id(), "queued", "", outbox::DescribeQueued(*d.decision));
      ++out.queued;
    } else {
      work.exec_prepared0(kInsertHistory, incident_id, d.partner_name, nullptr, "", "refused",
                          std::string(policy::ReasonName(d.decision.error().reason)),
                          d.decision.error().message);
      ++out.refused;
    }
  }
  return out;
}

std::uint64_t WithdrawIn(pqxx::work& work, const std::string& incident_id,
                         const std::vector<std::pair<std::int64_t, std::string>>& partners,
                         const std::string& reason, const google::protobuf::Timestamp& shared_at) {
  const std::uint64_t version =
      work.exec_prepared1(kNextVersion, incident_id)[0].as<std::uint64_t>();
  v1::Share share;
  share.set_share_id(outbox::ShareIdFor(incident_id, version));
  share.set_kind(v1::SHARE_KIND_WITHDRAWAL);
  share.set_origin_incident_id(incident_id);
  share.set_version(version);
  // The reason travels in the only free-text slot a withdrawal has: a description of an
  // otherwise empty incident (docs/protocol.md 5.2).
  share.mutable_incident()->add_descriptions()->set_text(reason);
  *share.mutable_shared_at() = shared_at;
  const std::string bytes = share.SerializeAsString();
  for (const auto& [partner_id, partner_name] : partners) {
    work.exec_prepared0(kInsertItem, partner_id, incident_id, version, share.share_id(),
                        pqxx::binarystring(bytes.data(), bytes.size()));
    work.exec_prepared0(kInsertHistory, incident_id, partner_name, version, share.share_id(),
                        "queued", "withdrawal", reason);
  }
  work.exec_prepared0(kMarkWithdrawn, incident_id);
  return version;
}

common::Result<Enqueued> PgOutboxStore::Enqueue(
    const std::string& incident_id, const std::vector<outbox::PartnerDecision>& decisions,
    const google::protobuf::Timestamp& shared_at) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) { return EnqueueIn(work, incident_id, decisions, shared_at); });
}

namespace {

OutboxItem ItemOf(const pqxx::row& row) {
  const pqxx::binarystring share(row[5]);
  return OutboxItem{.id = row[0].as<std::int64_t>(),
                    .partner_id = row[1].as<std::int64_t>(),
                    .incident_id = row[2].as<std::string>(),
                    .version = row[3].as<std::uint64_t>(),
                    .share_id = row[4].as<std::string>(),
                    .share = share.str(),
                    .attempts = row[6].as<int>()};
}

}  // namespace

common::Result<std::vector<OutboxItem>> PgOutboxStore::Pending(std::int64_t partner_id,
                                                               std::int64_t after_id,
                                                               int limit) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    std::vector<OutboxItem> out;
    for (const pqxx::row& row : work.exec_prepared(kPending, partner_id, after_id, limit)) {
      out.push_back(ItemOf(row));
    }
    return out;
  });
}

common::Result<PendingRead> PgOutboxStore::PendingAndQuestions(std::int64_t partner_id,
                                                               std::int64_t after_id,
                                                               int limit) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    PendingRead out{.items = {}, .questions_waiting = false};
    for (const pqxx::row& row :
         work.exec_prepared(kPendingAndQuestions, partner_id, after_id, limit)) {
      out.questions_waiting = row[7].as<bool>();
      if (!row[0].is_null()) out.items.push_back(ItemOf(row));
    }
    return out;
  });
}

common::Result<void> PgOutboxStore::MarkDelivered(std::int64_t item_id,
                                                  const std::string& receiver_incident_id,
                                                  bool duplicate) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    work.exec_prepared(kFinish, item_id, "delivered", receiver_incident_id,
                       duplicate ? "duplicate" : "acknowledged", "", "");
  });
}

common::Result<void> PgOutboxStore::MarkRefused(std::int64_t item_id, const std::string& code,
                                                const std::string& message) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    work.exec_prepared(kFinish, item_id, "refused", "", "nacked", message, code);
  });
}

common::Result<void> PgOutboxStore::RecordFailedAttempt(std::int64_t item_id,
                                                        const std::string& error) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) { work.exec_prepared(kFailed, item_id, error); });
}

// One round's Acks and Nacks in two statements instead of one per item: on a busy link they
// were about half of the sender's database time (docs/benchmarks.md). Failed attempts go first,
// as a repeated item's later outcome came after them before.
common::Result<void> PgOutboxStore::RecordOutcomes(const std::vector<ItemOutcome>& outcomes) {
  if (outcomes.empty()) return {};
  using Column = std::vector<std::optional<std::string>>;
  Column failed_id, failed_message;
  Column id, state, receiver, event, detail, reason;
  std::unordered_set<std::int64_t> finished, failed;
  for (const ItemOutcome& o : outcomes) {
    const std::string item = std::to_string(o.item_id);
    if (o.kind == ItemOutcome::Kind::kFailed) {
      if (failed.insert(o.item_id).second) {
        failed_id.emplace_back(item);
        failed_message.emplace_back(o.message);
      }
      continue;
    }
    // The first Ack or Nack of an item finishes it; a later one found it done before, too.
    if (!finished.insert(o.item_id).second) continue;
    switch (o.kind) {
      case ItemOutcome::Kind::kFailed:
        continue;
      case ItemOutcome::Kind::kDelivered:
        id.emplace_back(item);
        state.emplace_back("delivered");
        receiver.emplace_back(o.receiver_incident_id);
        event.emplace_back(o.duplicate ? "duplicate" : "acknowledged");
        detail.emplace_back("");
        reason.emplace_back("");
        continue;
      case ItemOutcome::Kind::kRefused:
        id.emplace_back(item);
        state.emplace_back("refused");
        receiver.emplace_back("");
        event.emplace_back("nacked");
        detail.emplace_back(o.message);
        reason.emplace_back(o.code);
        continue;
    }
  }
  using intake::store::ArrayLiteral;
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    if (!failed_id.empty()) {
      work.exec_prepared0(kFailedMany, ArrayLiteral(failed_id), ArrayLiteral(failed_message));
    }
    if (!id.empty()) {
      work.exec_prepared0(kFinishMany, ArrayLiteral(id), ArrayLiteral(state),
                          ArrayLiteral(receiver), ArrayLiteral(event), ArrayLiteral(detail),
                          ArrayLiteral(reason));
    }
  });
}

common::Result<std::vector<HistoryEntry>> PgOutboxStore::History(const std::string& incident_id) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    std::vector<HistoryEntry> out;
    for (const pqxx::row& row : work.exec_prepared(kHistory, incident_id)) {
      out.push_back(HistoryEntry{.partner_name = row[0].as<std::string>(),
                                 .version = row[1].as<std::uint64_t>(),
                                 .share_id = row[2].as<std::string>(),
                                 .event = row[3].as<std::string>(),
                                 .reason = row[4].as<std::string>(),
                                 .detail = row[5].as<std::string>()});
    }
    return out;
  });
}

}  // namespace ncirt::exchange::store
