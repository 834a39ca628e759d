#pragma once
// Runs QueueStore::ConsumeOutbox and QueueStore::ChainAudit on a timer in a thread of its own,
// so incidents from intake enter the queue within one interval even when nobody claims (claims
// consume too), and audit records are chained within one interval; with a UserStore it also
// deletes expired sessions (they are refused anyway; this keeps the table small). Failures
// (PostgreSQL away) are logged and retried at the next tick; nothing is lost, since the rows
// stay pending in intake's outbox.
//
// Thread-safety: Start() and Stop() from one controlling thread.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "triage/store/queue_store.hpp"
#include "triage/store/user_store.hpp"

namespace ncirt::triage {

class OutboxPoller {
 public:
  // `queue` and `users` (when given) must outlive the poller.
  OutboxPoller(store::QueueStore& queue, std::chrono::milliseconds interval,
               store::UserStore* users = nullptr);
  ~OutboxPoller();
  OutboxPoller(const OutboxPoller&) = delete;
  OutboxPoller& operator=(const OutboxPoller&) = delete;

  void Start();
  // Wakes the thread and joins it; idempotent.
  void Stop();

 private:
  void Run();

  store::QueueStore& queue_;
  store::UserStore* const users_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace ncirt::triage
