#include "exchange/outbox/deliverer.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "outbox/outbox_fakes.hpp"

namespace ncirt::exchange::outbox {
namespace {

using testing::FakeLink;
using testing::FakeOutbox;

common::Result<v1::Envelope> AckOf(const v1::Share& share) {
  v1::Envelope reply;
  reply.mutable_ack()->set_share_id(share.share_id());
  reply.mutable_ack()->set_receiver_incident_id("r-" + share.origin_incident_id());
  return reply;
}

common::Result<v1::Envelope> NackOf(v1::NackCode code) {
  v1::Envelope reply;
  reply.mutable_nack()->set_code(code);
  reply.mutable_nack()->set_message("because");
  return reply;
}

std::ptrdiff_t IndexOf(const std::vector<std::string>& events, const std::string& event) {
  return std::find(events.begin(), events.end(), event) - events.begin();
}

TEST(DelivererTest, ALaterVersionIsSentOnlyAfterTheEarlierOneWasAnswered) {
  FakeOutbox outbox;
  outbox.Add("a", 1);
  outbox.Add("a", 2);
  outbox.Add("b", 1);
  outbox.Add("c", 1);
  FakeLink link(&AckOf);
  Deliverer deliverer(outbox, link, 1, 64);
  const auto round = deliverer.RunRound();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->delivered, 4) << "one round delivers all, a:v2 included";
  const std::vector<std::string> sent = link.Sent();
  EXPECT_EQ(std::vector<std::string>(sent.begin(), sent.begin() + 3),
            (std::vector<std::string>{"a:v1", "b:v1", "c:v1"}))
      << "b and c go past a:v2, which waits";
  EXPECT_LT(IndexOf(link.events, "reply a:v1"), IndexOf(link.events, "send a:v2"));
  for (const auto& [id, entry] : outbox.items) EXPECT_EQ(entry.second, "delivered") << id;
  EXPECT_EQ(deliverer.RunRound()->pending, 0);
}

TEST(DelivererTest, TheWindowRefillsAsRepliesArriveWithinOneRound) {
  FakeOutbox outbox;
  for (int i = 0; i < 10; ++i) outbox.Add("i" + std::to_string(i), 1);
  FakeLink link(&AckOf);
  link.hold = true;
  link.Release(10);
  Deliverer deliverer(outbox, link, 1, 3);
  const auto round = deliverer.RunRound();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->sent, 10) << "lock-step rounds would have stopped at 3";
  EXPECT_EQ(round->delivered, 10);
  EXPECT_LE(round->max_in_flight, 3);
  EXPECT_LE(link.max_in_flight, 3);
}

TEST(DelivererTest, SlotsFreedByRepliesAreFilledBeforeTheirOutcomesCommit) {
  FakeOutbox outbox;
  for (int i = 0; i < 6; ++i) outbox.Add("i" + std::to_string(i), 1);
  FakeLink link(&AckOf);
  link.hold = true;
  std::thread releaser([&] {
    while (link.Sent().size() < 2) std::this_thread::yield();
    link.Release(6);
  });
  std::size_t sent_at_first_record = 0;
  outbox.before_record = [&] {
    if (sent_at_first_record == 0) sent_at_first_record = link.Sent().size();
  };
  Deliverer deliverer(outbox, link, 1, 2);
  const auto round = deliverer.RunRound();
  releaser.join();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->delivered, 6);
  EXPECT_GT(sent_at_first_record, 2u)
      << "the connection would idle while the sender commits the first replies' outcomes";
  EXPECT_LE(link.max_in_flight, 2);
}

TEST(DelivererTest, TheRoundsFirstReadSaysWhetherStatusQuestionsWait) {
  FakeOutbox outbox;
  FakeLink link(&AckOf);
  Deliverer deliverer(outbox, link, 1, 3);
  const auto idle = deliverer.RunRound();
  ASSERT_TRUE(idle);
  EXPECT_EQ(idle->pending, 0);
  EXPECT_FALSE(idle->questions_waiting);
  EXPECT_EQ(outbox.first_reads, 1) << "an idle round is one read";

  outbox.questions_waiting = true;
  for (int i = 0; i < 7; ++i) outbox.Add("q" + std::to_string(i), 1);
  const auto busy = deliverer.RunRound();
  ASSERT_TRUE(busy);
  EXPECT_TRUE(busy->questions_waiting);
  EXPECT_EQ(busy->delivered, 7);
  EXPECT_EQ(outbox.first_reads, 2) << "refills of the window read the outbox alone";
}

TEST(DelivererTest, RepliesThatArriveTogetherAreRecordedInOneCommit) {
  FakeOutbox outbox;
  for (int i = 0; i < 8; ++i) outbox.Add("i" + std::to_string(i), 1);
  FakeLink link(&AckOf);
  link.hold = true;
  std::thread releaser([&] {
    // All eight are in flight before any reply goes: they arrive together.
    while (link.Sent().size() < 8) std::this_thread::yield();
    link.Release(8);
  });
  // However the threads are scheduled, the replies that come in while the deliverer records
  // an earlier one are there together when it looks again: at most three commits, never eight.
  outbox.before_record = [&] {
    while (link.Replied() < 8) std::this_thread::yield();
  };
  Deliverer deliverer(outbox, link, 1, 8);
  const auto round = deliverer.RunRound();
  releaser.join();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->delivered, 8);
  EXPECT_LT(outbox.record_calls, 8);
  EXPECT_EQ(round->records, outbox.record_calls);
}

