#pragma once
// Delivery of one partner's outbox over one connection with a sliding window (docs/protocol.md
// 4.3, 5).
//
// A round keeps up to `window` Shares in flight: it reads the partner's pending items in order,
// sends each at once, and as replies arrive it sends more, so the connection never idles
// waiting for the slowest reply of a batch. Order is kept per incident: a version waits (in
// memory, at most `window` items held and in flight together) until the earlier version of the
// same incident has its answer; items of other incidents go past it. Outcomes:
//   Ack                              -> delivered (duplicate as the Ack says)
//   Nack UNAVAILABLE, no reply       -> still pending, attempt counted; the round stops sending,
//   (connection closed, overloaded)     collects what is in flight and ends (the caller backs
//                                       off; the next round re-sends with the same share_id and
//                                       the receiver deduplicates)
//   any other Nack                   -> refused for good, code and message in the history
// The replies that arrived together are recorded in one commit (OutboxStore::RecordOutcomes)
// while later Shares are still in flight: the round reads the outbox a window ahead, and the
// slots those replies freed are filled from what was read before that commit starts, so the
// connection keeps `window` Shares in flight while the sender's bookkeeping commits (at most
// two windows of items are held in memory). Items are marked delivered only on an Ack, so a
// crash of the sender at any point leads to a re-send, never to a loss.
//
// A round ends when the items it read are all answered and the outbox had no more (or it read
// kMaxItemsPerRound items, so the caller regularly sees progress and can stop), when the link
// is down, after a transient failure, or when `stop` becomes true (it then sends nothing more
// and collects what is in flight).
//
// Thread-safety: one thread runs a Deliverer's rounds; the Link's reply callbacks may fire on
// other threads.

#include <atomic>
#include <cstdint>
#include <string_view>

#include "common/net/frame_session.hpp"
#include "exchange/store/outbox_store.hpp"

namespace ncirt::exchange::outbox {

// Where a round sends: the partner connection's current session.
class Link {
 public:
  virtual ~Link() = default;
  // Starts the request; `done` later gets the reply or why none will come (exactly once, on
  // any thread, possibly before Send returns). Returns false, and never calls `done`, when no
  // session is up.
  virtual bool Send(v1::Envelope request, common::net::ReplyCallback done) = 0;
  // False when the current session's peer did not announce `capability` ("query", ...) in its
  // Hello, so a request of that kind must not be sent (docs/protocol.md 3.2). True while no
  // session is up (Send then refuses anyway).
  virtual bool PeerAccepts(std::string_view capability) const {
    static_cast<void>(capability);
    return true;
  }
};

// Whether a Nack with `code` refuses a request for good (docs/protocol.md 6). UNAVAILABLE is
// transient, and so is NACK_CODE_UNSPECIFIED or a code this build does not know (3.5): the
// request is tried again rather than recorded as refused for a reason nobody can read.
bool PermanentNack(v1::NackCode code);

struct RoundResult {
  int pending = 0;    // pending items read
  int sent = 0;
  int delivered = 0;
  int refused = 0;
  int failed = 0;     // no reply or a transient Nack: pending again
  int records = 0;    // RecordOutcomes calls (commits) it took
  int max_in_flight = 0;
  bool no_link = false;
  // Status questions to this partner were pending when the round read its outbox (read in the
  // same statement, OutboxStore::PendingAndQuestions), so the asker has work.
  bool questions_waiting = false;
};

class Deliverer {
 public:
  // Items read per round at most, in windows.
  static constexpr int kMaxItemsPerRound = 4096;

  // The store and link must outlive the deliverer. REQUIRES: window >= 1.
  Deliverer(store::OutboxStore& outbox, Link& link, std::int64_t partner_id, int window)
      : outbox_(outbox), link_(link), partner_id_(partner_id), window_(window) {}

  // One round as described above. Errors: the store's (kUnavailable when the database is down);
  // the round then still waits for the replies in flight before returning.
  common::Result<RoundResult> RunRound(const std::atomic<bool>* stop = nullptr);

 private:
  store::OutboxStore& outbox_;
  Link& link_;
  std::int64_t partner_id_;
  int window_;
};

}  // namespace ncirt::exchange::outbox
