#include "exchange/outbox/deliverer.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ncirt::exchange::outbox {
namespace {

using Kind = store::ItemOutcome::Kind;

store::ItemOutcome OutcomeOf(const store::OutboxItem& item,
                             const common::Result<v1::Envelope>& reply) {
  store::ItemOutcome out{.item_id = item.id};
  if (!reply) {
    out.message = reply.error().ToString();
  } else if (reply->has_ack()) {
    out.kind = Kind::kDelivered;
    out.receiver_incident_id = reply->ack().receiver_incident_id();
    out.duplicate = reply->ack().duplicate();
  } else if (reply->has_nack() && PermanentNack(reply->nack().code())) {
    out.kind = Kind::kRefused;
    out.code = v1::NackCode_Name(reply->nack().code());
    out.message = reply->nack().message();
  } else {
    out.message = reply->has_nack()
                      ? (reply->nack().code() == v1::NACK_CODE_UNAVAILABLE
                             ? "partner unavailable: "
                             : "partner answered a Nack with no code this side knows (" +
                                   std::to_string(static_cast<int>(reply->nack().code())) +
                                   "), taken as transient: ") +
                            reply->nack().message()
                                    : "the partner answered with neither Ack nor Nack";
  }
  return out;
}

// Replies handed from the link's callbacks to the round's thread. Shared with the callbacks,
// so a callback that fires late never touches a finished round.
struct Inbox {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::pair<std::int64_t, common::Result<v1::Envelope>>> replies;  // guarded

  // Everything that arrived, after waiting for at least one reply.
  std::vector<std::pair<std::int64_t, common::Result<v1::Envelope>>> TakeAll() {
    std::unique_lock lock(mutex);
    arrived.wait(lock, [this] { return !replies.empty(); });
    return std::exchange(replies, {});
  }
};

// One round's state (deliverer.hpp describes the rules).
class Round {
 public:
  Round(store::OutboxStore& outbox, Link& link, std::int64_t partner_id, int window,
        const std::atomic<bool>* stop)
      : outbox_(outbox), link_(link), partner_id_(partner_id), window_(window), stop_(stop) {}

  common::Result<RoundResult> Run() {
    while (true) {
      Refill();
      if (in_flight_.empty()) break;
      Collect();
    }
    if (error_) return std::unexpected(std::move(*error_));
    return result_;
  }

 private:
  bool MaySend() const {
    return !stop_sending_ && !error_ && (stop_ == nullptr || !stop_->load());
  }

  // Fills the window from what was read ahead, and keeps a window's worth read ahead.
  void Refill() {
    while (true) {
      SendAhead();
      const int want = window_ - static_cast<int>(ahead_.size());
      if (!MaySend() || exhausted_ || want <= 0 || !ReadAhead(want)) return;
    }
  }

  // Fills the window from what was read ahead only: no database round trip, so the slots the
  // replies just freed are in use again while their outcomes commit.
  void SendAhead() {
    while (MaySend() && HasRoom() && !ahead_.empty()) SendOrHold(TakeAhead());
  }

  bool HasRoom() const { return static_cast<int>(in_flight_.size()) + held_count_ < window_; }

  store::OutboxItem TakeAhead() {
    store::OutboxItem item = std::move(ahead_.front());
    ahead_.pop_front();
    return item;
  }

  // Reads up to `want` items after the last one read. False (error_ set) on failure.
  bool ReadAhead(int want) {
    auto pending = Read(want);
    if (!pending) {
      error_ = std::move(pending.error());
      return false;
    }
    result_.pending += static_cast<int>(pending->size());
    if (static_cast<int>(pending->size()) < want ||
        result_.pending >= Deliverer::kMaxItemsPerRound) {
      exhausted_ = true;
    }
    for (store::OutboxItem& item : *pending) {
      cursor_ = item.id;
      ahead_.push_back(std::move(item));
    }
    return true;
  }

  void SendOrHold(store::OutboxItem item) {
    if (busy_.contains(item.incident_id)) {
      held_[item.incident_id].push_back(std::move(item));
      ++held_count_;
    } else {
      Send(std::move(item));
    }
  }

