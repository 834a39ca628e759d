#pragma once
// How long an outbound connection waits before trying again: exponential backoff with "full
// jitter". The pause before retry n (n = 1 after the first failure) is a uniformly random time in
//   [0, cap(n)),  cap(n) = min(max_delay, initial_delay * multiplier^(n-1))
// so that many connectors that lost the same peer at the same moment (a partner restarting) do
// not all come back in lock step, while a peer that stays down is asked less and less often.
// docs/protocol.md ("Reconnection") states the same rule for other implementations.
//
// The policy is a pure function of (attempt, random number); Backoff adds the attempt counter
// and an injectable random source, so tests fix the randomness and check exact delays.
//
// Thread-safety: BackoffPolicy and the free functions are values and pure. A Backoff object
// belongs to one connector and is used from its strand only.

#include <chrono>
#include <functional>

namespace ncirt::common::net {

struct BackoffPolicy {
  // Cap of the pause before the first retry.
  std::chrono::milliseconds initial_delay{500};
  // The cap grows by this factor per further retry (>= 1).
  double multiplier = 2.0;
  // The cap never grows above this.
  std::chrono::milliseconds max_delay{60'000};
};

// cap(retry) of the header comment; retry < 1 is treated as 1. Never overflows: a huge retry
// number gives max_delay.
std::chrono::milliseconds BackoffCap(const BackoffPolicy& policy, int retry);

// floor(unit_random * cap(retry)), with unit_random clamped to [0, 1): always in [0, cap), or 0
// when the cap is 0.
std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int retry,
                                       double unit_random);

// A uniformly distributed number in [0, 1).
using UnitRandom = std::function<double()>;

// A per-thread std::mt19937_64 seeded from std::random_device.
double DefaultUnitRandom();

class Backoff {
 public:
  // An empty `random` uses DefaultUnitRandom.
  explicit Backoff(BackoffPolicy policy, UnitRandom random = {});

  // The pause before the next retry; counts the retry.
  std::chrono::milliseconds Next();
  // After a connection that held: the next pause is drawn from the first cap again.
  void Reset() { retries_ = 0; }
  // Retries counted since construction or the last Reset().
  int Retries() const { return retries_; }
  const BackoffPolicy& Policy() const { return policy_; }

 private:
  BackoffPolicy policy_;
  UnitRandom random_;
  int retries_ = 0;
};

}  // namespace ncirt::common::net
