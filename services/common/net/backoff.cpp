#include "common/net/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

namespace ncirt::common::net {

std::chrono::milliseconds BackoffCap(const BackoffPolicy& policy, int retry) {
  const double max = static_cast<double>(std::max<std::int64_t>(policy.max_delay.count(), 0));
  const double initial = std::clamp(static_cast<double>(policy.initial_delay.count()), 0.0, max);
  const double multiplier = std::max(policy.multiplier, 1.0);
  // Computed in doubles and clamped, so multiplier^(retry-1) overflowing to infinity is harmless.
  const double cap = initial * std::pow(multiplier, std::max(retry, 1) - 1);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::min(cap, max)));
}

std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int retry,
                                       double unit_random) {
  // Clamp below 1 so the delay stays strictly under the cap, as "full jitter" promises.
  const double unit = std::clamp(unit_random, 0.0, std::nextafter(1.0, 0.0));
  const auto cap = BackoffCap(policy, retry).count();
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(std::floor(unit * static_cast<double>(cap))));
}

double DefaultUnitRandom() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

Backoff::Backoff(BackoffPolicy policy, UnitRandom random)
    : policy_(policy), random_(random ? std::move(random) : UnitRandom(&DefaultUnitRandom)) {}

std::chrono::milliseconds Backoff::Next() {
  if (retries_ < std::numeric_limits<int>::max()) ++retries_;
  return BackoffDelay(policy_, retries_, random_());
}

}  // namespace ncirt::common::net
