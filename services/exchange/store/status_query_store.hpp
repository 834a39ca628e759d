#pragma once
// Storage of the status questions our analysts ask partners (exchange.status_queries): the
// connection to a partner reads that partner's pending questions and records what became of
// each. pg_status_query_store.hpp is the PostgreSQL implementation; triage writes the questions.
//
// Thread-safety: implementations are safe to call from many threads at once.

#include <cstdint>
#include <string>
#include <vector>

#include "common/error/error.hpp"
#include "ncirt/v1/envelope.pb.h"

namespace ncirt::exchange::store {

// A question waiting to be sent, oldest first.
struct PendingQuestion {
  std::int64_t id = 0;
  std::string incident_id;
  int attempts = 0;  // sends so far that got no usable answer
};

// What became of one question in a round.
struct QuestionOutcome {
  enum class Kind {
    kAnswered,  // the partner's QueryResult
    kFailed,    // for good: a Nack, or the attempts bound reached
    kRetry,     // no answer this time; stays pending, attempt counted
  };
  std::int64_t question_id = 0;
  Kind kind = Kind::kRetry;
  v1::QueryResult result;  // kAnswered
  std::string reason;      // kFailed: stable ("NACK_CODE_UNKNOWN_INCIDENT", "gave-up")
  std::string message;     // kFailed and kRetry: the sentence
};

class StatusQueryStore {
 public:
  virtual ~StatusQueryStore() = default;

  // Fails ("gave-up") the partner's questions pending for longer than `max_age_seconds`, then
  // returns up to `limit` of its pending questions in order.
  virtual common::Result<std::vector<PendingQuestion>> Pending(std::int64_t partner_id,
                                                               int max_age_seconds,
                                                               int limit) = 0;

  // Records the outcomes of one round in one transaction; only pending questions change.
  virtual common::Result<void> Record(const std::vector<QuestionOutcome>& outcomes) = 0;
};

}  // namespace ncirt::exchange::store
