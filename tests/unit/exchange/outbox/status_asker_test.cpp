// The status questions sent to one partner: what each reply makes of a question, and a round
// against an in-memory store and link.
#include "exchange/outbox/status_asker.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ncirt::exchange::outbox {
namespace {

using Kind = store::QuestionOutcome::Kind;

v1::Envelope ResultFor(const std::string& incident, const std::string& state,
                       std::uint64_t version) {
  v1::Envelope reply;
  auto* result = reply.mutable_query_result();
  result->set_origin_incident_id(incident);
  result->set_receiver_incident_id("theirs-" + incident);
  result->set_state(state);
  result->set_latest_version(version);
  return reply;
}

v1::Envelope NackOf(v1::NackCode code, const std::string& message) {
  v1::Envelope reply;
  reply.mutable_nack()->set_code(code);
  reply.mutable_nack()->set_message(message);
  return reply;
}

// Questions in memory, changed only while pending (as PgStatusQueryStore).
class FakeQuestions final : public store::StatusQueryStore {
 public:
  struct Row {
    store::PendingQuestion question;
    std::string state = "pending";
    store::QuestionOutcome outcome;
  };
  void Add(std::int64_t id, std::string incident, int attempts = 0) {
    rows[id] = Row{.question = {.id = id, .incident_id = std::move(incident),
                                .attempts = attempts}};
  }
  common::Result<std::vector<store::PendingQuestion>> Pending(std::int64_t, int,
                                                              int limit) override {
    std::vector<store::PendingQuestion> out;
    for (const auto& [id, row] : rows) {
      if (row.state == "pending" && static_cast<int>(out.size()) < limit) {
        out.push_back(row.question);
      }
    }
    return out;
  }
  common::Result<void> Record(const std::vector<store::QuestionOutcome>& outcomes) override {
    ++records;
    for (const store::QuestionOutcome& o : outcomes) {
      Row& row = rows.at(o.question_id);
      if (row.state != "pending") continue;
      row.outcome = o;
      if (o.kind == Kind::kAnswered) row.state = "answered";
      if (o.kind == Kind::kFailed) row.state = "failed";
      if (o.kind == Kind::kRetry) ++row.question.attempts;
    }
    return {};
  }
  std::map<std::int64_t, Row> rows;
  int records = 0;
};

// Answers each Query at once with `answer` (a link may answer before Send returns).
class InlineLink final : public Link {
 public:
  using Answer = std::function<common::Result<v1::Envelope>(const v1::Query&)>;
  explicit InlineLink(Answer answer) : answer_(std::move(answer)) {}
  bool Send(v1::Envelope request, common::net::ReplyCallback done) override {
    if (down) return false;
    asked.push_back(request.query().origin_incident_id());
    done(answer_(request.query()));
    return true;
  }
  bool PeerAccepts(std::string_view capability) const override {
    return capability != "query" || answers_queries;
  }
  bool down = false;
  bool answers_queries = true;
  std::vector<std::string> asked;

