#include "exchange/outbox/deliverer.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace ncirt::exchange::outbox {
namespace {

// The outbox in memory: items with a state, as PgOutboxStore keeps them.
class FakeOutbox final : public store::OutboxStore {
 public:
  void Add(std::string incident, std::uint64_t version) {
    v1::Share share;
    share.set_share_id(incident + ":v" + std::to_string(version));
    share.set_origin_incident_id(incident);
    share.set_version(version);
    const std::int64_t id = static_cast<std::int64_t>(items.size()) + 1;
    items[id] = {store::OutboxItem{.id = id, .partner_id = 1, .incident_id = incident,
                                   .version = version, .share_id = share.share_id(),
                                   .share = share.SerializeAsString()},
                 "pending"};
  }
  common::Result<store::Enqueued> Enqueue(const std::string&, const std::vector<PartnerDecision>&,
                                          const google::protobuf::Timestamp&) override {
    return common::Fail(common::ErrorKind::kUnavailable, "not used");
  }
  common::Result<std::vector<store::OutboxItem>> Pending(std::int64_t, std::int64_t after,
                                                         int limit) override {
    std::vector<store::OutboxItem> out;
    for (const auto& [id, entry] : items) {
      if (id > after && entry.second == "pending" && static_cast<int>(out.size()) < limit) {
        out.push_back(entry.first);
      }
    }
    return out;
  }
  common::Result<void> MarkDelivered(std::int64_t id, const std::string&, bool) override {
    items[id].second = "delivered";
    return {};
  }
  common::Result<void> MarkRefused(std::int64_t id, const std::string& code,
                                   const std::string&) override {
    items[id].second = "refused:" + code;
    return {};
  }
  common::Result<void> RecordFailedAttempt(std::int64_t id, const std::string&) override {
    ++items[id].first.attempts;
    return {};
  }
  common::Result<std::vector<store::HistoryEntry>> History(const std::string&) override {
    return std::vector<store::HistoryEntry>{};
  }

  std::map<std::int64_t, std::pair<store::OutboxItem, std::string>> items;
};

// Answers each Share by `answer`, from another thread once the whole round was sent, in
// reverse order (replies may come in any order).
class FakeLink final : public Link {
 public:
  using Answer = std::function<common::Result<v1::Envelope>(const v1::Share&)>;
  explicit FakeLink(Answer answer) : answer_(std::move(answer)) {}

  bool Send(v1::Envelope request, common::net::ReplyCallback done) override {
    if (down) return false;
    sent_ids.push_back(request.share().share_id());
    waiting_.emplace_back(std::move(request), std::move(done));
    if (static_cast<int>(waiting_.size()) == expect_per_round) Flush();
    return true;
  }
  void Flush() {
    auto batch = std::move(waiting_);
    waiting_.clear();
    std::thread([this, batch = std::move(batch)]() mutable {
      for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
        it->second(answer_(it->first.share()));
      }
    }).detach();
  }

  bool down = false;
  int expect_per_round = 1;
  std::vector<std::string> sent_ids;

 private:
  Answer answer_;
  std::vector<std::pair<v1::Envelope, common::net::ReplyCallback>> waiting_;
};

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
