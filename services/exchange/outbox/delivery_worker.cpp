#include "exchange/outbox/delivery_worker.hpp"

namespace ncirt::exchange::outbox {

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
    const common::Result<RoundResult> round = deliverer_.RunRound(&stop_requested_);
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
