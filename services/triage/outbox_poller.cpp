#include "triage/outbox_poller.hpp"

#include <exception>

#include "common/log/log.hpp"

namespace ncirt::triage {

namespace {
constexpr int kBatch = 256;
}  // namespace

OutboxPoller::OutboxPoller(store::QueueStore& queue, std::chrono::milliseconds interval,
                           store::UserStore* users)
    : queue_(queue), users_(users), interval_(interval) {}

OutboxPoller::~OutboxPoller() { Stop(); }

void OutboxPoller::Start() { thread_ = std::thread([this] { Run(); }); }

void OutboxPoller::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxPoller::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      // A full batch means more may be waiting: take the next one at once.
      int taken = kBatch;
      while (taken == kBatch) {
        auto consumed = queue_.ConsumeOutbox(kBatch);
        if (!consumed) {
          common::log::Warn("outbox_poll_failed", {{"error", consumed.error().ToString()}});
          break;
        }
        taken = *consumed;
      }
      if (auto chained = queue_.ChainAudit(); !chained) {
        common::log::Warn("audit_chain_failed", {{"error", chained.error().ToString()}});
      }
      if (users_) {
        if (auto expired = users_->DeleteExpiredSessions(); !expired) {
          common::log::Warn("session_cleanup_failed", {{"error", expired.error().ToString()}});
        }
      }
    } catch (const std::exception& e) {
      // A lost connection: the rows stay pending; try again at the next tick.
      common::log::Warn("outbox_poll_failed", {{"error", e.what()}});
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace ncirt::triage
