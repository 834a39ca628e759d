#include "exchange/registry_supervisor.hpp"

#include <exception>

#include "common/log/log.hpp"

namespace ncirt::exchange {

SupervisorTick RegistrySupervisor::Tick(Clock::time_point now) {
  SupervisorTick tick;
  if (!next_reload_ || now >= *next_reload_) {
    const bool first = !Loaded();
    if (auto failure = Reload()) {
      tick.registry_failure = std::move(*failure);
      if (first) {
        common::log::Warn("registry_load_failed",
                          {{"error", tick.registry_failure},
                           {"effect", "no partner is known yet: peers are refused and nothing "
                                      "is delivered until the partner list is read"},
                           {"retry", "next tick"}});
      } else {
        common::log::Warn("registry_reload_failed",
                          {{"error", tick.registry_failure},
                           {"effect", "the partner list read before stays in force"},
                           {"retry_in_ms", reload_interval_.count()}});
      }
    } else {
      tick.registry_read = true;
      if (first) {
        common::log::Info("registry_loaded", {{"partners", registry_.size()}});
      }
    }
    if (Loaded()) next_reload_ = now + reload_interval_;
  }
  if (Loaded()) FollowChanges(tick);
  return tick;
}

std::optional<std::string> RegistrySupervisor::Reload() {
  try {
    auto all = partners_.List();
    if (!all) return all.error().ToString();
    apply_(*all);
    registry_ = std::move(*all);
    if (!next_reload_) next_reload_.emplace();  // loaded; Tick() sets the instant
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string("reading the partner registry failed: ") + e.what();
  }
}

void RegistrySupervisor::FollowChanges(SupervisorTick& tick) {
  tick.followed = true;
  try {
    auto versions = follow_(registry_);
    if (!versions) {
      tick.follow_failure = versions.error().ToString();
    } else {
      tick.versions_queued = *versions;
    }
  } catch (const std::exception& e) {
    tick.follow_failure = std::string("following changed incidents failed: ") + e.what();
  }
  if (!tick.follow_failure.empty()) {
    common::log::Warn("follow_changes_failed", {{"error", tick.follow_failure}});
  } else if (tick.versions_queued > 0) {
    common::log::Info("updates_queued", {{"versions", tick.versions_queued}});
  }
}

}  // namespace ncirt::exchange
