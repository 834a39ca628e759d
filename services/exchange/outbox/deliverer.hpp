#pragma once
// Delivery of one partner's outbox over one connection, in rounds (docs/protocol.md 4.3, 5).
//
// A round reads the partner's oldest pending items (at most `window`), keeps the earliest
// version of each incident (a sender never has two Shares of one incident in flight), sends
// them all at once so they are pipelined on the connection, waits for every reply, and records
// the outcomes:
//   Ack                              -> delivered (duplicate as the Ack says)
//   Nack UNAVAILABLE, no reply       -> still pending, attempt counted (re-sent next round with
//   (connection closed, overloaded)     the same share_id; the receiver deduplicates)
//   any other Nack                   -> refused for good, code and message in the history
// Items are marked delivered only on an Ack, so a crash of the sender at any point leads to a
// re-send, never to a loss. The outcomes of a round are recorded together, after its last
// reply (OutboxStore::RecordOutcomes: one commit per round, not one per item). The caller runs
// rounds in a loop and pauses (with backoff) after a round that could not send or that had
// failures.
//
// Thread-safety: one thread runs a Deliverer's rounds; the Link's reply callbacks may fire on
// other threads.

#include <cstdint>

#include "common/net/frame_session.hpp"
#include "exchange/store/outbox_store.hpp"

namespace ncirt::exchange::outbox {

// Where a round sends: the partner connection's current session.
class Link {
 public:
  virtual ~Link() = default;
  // Starts the request; `done` later gets the reply or why none will come. Returns false, and
  // never calls `done`, when no session is up.
  virtual bool Send(v1::Envelope request, common::net::ReplyCallback done) = 0;
};

struct RoundResult {
  int pending = 0;    // pending items read
  int sent = 0;
  int delivered = 0;
  int refused = 0;
  int failed = 0;     // no reply or a transient Nack: pending again
  bool no_link = false;
};

class Deliverer {
 public:
  // The store and link must outlive the deliverer. REQUIRES: window >= 1.
  Deliverer(store::OutboxStore& outbox, Link& link, std::int64_t partner_id, int window)
      : outbox_(outbox), link_(link), partner_id_(partner_id), window_(window) {}

  // One round as described above. Errors: the store's (kUnavailable when the database is down).
  common::Result<RoundResult> RunRound();

 private:
  store::OutboxStore& outbox_;
  Link& link_;
  std::int64_t partner_id_;
  int window_;
};

}  // namespace ncirt::exchange::outbox
