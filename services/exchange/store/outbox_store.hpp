#pragma once
// The outbox's storage interface: queueing shares with the decision that produced them,
// reading a partner's pending shares in order, and recording each delivery outcome in the
// incident's sharing history. pg_outbox_store.hpp is the PostgreSQL implementation.
//
// Thread-safety: implementations are safe to call from many threads at once.

#include <cstdint>
#include <string>
#include <vector>

#include "common/error/error.hpp"
#include "exchange/outbox/share_plan.hpp"

namespace ncirt::exchange::store {

struct Enqueued {
  // The version this share got (1 for the first share of the incident).
  std::uint64_t version = 0;
  int queued = 0;
  int refused = 0;
};

// A pending delivery, in per-partner order (ascending id).
struct OutboxItem {
  std::int64_t id = 0;
  std::int64_t partner_id = 0;
  std::string incident_id;
  std::uint64_t version = 0;
  std::string share_id;
  // Serialised ncirt.v1.Share, ready to go in an Envelope.
  std::string share;
  int attempts = 0;
};

// A first read of a round: the items, and whether status questions to the partner are waiting
// (exchange.status_queries), so an idle connection learns both from one statement.
struct PendingRead {
  std::vector<OutboxItem> items;
  // true when some are pending, or when the store cannot tell (the asker then looks itself).
  bool questions_waiting = true;
};

struct HistoryEntry {
  std::string partner_name;
  std::uint64_t version = 0;  // 0 when no version was assigned (refusals)
  std::string share_id;
  // "queued", "refused", "acknowledged", "duplicate", "nacked".
  std::string event;
  std::string reason;
  std::string detail;
};

// What became of one item sent in a delivery round.
struct ItemOutcome {
  enum class Kind { kDelivered, kRefused, kFailed };
  std::int64_t item_id = 0;
  Kind kind = Kind::kFailed;
  // kDelivered: the Ack's fields.
  std::string receiver_incident_id;
  bool duplicate = false;
  // kRefused: the Nack code's name; kRefused and kFailed: the sentence.
  std::string code;
  std::string message;
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // In one transaction: takes the incident's next version, writes an outbox row and a "queued"
  // history entry (detail: what the policy removed) for every partner the policy allowed, and a
  // "refused" entry (reason and message) for every other. Either all of it is stored or none.
  virtual common::Result<Enqueued> Enqueue(const std::string& incident_id,
                                           const std::vector<outbox::PartnerDecision>& decisions,
                                           const google::protobuf::Timestamp& shared_at) = 0;

  // Up to `limit` pending items of the partner with id > after_id, in order.
  virtual common::Result<std::vector<OutboxItem>> Pending(std::int64_t partner_id,
                                                          std::int64_t after_id, int limit) = 0;

  // Pending(partner_id, after_id, limit), and whether the partner has status questions pending.
  // The default cannot tell and says they may be.
  virtual common::Result<PendingRead> PendingAndQuestions(std::int64_t partner_id,
                                                          std::int64_t after_id, int limit) {
    auto items = Pending(partner_id, after_id, limit);
    if (!items) return std::unexpected(std::move(items.error()));
    return PendingRead{.items = std::move(*items), .questions_waiting = true};
  }

  // The partner acknowledged the item (Ack); `duplicate` as the Ack said. Idempotent.
  virtual common::Result<void> MarkDelivered(std::int64_t item_id,
                                             const std::string& receiver_incident_id,
                                             bool duplicate) = 0;

  // The partner refused the item for good (a permanent Nack code, docs/protocol.md 5.1).
  virtual common::Result<void> MarkRefused(std::int64_t item_id, const std::string& code,
                                           const std::string& message) = 0;

  // A delivery attempt ended without an answer or with a transient Nack; the item stays pending.
  virtual common::Result<void> RecordFailedAttempt(std::int64_t item_id,
                                                   const std::string& error) = 0;

  // The outcomes of one round, as the three calls above would record them. The default makes
  // those calls one by one; a store may record them all in one transaction (all or none: an
  // item whose outcome was not recorded stays pending and is re-sent, which the receiver
  // recognises).
  virtual common::Result<void> RecordOutcomes(const std::vector<ItemOutcome>& outcomes) {
    for (const ItemOutcome& o : outcomes) {
      common::Result<void> r =
          o.kind == ItemOutcome::Kind::kDelivered
              ? MarkDelivered(o.item_id, o.receiver_incident_id, o.duplicate)
              : o.kind == ItemOutcome::Kind::kRefused
                    ? MarkRefused(o.item_id, o.code, o.message)
                    : RecordFailedAttempt(o.item_id, o.message);
      if (!r) return r;
    }
    return {};
  }

  // The incident's sharing history, oldest first.
  virtual common::Result<std::vector<HistoryEntry>> History(const std::string& incident_id) = 0;
};

}  // namespace ncirt::exchange::store
