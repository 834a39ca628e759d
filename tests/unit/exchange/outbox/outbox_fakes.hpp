#pragma once
// In-memory fakes for the delivery logic's unit tests: an outbox store and a link.

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <pqxx/except>

#include "exchange/outbox/deliverer.hpp"

namespace ncirt::exchange::outbox::testing {

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
    // As PgOutboxStore does while PostgreSQL restarts (common/pg lets it propagate).
    if (lost_connections.fetch_sub(1) > 0) {
      throw pqxx::broken_connection("server closed the connection unexpectedly");
    }
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

  // Pending() throws pqxx::broken_connection this many times before it answers.
  std::atomic<int> lost_connections{0};
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

  std::atomic<bool> down{false};
  int expect_per_round = 1;
  std::vector<std::string> sent_ids;

 private:
  Answer answer_;
  std::vector<std::pair<v1::Envelope, common::net::ReplyCallback>> waiting_;
};

}  // namespace ncirt::exchange::outbox::testing
