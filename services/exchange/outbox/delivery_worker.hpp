#pragma once
// Runs a Deliverer's rounds on a thread of its own, for as long as the service runs: at once
// again while rounds make progress, after `idle_poll` when the outbox is empty, and after a
// backoff pause with full jitter (common/net/backoff.hpp) when a round could not deliver
// (no session, transient failures, database unavailable). After each round it runs the
// options' `after_round` work with that round's result, so everything sent to one partner
// shares one tick (and the work can skip itself when the round saw nothing for it). Stop()
// interrupts a pause at once, and a running round sends nothing more and ends once the Shares
// in flight are answered.
//
// Thread-safety: Start() and Stop() from one controlling thread; Stats() from any thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "common/net/backoff.hpp"
#include "exchange/outbox/deliverer.hpp"

namespace ncirt::exchange::outbox {

struct DeliveryWorkerOptions {
  std::chrono::milliseconds idle_poll{500};
  common::net::BackoffPolicy backoff;
  // Uniform in [0, 1) for the jitter; empty: DefaultUnitRandom.
  common::net::UnitRandom random;
  // Other work for the same partner connection, run after every round on the worker's thread
  // with the round's result (the status questions, status_asker.hpp); empty: none. An
  // exception it throws is logged and the worker goes on.
  std::function<void(const common::Result<RoundResult>&)> after_round;
};

struct DeliveryWorkerStats {
  std::uint64_t rounds = 0;
  std::uint64_t delivered = 0;
  std::uint64_t refused = 0;
  std::uint64_t failed = 0;
  std::uint64_t pauses = 0;  // backoff pauses taken
};

class DeliveryWorker {
 public:
  // The deliverer must outlive the worker.
  DeliveryWorker(Deliverer& deliverer, DeliveryWorkerOptions options)
      : deliverer_(deliverer), options_(options), backoff_(options.backoff, options.random) {}
  ~DeliveryWorker() { Stop(); }
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  void Start();
  // Returns after the current round (if any) has collected its replies. Idempotent.
  void Stop();
  DeliveryWorkerStats Stats() const;

 private:
  void Run();
  void RunAfterRound(const common::Result<RoundResult>& round);
  // Waits `pause` or until Stop(); false when stopping.
  bool Pause(std::chrono::milliseconds pause);

  Deliverer& deliverer_;
  DeliveryWorkerOptions options_;
  common::net::Backoff backoff_;  // used by the worker thread only
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;         // guarded by mutex_
  // Stopping_ for the running round, which must not wait for the mutex.
  std::atomic<bool> stop_requested_{false};
  DeliveryWorkerStats stats_;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace ncirt::exchange::outbox
