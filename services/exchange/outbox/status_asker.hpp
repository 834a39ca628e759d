#pragma once
// Sends our analysts' status questions to one partner (docs/protocol.md 5.3.2, docs/api-exchange.md
// "Asking a partner for an incident's status") and records the answers.
//
// A round reads the partner's pending questions (up to `window`), sends a Query for each over
// the link at once, waits for every reply, and records them in one commit:
//   QueryResult                         -> answered, with the partner's state and version
//   Nack UNAVAILABLE, no reply          -> still pending, attempt counted (a later round asks
//   (connection lost, overloaded, none     again); after `max_attempts` such attempts: failed,
//   within `reply_timeout`)                reason "gave-up", with the last error
//   any other Nack (UNKNOWN_INCIDENT..) -> failed for good, with the code and the partner's words
// A partner whose Hello did not announce "query" is not sent any: its questions fail, reason
// "query-not-supported".
// With no session up, the round sends nothing and counts nothing: the questions wait for the
// connection, and the store gives up on those older than `max_age_seconds`.
//
// Thread-safety: one thread runs an asker's rounds; the Link's callbacks may fire on others.

#include <chrono>
#include <cstdint>

#include "exchange/outbox/deliverer.hpp"
#include "exchange/store/status_query_store.hpp"

namespace ncirt::exchange::outbox {

struct StatusAskerOptions {
  int window = 16;
  int max_attempts = 5;
  int max_age_seconds = 900;
  // How long a round waits for the replies. A peer that keeps its connection alive (Pongs) but
  // never answers a Query must not hold the partner's delivery thread, which runs the round.
  std::chrono::milliseconds reply_timeout{30'000};
};

struct AskRound {
  int pending = 0;
  int answered = 0;
  int failed = 0;
  int retried = 0;
  bool no_link = false;
};

// The outcome of one Query's reply (pure; exposed for tests). `attempts`: the question's earlier
// attempts without a usable answer.
store::QuestionOutcome QuestionOutcomeOf(std::int64_t question_id, int attempts,
                                         int max_attempts,
                                         const common::Result<v1::Envelope>& reply);

// Whether a round of the asker is worth running after the delivery round `round`: when that
// round's outbox read saw pending questions, or when it failed and so could not tell. An idle
// partner connection then costs the asker no statement at all.
bool QuestionsMayWait(const common::Result<RoundResult>& round);

class StatusAsker {
 public:
  // The store and link must outlive the asker.
  StatusAsker(store::StatusQueryStore& store, Link& link, std::int64_t partner_id,
              StatusAskerOptions options)
      : store_(store), link_(link), partner_id_(partner_id), options_(options) {}

  // Errors: the store's (kUnavailable when the database is down).
  common::Result<AskRound> RunRound();

 private:
  store::StatusQueryStore& store_;
  Link& link_;
  std::int64_t partner_id_;
  StatusAskerOptions options_;
};

}  // namespace ncirt::exchange::outbox
