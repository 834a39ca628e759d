#include "intake/purger.hpp"

#include "common/log/log.hpp"

namespace ncirt::intake {

Purger::Purger(store::QuarantineStore& quarantine, store::IncidentStore& incidents,
               PurgerOptions options)
    : quarantine_(quarantine), incidents_(incidents), options_(options) {}

Purger::~Purger() { Stop(); }

PurgeCounts Purger::RunOnce() {
  PurgeCounts counts;
  if (auto n = quarantine_.PurgeOlderThan(options_.quarantine_retention)) {
    counts.quarantine = *n;
  } else {
    counts.failed = true;
    common::log::Warn("purge_failed", {{"what", "quarantine"}, {"error", n.error().ToString()}});
  }
  if (auto n = incidents_.PurgeIdempotencyKeys(options_.idempotency_retention)) {
    counts.idempotency_keys = *n;
  } else {
    counts.failed = true;
    common::log::Warn("purge_failed",
                      {{"what", "idempotency_keys"}, {"error", n.error().ToString()}});
  }
  if (counts.quarantine > 0 || counts.idempotency_keys > 0) {
    common::log::Info("purged", {{"quarantine", counts.quarantine},
                                 {"idempotency_keys", counts.idempotency_keys}});
  }
  return counts;
}

void Purger::Start() {
  thread_ = std::thread([this] {
    while (true) {
      try {
        RunOnce();
      } catch (const std::exception& e) {
        // A lost connection mid-purge: the next pass tries again on a fresh one.
        common::log::Warn("purge_failed", {{"error", e.what()}});
      }
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) return;
    }
  });
}

void Purger::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace ncirt::intake
