#include "exchange/outbox/status_asker.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace ncirt::exchange::outbox {
namespace {

using Kind = store::QuestionOutcome::Kind;

// Replies handed from the link's callbacks to the round's thread; shared with the callbacks so
// that one firing late never touches a finished round.
struct Replies {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::pair<std::size_t, common::Result<v1::Envelope>>> got;  // guarded by mutex
};

std::string TransientNackText(const v1::Nack& nack) {
  if (nack.code() == v1::NACK_CODE_UNAVAILABLE) return "partner unavailable: " + nack.message();
  return "partner answered a Nack with no code this side knows (" +
         std::to_string(static_cast<int>(nack.code())) + "), taken as transient: " +
         nack.message();
}

}  // namespace

store::QuestionOutcome QuestionOutcomeOf(std::int64_t question_id, int attempts,
                                         int max_attempts,
                                         const common::Result<v1::Envelope>& reply) {
  store::QuestionOutcome out{.question_id = question_id};
  if (reply && reply->has_query_result()) {
    out.kind = Kind::kAnswered;
    out.result = reply->query_result();
    return out;
  }
  if (reply && reply->has_nack() && PermanentNack(reply->nack().code())) {
    out.kind = Kind::kFailed;
    out.reason = v1::NackCode_Name(reply->nack().code());
    out.message = reply->nack().message();
    return out;
  }
  out.message = !reply            ? reply.error().ToString()
                : reply->has_nack() ? TransientNackText(reply->nack())
                                    : "the partner answered with neither QueryResult nor Nack";
  if (attempts + 1 >= max_attempts) {
    out.kind = Kind::kFailed;
    out.reason = "gave-up";
    out.message = "no answer after " + std::to_string(attempts + 1) +
                  " attempts; last error: " + out.message;
  }
  return out;
}

bool QuestionsMayWait(const common::Result<RoundResult>& round) {
  return !round || round->questions_waiting;
}

common::Result<AskRound> StatusAsker::RunRound() {
  auto pending = store_.Pending(partner_id_, options_.max_age_seconds, options_.window);
  if (!pending) return std::unexpected(std::move(pending.error()));
  AskRound round{.pending = static_cast<int>(pending->size())};
  if (pending->empty()) return round;

  if (!link_.PeerAccepts("query")) {
    // The protocol forbids sending it; asking again would get the same Hello.
    std::vector<store::QuestionOutcome> refused;
    for (const store::PendingQuestion& q : *pending) {
      refused.push_back({.question_id = q.id, .kind = Kind::kFailed,
                         .reason = "query-not-supported",
                         .message = "the partner's exchange did not announce the \"query\" "
                                    "capability in its Hello: it does not answer status "
                                    "questions"});
    }
    if (auto recorded = store_.Record(refused); !recorded) {
      return std::unexpected(std::move(recorded.error()));
    }
    round.failed = static_cast<int>(refused.size());
    return round;
  }
  auto replies = std::make_shared<Replies>();
  std::size_t sent = 0;
  for (std::size_t i = 0; i < pending->size(); ++i) {
    v1::Envelope request;
    request.mutable_query()->set_origin_incident_id((*pending)[i].incident_id);
    const bool started = link_.Send(std::move(request), [replies, i](auto reply) {
      const std::lock_guard lock(replies->mutex);
      replies->got.emplace_back(i, std::move(reply));
      replies->arrived.notify_all();
    });
    if (!started) break;
    ++sent;
  }
  if (sent == 0) {
    round.no_link = true;
    return round;
  }
  std::vector<std::pair<std::size_t, common::Result<v1::Envelope>>> got;
  {
    std::unique_lock lock(replies->mutex);
    // Every request started gets its reply or its failure when the session closes, but a peer
    // may keep the session up without answering: the round waits at most reply_timeout, and a
    // reply that comes later lands in `replies`, which nobody reads any more.
    replies->arrived.wait_for(lock, options_.reply_timeout,
                              [&] { return replies->got.size() == sent; });
    got = std::move(replies->got);
  }
  std::vector<bool> replied(sent, false);
  for (const auto& entry : got) replied[entry.first] = true;
  for (std::size_t i = 0; i < sent; ++i) {
    if (replied[i]) continue;
    got.emplace_back(i, common::Fail(common::ErrorKind::kUnavailable,
                                     "no reply within " +
                                         std::to_string(options_.reply_timeout.count()) + " ms"));
  }
  std::vector<store::QuestionOutcome> outcomes;
  for (const auto& [index, reply] : got) {
    const store::PendingQuestion& q = (*pending)[index];
    outcomes.push_back(QuestionOutcomeOf(q.id, q.attempts, options_.max_attempts, reply));
    const Kind kind = outcomes.back().kind;
    ++(kind == Kind::kAnswered ? round.answered
                               : kind == Kind::kFailed ? round.failed : round.retried);
  }
  if (auto recorded = store_.Record(outcomes); !recorded) {
    return std::unexpected(std::move(recorded.error()));
  }
  return round;
}

}  // namespace ncirt::exchange::outbox