  // The round's first read also learns whether status questions wait (one statement).
  common::Result<std::vector<store::OutboxItem>> Read(int want) {
    if (read_before_) return outbox_.Pending(partner_id_, cursor_, want);
    read_before_ = true;
    auto first = outbox_.PendingAndQuestions(partner_id_, cursor_, want);
    if (!first) return std::unexpected(std::move(first.error()));
    result_.questions_waiting = first->questions_waiting;
    return std::move(first->items);
  }

  void Send(store::OutboxItem item) {
    v1::Envelope request;
    if (!request.mutable_share()->ParseFromString(item.share)) {
      error_ = common::Error{common::ErrorKind::kUnavailable,
                             "outbox item " + std::to_string(item.id) + " holds no valid Share",
                             {}};
      return;
    }
    const std::int64_t id = item.id;
    const bool started = link_.Send(
        std::move(request), [inbox = inbox_, id](common::Result<v1::Envelope> reply) {
          {
            const std::lock_guard lock(inbox->mutex);
            inbox->replies.emplace_back(id, std::move(reply));
          }
          inbox->arrived.notify_one();
        });
    if (!started) {
      result_.no_link = true;
      stop_sending_ = true;
      return;
    }
    ++result_.sent;
    busy_.insert(item.incident_id);
    in_flight_.emplace(id, std::move(item));
    result_.max_in_flight = std::max(result_.max_in_flight, static_cast<int>(in_flight_.size()));
  }

  // Takes the replies that arrived, sends the versions they unblock, records them in one go.
  void Collect() {
    std::vector<store::ItemOutcome> outcomes;
    for (auto& [id, reply] : inbox_->TakeAll()) {
      auto node = in_flight_.extract(id);
      const store::OutboxItem& item = node.mapped();
      outcomes.push_back(OutcomeOf(item, reply));
      busy_.erase(item.incident_id);
      switch (outcomes.back().kind) {
        case Kind::kDelivered: ++result_.delivered; break;
        case Kind::kRefused: ++result_.refused; break;
        case Kind::kFailed:
          ++result_.failed;
          stop_sending_ = true;
          break;
      }
      ReleaseNext(item.incident_id);
    }
    if (error_) return;  // the store failed already: nothing more is recorded this round
    SendAhead();
    if (auto recorded = outbox_.RecordOutcomes(outcomes); !recorded) {
      error_ = std::move(recorded.error());
      return;
    }
    ++result_.records;
  }

  // The next held version of `incident`, now that the one before it has its answer.
  void ReleaseNext(const std::string& incident) {
    const auto it = held_.find(incident);
    if (it == held_.end()) return;
    if (!MaySend()) {
      held_count_ -= static_cast<int>(it->second.size());
      held_.erase(it);  // stays pending: the next round sends it in order
      return;
    }
    store::OutboxItem next = std::move(it->second.front());
    it->second.pop_front();
    --held_count_;
    if (it->second.empty()) held_.erase(it);
    Send(std::move(next));
  }

  store::OutboxStore& outbox_;
  Link& link_;
  const std::int64_t partner_id_;
  const int window_;
  const std::atomic<bool>* stop_;
  std::shared_ptr<Inbox> inbox_ = std::make_shared<Inbox>();
  std::int64_t cursor_ = 0;  // the last item read
  std::deque<store::OutboxItem> ahead_;  // read, not sent yet: at most a window
  bool exhausted_ = false;
  bool read_before_ = false;
  bool stop_sending_ = false;
  std::optional<common::Error> error_;
  std::map<std::int64_t, store::OutboxItem> in_flight_;          // by item id
  std::set<std::string> busy_;                                    // incidents in flight
  std::map<std::string, std::deque<store::OutboxItem>> held_;    // behind a busy incident
  int held_count_ = 0;
  RoundResult result_;
};

}  // namespace

bool PermanentNack(v1::NackCode code) {
  return v1::NackCode_IsValid(code) && code != v1::NACK_CODE_UNSPECIFIED &&
         code != v1::NACK_CODE_UNAVAILABLE;
}

common::Result<RoundResult> Deliverer::RunRound(const std::atomic<bool>* stop) {
  return Round(outbox_, link_, partner_id_, window_, stop).Run();
}

}  // namespace ncirt::exchange::outbox
