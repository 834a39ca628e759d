#pragma once
// Runs QueueStore::ConsumeOutbox and QueueStore::ChainAudit on a timer in a thread of its own,
// so incidents from intake enter the queue within one interval even when nobody claims (claims
// consume too), and audit records are chained within one interval. Failures
// (PostgreSQL away) are logged and retried at the next tick; nothing is lost, since the rows
// stay pending in intake's outbox.
//
// Thread-safety: Start() and Stop() from one controlling thread.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "triage/store/queue_store.hpp"

namespace ncirt::triage {

class OutboxPoller {
 public:
  OutboxPoller(store::QueueStore& queue, std::chrono::milliseconds interval);
  ~OutboxPoller();
  OutboxPoller(const OutboxPoller&) = delete;
  OutboxPoller& operator=(const OutboxPoller&) = delete;

  void Start();
  // Wakes the thread and joins it; idempotent.
  void Stop();

 private:
  void Run();

  store::QueueStore& queue_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace ncirt::triage
