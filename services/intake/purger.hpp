#pragma once
// The periodic task that forgets what intake keeps only for a while: quarantined documents
// older than the quarantine retention, and Idempotency-Keys older than theirs.
//
// RunOnce() does one pass (tests call it directly); Start() runs a pass at once and then every
// `interval` on a thread of its own, until Stop(). A failed pass (database down) is logged and
// tried again at the next interval: nothing is lost by waiting. Several intake instances may
// purge at the same time; the DELETEs do not conflict in any way that matters.
//
// Thread-safety: Start() and Stop() from one controlling thread; RunOnce() from any thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "intake/store/incident_store.hpp"
#include "intake/store/quarantine_store.hpp"

namespace ncirt::intake {

struct PurgerOptions {
  std::chrono::milliseconds quarantine_retention{30LL * 24 * 3600 * 1000};
  std::chrono::milliseconds idempotency_retention{7LL * 24 * 3600 * 1000};
  std::chrono::milliseconds interval{3600 * 1000};
};

struct PurgeCounts {
  std::int64_t quarantine = 0;
  std::int64_t idempotency_keys = 0;
  bool failed = false;
};

class Purger {
 public:
  // The stores must outlive the purger.
  Purger(store::QuarantineStore& quarantine, store::IncidentStore& incidents,
         PurgerOptions options);
  ~Purger();
  Purger(const Purger&) = delete;
  Purger& operator=(const Purger&) = delete;

  PurgeCounts RunOnce();
  void Start();
  // Wakes the thread and joins it; idempotent.
  void Stop();

 private:
  store::QuarantineStore& quarantine_;
  store::IncidentStore& incidents_;
  const PurgerOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace ncirt::intake