 private:
  Answer answer_;
};

TEST(QuestionOutcomeOf, QueryResultIsAnAnswerWithThePartnersStateAndVersion) {
  const auto out = QuestionOutcomeOf(7, 0, 5, ResultFor("a", "in_progress", 3));
  EXPECT_EQ(out.kind, Kind::kAnswered);
  EXPECT_EQ(out.question_id, 7);
  EXPECT_EQ(out.result.state(), "in_progress");
  EXPECT_EQ(out.result.latest_version(), 3u);
}

TEST(QuestionOutcomeOf, UnknownIncidentNackFailsForGoodWithThePartnersWords) {
  const auto out =
      QuestionOutcomeOf(7, 0, 5, NackOf(v1::NACK_CODE_UNKNOWN_INCIDENT, "never received"));
  EXPECT_EQ(out.kind, Kind::kFailed);
  EXPECT_EQ(out.reason, "NACK_CODE_UNKNOWN_INCIDENT");
  EXPECT_EQ(out.message, "never received");
}

TEST(QuestionOutcomeOf, UnavailableOrLostConnectionIsRetriedUntilTheBound) {
  const auto busy = QuestionOutcomeOf(7, 0, 5, NackOf(v1::NACK_CODE_UNAVAILABLE, "busy"));
  EXPECT_EQ(busy.kind, Kind::kRetry);
  EXPECT_NE(busy.message.find("busy"), std::string::npos);
  const common::Result<v1::Envelope> lost =
      std::unexpected(common::Error{common::ErrorKind::kUnavailable, "connection closed"});
  EXPECT_EQ(QuestionOutcomeOf(7, 3, 5, lost).kind, Kind::kRetry);
  const auto last = QuestionOutcomeOf(7, 4, 5, lost);
  EXPECT_EQ(last.kind, Kind::kFailed);
  EXPECT_EQ(last.reason, "gave-up");
  EXPECT_NE(last.message.find("5 attempts"), std::string::npos);
  EXPECT_NE(last.message.find("connection closed"), std::string::npos);
}

TEST(QuestionOutcomeOf, NackWithoutACodeThisSideKnowsIsTransientLikeUnavailable) {
  for (const int code : {0, 99}) {
    const auto out = QuestionOutcomeOf(
        4, 0, 5, NackOf(static_cast<v1::NackCode>(code), "a newer peer's reason"));
    EXPECT_EQ(out.kind, Kind::kRetry) << code;
    EXPECT_NE(out.message.find("(" + std::to_string(code) + "), taken as transient"),
              std::string::npos)
        << out.message;
  }
}

TEST(QuestionOutcomeOf, ReplyOfTheWrongKindIsRetriedNotTakenAsAnAnswer) {
  v1::Envelope ack;
  ack.mutable_ack();
  EXPECT_EQ(QuestionOutcomeOf(7, 0, 5, ack).kind, Kind::kRetry);
}

TEST(QuestionsMayWait, OnlyWhenTheDeliveryRoundSawQuestionsOrCouldNotTell) {
  EXPECT_FALSE(QuestionsMayWait(RoundResult{.questions_waiting = false}))
      << "an idle connection runs no statement for questions";
  EXPECT_TRUE(QuestionsMayWait(RoundResult{.questions_waiting = true}));
  EXPECT_TRUE(QuestionsMayWait(common::Result<RoundResult>(
      common::Fail(common::ErrorKind::kUnavailable, "database down"))));
}

TEST(StatusAsker, RoundAsksEveryPendingQuestionAndRecordsEachOutcomeInOneCommit) {
  FakeQuestions questions;
  questions.Add(1, "known");
  questions.Add(2, "unknown");
  InlineLink link([](const v1::Query& q) -> common::Result<v1::Envelope> {
    if (q.origin_incident_id() == "known") return ResultFor("known", "resolved", 2);
    return NackOf(v1::NACK_CODE_UNKNOWN_INCIDENT, "no such incident from you");
  });
  StatusAsker asker(questions, link, 1, {});
  const auto round = asker.RunRound();
  ASSERT_TRUE(round) << round.error().message;
  EXPECT_EQ(round->answered, 1);
  EXPECT_EQ(round->failed, 1);
  EXPECT_EQ(link.asked, (std::vector<std::string>{"known", "unknown"}));
  EXPECT_EQ(questions.records, 1);
  EXPECT_EQ(questions.rows[1].state, "answered");
  EXPECT_EQ(questions.rows[1].outcome.result.state(), "resolved");
  EXPECT_EQ(questions.rows[2].state, "failed");
  EXPECT_EQ(questions.rows[2].outcome.reason, "NACK_CODE_UNKNOWN_INCIDENT");
}

TEST(StatusAsker, ConnectionDownLeavesQuestionsPendingWithoutCountingAnAttempt) {
  FakeQuestions questions;
  questions.Add(1, "known");
  InlineLink link([](const v1::Query&) { return ResultFor("known", "new", 1); });
  link.down = true;
  StatusAsker asker(questions, link, 1, {});
  const auto round = asker.RunRound();
  ASSERT_TRUE(round);
  EXPECT_TRUE(round->no_link);
  EXPECT_EQ(questions.rows[1].state, "pending");
  EXPECT_EQ(questions.rows[1].question.attempts, 0);
  EXPECT_EQ(questions.records, 0);

  link.down = false;
  ASSERT_TRUE(asker.RunRound());
  EXPECT_EQ(questions.rows[1].state, "answered");
}

TEST(StatusAsker, QuestionWithoutAnswerIsRetriedThenGivenUpAfterTheBound) {
  FakeQuestions questions;
  questions.Add(1, "known");
  InlineLink link([](const v1::Query&) -> common::Result<v1::Envelope> {
    return std::unexpected(common::Error{common::ErrorKind::kUnavailable, "no reply"});
  });
  StatusAsker asker(questions, link, 1, {.window = 4, .max_attempts = 3});
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(asker.RunRound());
    EXPECT_EQ(questions.rows[1].state, "pending");
  }
  ASSERT_TRUE(asker.RunRound());
  EXPECT_EQ(questions.rows[1].state, "failed");
  EXPECT_EQ(questions.rows[1].outcome.reason, "gave-up");
  ASSERT_TRUE(asker.RunRound());
  EXPECT_EQ(link.asked.size(), 3u);  // nothing asked once failed
}

