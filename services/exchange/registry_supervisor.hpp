#pragma once
// The supervisor's tick of ncirt-exchange: keeps the process in step with the partner registry
// (pins on the listener, one link per enabled partner) and, once it knows the registry, queues
// new versions of shared incidents that changed (store/follow_changes.hpp).
//
// The registry is read on the first tick (start-up) and then every reload_interval. A read
// that fails, by an error value or by an exception (PostgreSQL restarting: common/pg lets a
// lost connection propagate), never leaves Tick(): it is logged ("registry_load_failed" before
// the first successful read, "registry_reload_failed" after) and tried again, at the next tick
// while the registry was never read, at the next interval otherwise (the last snapshot stays in
// force, so known partners are not cut off by a hiccup). Until the first read succeeds nothing
// is followed: an empty list would let the notes of changed incidents be consumed with no
// recipient. A failure of the follow step is logged and tried at the next tick.
//
// Thread-safety: none; one supervising thread calls Tick() (App runs it at start-up, then on
// its supervisor thread, never both at once).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/error/error.hpp"
#include "exchange/partner.hpp"
#include "exchange/store/partner_store.hpp"

namespace ncirt::exchange {

// What one Tick() did, for the caller's metrics and for tests.
struct SupervisorTick {
  bool registry_read = false;    // the registry was read (successfully) on this tick
  std::string registry_failure;  // why a read attempted on this tick failed; "" otherwise
  bool followed = false;         // the follow step ran
  int versions_queued = 0;
  std::string follow_failure;    // why the follow step failed; "" otherwise
};

class RegistrySupervisor {
 public:
  using Clock = std::chrono::steady_clock;
  // Applies a freshly read registry (all partners, enabled or not) to the running process.
  using Apply = std::function<void(const std::vector<Partner>&)>;
  // Queues new versions for the current registry; returns how many.
  using Follow = std::function<common::Result<int>(const std::vector<Partner>&)>;

  // `partners` must outlive the supervisor.
  RegistrySupervisor(store::PartnerStore& partners, Apply apply, Follow follow,
                     std::chrono::milliseconds reload_interval)
      : partners_(partners),
        apply_(std::move(apply)),
        follow_(std::move(follow)),
        reload_interval_(reload_interval) {}

  // One round at `now`. Does not throw std::exception.
  SupervisorTick Tick(Clock::time_point now);

  // Whether a registry was ever read; the last one read.
  bool Loaded() const { return next_reload_.has_value(); }
  const std::vector<Partner>& Registry() const { return registry_; }

 private:
  // Reads and applies the registry; the reason on failure.
  std::optional<std::string> Reload();
  void FollowChanges(SupervisorTick& tick);

  store::PartnerStore& partners_;
  Apply apply_;
  Follow follow_;
  const std::chrono::milliseconds reload_interval_;
  std::vector<Partner> registry_;
  std::optional<Clock::time_point> next_reload_;  // empty until the first successful read
};

}  // namespace ncirt::exchange
