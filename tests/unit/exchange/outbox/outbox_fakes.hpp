#pragma once
// In-memory fakes for the delivery logic's unit tests: an outbox store and a link.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
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
  common::Result<store::PendingRead> PendingAndQuestions(std::int64_t partner, std::int64_t after,
                                                         int limit) override {
    ++first_reads;
    auto items_read = Pending(partner, after, limit);
    if (!items_read) return std::unexpected(std::move(items_read.error()));
    return store::PendingRead{.items = std::move(*items_read),
                              .questions_waiting = questions_waiting};
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
  common::Result<void> RecordOutcomes(const std::vector<store::ItemOutcome>& outcomes) override {
    ++record_calls;
    if (before_record) before_record();
    return OutboxStore::RecordOutcomes(outcomes);
  }
  common::Result<std::vector<store::HistoryEntry>> History(const std::string&) override {
    return std::vector<store::HistoryEntry>{};
  }

  // What PendingAndQuestions() says of the partner's status questions; how often it was asked.
  bool questions_waiting = false;
  int first_reads = 0;
  // Pending() throws pqxx::broken_connection this many times before it answers.
  std::atomic<int> lost_connections{0};
  std::map<std::int64_t, std::pair<store::OutboxItem, std::string>> items;
  int record_calls = 0;
  // Runs inside each RecordOutcomes call (a test holds the deliverer there while replies arrive).
  std::function<void()> before_record;
};

// Answers each Share by `answer` from another thread, in FIFO order; with `hold`, replies wait
// until Release() (so a test can see what is in flight). Records the order of sends and
// replies, and the most Shares in flight at once.
class FakeLink final : public Link {
 public:
  using Answer = std::function<common::Result<v1::Envelope>(const v1::Share&)>;
  explicit FakeLink(Answer answer) : answer_(std::move(answer)) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeLink() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  bool Send(v1::Envelope request, common::net::ReplyCallback done) override {
    if (down) return false;
    std::lock_guard lock(mutex_);
    events.push_back("send " + request.share().share_id());
    queue_.emplace_back(std::move(request), std::move(done));
    max_in_flight = std::max(max_in_flight, static_cast<int>(queue_.size()));
    wake_.notify_all();
    return true;
  }
  // Lets `n` held replies go.
  void Release(int n) {
    std::lock_guard lock(mutex_);
    released_ += n;
    wake_.notify_all();
  }
  std::size_t Replied() {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(std::count_if(
        events.begin(), events.end(), [](const std::string& e) { return e.starts_with("reply "); }));
  }
  std::vector<std::string> Sent() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const std::string& e : events) {
      if (e.starts_with("send ")) out.push_back(e.substr(5));
    }
    return out;
  }

  std::atomic<bool> down{false};
  bool hold = false;
  std::vector<std::string> events;  // "send <share_id>", "reply <share_id>"; guarded by mutex_
  int max_in_flight = 0;            // guarded by mutex_

 private:
  void Serve() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [this] {
        return stopping_ || (!queue_.empty() && (!hold || released_ > 0));
      });
      if (stopping_) return;
      auto [request, done] = std::move(queue_.front());
      queue_.pop_front();
      if (hold) --released_;
      events.push_back("reply " + request.share().share_id());
      lock.unlock();
      done(answer_(request.share()));
      lock.lock();
    }
  }

  Answer answer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<v1::Envelope, common::net::ReplyCallback>> queue_;  // guarded by mutex_
  int released_ = 0;                                                       // guarded by mutex_
  bool stopping_ = false;                                                  // guarded by mutex_
  std::thread thread_;
};

}  // namespace ncirt::exchange::outbox::testing
