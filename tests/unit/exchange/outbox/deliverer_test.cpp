#include "exchange/outbox/deliverer.hpp"

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

TEST(DelivererTest, PipelinesOneVersionPerIncidentAndMarksDeliveredOnAck) {
  FakeOutbox outbox;
  outbox.Add("a", 1);
  outbox.Add("a", 2);
  outbox.Add("b", 1);
  outbox.Add("c", 1);
  FakeLink link(&AckOf);
  link.expect_per_round = 3;
  Deliverer deliverer(outbox, link, 1, 64);
  const auto first = deliverer.RunRound();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->sent, 3) << "a:v2 waits for a:v1";
  EXPECT_EQ(first->delivered, 3);
  EXPECT_EQ(link.sent_ids, (std::vector<std::string>{"a:v1", "b:v1", "c:v1"}));
  link.expect_per_round = 1;
  const auto second = deliverer.RunRound();
  EXPECT_EQ(second->delivered, 1);
  EXPECT_EQ(link.sent_ids.back(), "a:v2");
  EXPECT_EQ(deliverer.RunRound()->pending, 0);
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
  link.expect_per_round = 3;
  Deliverer deliverer(outbox, link, 1, 64);
  const auto round = deliverer.RunRound();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->failed, 2);
  EXPECT_EQ(round->refused, 1);
  EXPECT_EQ(outbox.items[1].second, "pending");
  EXPECT_EQ(outbox.items[1].first.attempts, 1);
  EXPECT_EQ(outbox.items[2].second, "pending");
  EXPECT_EQ(outbox.items[3].second, "refused:NACK_CODE_POLICY_REFUSED");
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

TEST(DelivererTest, WindowBoundsTheRound) {
  FakeOutbox outbox;
  for (int i = 0; i < 10; ++i) outbox.Add("i" + std::to_string(i), 1);
  FakeLink link(&AckOf);
  link.expect_per_round = 4;
  Deliverer deliverer(outbox, link, 1, 4);
  EXPECT_EQ(deliverer.RunRound()->sent, 4);
}

}  // namespace
}  // namespace ncirt::exchange::outbox
