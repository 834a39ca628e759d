#include "exchange/outbox/delivery_worker.hpp"

#include <exception>
#include <string>

#include "common/log/log.hpp"

namespace ncirt::exchange::outbox {
namespace {

// common/pg lets pqxx::broken_connection and in_doubt_error propagate (the edge answers 503);
// this thread has no caller to answer, and an uncaught exception would end the whole program
// when PostgreSQL restarts mid-round. A round that throws is a failed round: the worker pauses
// with its backoff and tries again, and the rows stay pending.
template <typename Round>
common::Result<RoundResult> Guarded(Round&& round) {
  try {
    return round();
  } catch (const std::exception& e) {
    return common::Fail(common::ErrorKind::kUnavailable,
                        std::string("delivery round failed: ") + e.what());
  }
}

}  // namespace

void DeliveryWorker::RunAfterRound(const common::Result<RoundResult>& round) {
  if (!options_.after_round) return;
  try {
    options_.after_round(round);
  } catch (const std::exception& e) {
    // As a round's: PostgreSQL restarting must not end the program; the work runs again next
    // tick.
    common::log::Warn("after_round_failed", {{"error", e.what()}});
  }
}

void DeliveryWorker::Start() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  stop_requested_ = false;
  thread_ = std::thread([this] { Run(); });
}

void DeliveryWorker::Stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

DeliveryWorkerStats DeliveryWorker::Stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

bool DeliveryWorker::Pause(std::chrono::milliseconds pause) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, pause, [this] { return stopping_; });
  return !stopping_;
}

void DeliveryWorker::Run() {
  while (true) {
    {
      const std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    const common::Result<RoundResult> round =
        Guarded([&] { return deliverer_.RunRound(&stop_requested_); });
    RunAfterRound(round);
    bool trouble = !round.has_value();
    {
      const std::lock_guard lock(mutex_);
      ++stats_.rounds;
      if (round) {
        stats_.delivered += static_cast<std::uint64_t>(round->delivered);
        stats_.refused += static_cast<std::uint64_t>(round->refused);
        stats_.failed += static_cast<std::uint64_t>(round->failed);
        trouble = round->no_link || round->failed > 0;
      }
      if (trouble) ++stats_.pauses;
    }
    if (trouble) {
      if (!Pause(backoff_.Next())) return;
      continue;
    }
    backoff_.Reset();
    if (round->pending == 0 && !Pause(options_.idle_poll)) return;
  }
}

}  // namespace ncirt::exchange::outbox