TEST(DelivererTest, TransientFailuresStayPendingAndPermanentNacksAreRefused) {
  FakeOutbox outbox;
  outbox.Add("transient", 1);
  outbox.Add("gone", 1);
  outbox.Add("policy", 1);
  FakeLink link([](const v1::Share& share) -> common::Result<v1::Envelope> {
    if (share.origin_incident_id() == "transient") return NackOf(v1::NACK_CODE_UNAVAILABLE);
    if (share.origin_incident_id() == "gone") {
      return common::Fail(common::ErrorKind::kUnavailable, "connection closed");
    }
    return NackOf(v1::NACK_CODE_POLICY_REFUSED);
  });
  link.hold = true;
  std::thread releaser([&] {
    while (link.Sent().size() < 3) std::this_thread::yield();
    link.Release(3);
  });
  Deliverer deliverer(outbox, link, 1, 64);
  const auto round = deliverer.RunRound();
  releaser.join();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->failed, 2);
  EXPECT_EQ(round->refused, 1);
  EXPECT_EQ(outbox.items[1].second, "pending");
  EXPECT_EQ(outbox.items[1].first.attempts, 1);
  EXPECT_EQ(outbox.items[2].second, "pending");
  EXPECT_EQ(outbox.items[3].second, "refused:NACK_CODE_POLICY_REFUSED");
}

TEST(DelivererTest, OnlyKnownCodesOtherThanUnavailableRefuseForGood) {
  for (const v1::NackCode code :
       {v1::NACK_CODE_MALFORMED, v1::NACK_CODE_UNSUPPORTED_VERSION, v1::NACK_CODE_NOT_AUTHORISED,
        v1::NACK_CODE_POLICY_REFUSED, v1::NACK_CODE_INVALID_DOCUMENT, v1::NACK_CODE_TOO_LARGE,
        v1::NACK_CODE_UNKNOWN_INCIDENT}) {
    EXPECT_TRUE(PermanentNack(code)) << v1::NackCode_Name(code);
  }
  EXPECT_FALSE(PermanentNack(v1::NACK_CODE_UNAVAILABLE));
  EXPECT_FALSE(PermanentNack(v1::NACK_CODE_UNSPECIFIED)) << "a code nobody set";
  EXPECT_FALSE(PermanentNack(static_cast<v1::NackCode>(99))) << "a newer peer's code";
}

TEST(DelivererTest, AfterATransientFailureTheRoundSendsNothingMore) {
  FakeOutbox outbox;
  outbox.Add("a", 1);
  outbox.Add("a", 2);
  for (int i = 0; i < 5; ++i) outbox.Add("i" + std::to_string(i), 1);
  FakeLink link([](const v1::Share& share) -> common::Result<v1::Envelope> {
    if (share.share_id() == "a:v1") return NackOf(v1::NACK_CODE_UNAVAILABLE);
    return AckOf(share);
  });
  Deliverer deliverer(outbox, link, 1, 2);
  const auto round = deliverer.RunRound();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->failed, 1);
  const std::vector<std::string> sent = link.Sent();
  EXPECT_EQ(std::count(sent.begin(), sent.end(), "a:v2"), 0)
      << "a:v2 never overtakes a:v1, which is pending again";
  EXPECT_LT(sent.size(), 7u);
  EXPECT_EQ(outbox.items[2].second, "pending");
}

TEST(DelivererTest, WithoutASessionNothingChanges) {
  FakeOutbox outbox;
  outbox.Add("a", 1);
  FakeLink link(&AckOf);
  link.down = true;
  Deliverer deliverer(outbox, link, 1, 64);
  const auto round = deliverer.RunRound();
  ASSERT_TRUE(round);
  EXPECT_TRUE(round->no_link);
  EXPECT_EQ(round->sent, 0);
  EXPECT_EQ(outbox.items[1].second, "pending");
  EXPECT_EQ(outbox.items[1].first.attempts, 0);
}

TEST(DelivererTest, AStopRequestEndsTheRoundOnceWhatIsInFlightIsAnswered) {
  FakeOutbox outbox;
  for (int i = 0; i < 10; ++i) outbox.Add("i" + std::to_string(i), 1);
  FakeLink link(&AckOf);
  link.hold = true;
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    while (link.Sent().size() < 2) std::this_thread::yield();
    stop = true;
    link.Release(2);
  });
  Deliverer deliverer(outbox, link, 1, 2);
  const auto round = deliverer.RunRound(&stop);
  stopper.join();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->sent, 2);
  EXPECT_EQ(round->delivered, 2);
  EXPECT_EQ(outbox.items[3].second, "pending");
}

}  // namespace
}  // namespace ncirt::exchange::outbox