// A partner that keeps the connection alive but never answers: the round ends after
// reply_timeout with an attempt counted, and a reply arriving after that changes nothing.
TEST(StatusAsker, QuestionNotAnsweredWithinTheReplyTimeoutIsRetriedAndALateReplyIgnored) {
  FakeQuestions questions;
  questions.Add(1, "silent");
  questions.Add(2, "known");
  common::net::ReplyCallback held;
  class HoldingLink final : public Link {
   public:
    explicit HoldingLink(common::net::ReplyCallback& held) : held_(held) {}
    bool Send(v1::Envelope request, common::net::ReplyCallback done) override {
      if (request.query().origin_incident_id() == "silent") {
        held_ = std::move(done);
      } else {
        done(ResultFor("known", "new", 1));
      }
      return true;
    }

   private:
    common::net::ReplyCallback& held_;
  } link(held);
  StatusAsker asker(questions, link, 1, {.reply_timeout = std::chrono::milliseconds(1)});
  const auto round = asker.RunRound();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->answered, 1);
  EXPECT_EQ(round->retried, 1);
  EXPECT_EQ(questions.rows[1].state, "pending");
  EXPECT_EQ(questions.rows[1].question.attempts, 1);
  EXPECT_EQ(questions.rows[1].outcome.message, "no reply within 1 ms");
  EXPECT_EQ(questions.rows[2].state, "answered");
  ASSERT_TRUE(held);
  held(ResultFor("silent", "closed", 3));  // too late: the round has ended
  EXPECT_EQ(questions.rows[1].state, "pending");
  EXPECT_EQ(questions.records, 1);
}

TEST(StatusAsker, NoPendingQuestionsSendsNothing) {
  FakeQuestions questions;
  InlineLink link([](const v1::Query&) { return ResultFor("x", "new", 1); });
  StatusAsker asker(questions, link, 1, {});
  const auto round = asker.RunRound();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->pending, 0);
  EXPECT_TRUE(link.asked.empty());
}

TEST(StatusAsker, PartnerThatDidNotAnnounceQueryIsNotAskedAndTheQuestionSaysWhy) {
  FakeQuestions questions;
  questions.Add(1, "known");
  InlineLink link([](const v1::Query&) { return ResultFor("known", "new", 1); });
  link.answers_queries = false;
  StatusAsker asker(questions, link, 1, {});
  const auto round = asker.RunRound();
  ASSERT_TRUE(round);
  EXPECT_TRUE(link.asked.empty());
  EXPECT_EQ(questions.rows[1].state, "failed");
  EXPECT_EQ(questions.rows[1].outcome.reason, "query-not-supported");
}

}  // namespace
}  // namespace ncirt::exchange::outbox
