#pragma once
// When and how often a database transaction is tried again.
//
// PostgreSQL aborts a transaction with SQLSTATE 40001 (serialization_failure) or 40P01
// (deadlock_detected) when it lost a race with another one; running the whole transaction again
// is then correct and usually succeeds. Everything else is not retried here:
//   - pqxx::broken_connection propagates: nothing was committed and the caller answers 503
//     (docs/architecture.md, STYLE.md convention 6);
//   - pqxx::in_doubt_error propagates: the commit may or may not have happened, so the caller
//     must neither acknowledge nor blindly redo it;
//   - any other error propagates unchanged.
//
// Between attempts the runner sleeps a "full jitter" backoff: a uniformly random time below an
// exponentially growing cap, so that the transactions that collided do not collide again in
// lock step. Randomness and sleeping are injectable so tests are deterministic.
//
// Thread-safety: a RetryPolicy is a value; RetryTransient may run on any number of threads at
// once provided the injected functions are themselves safe to call concurrently (the defaults
// are).

#include <chrono>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>

#include <pqxx/except>

#include "common/error/error.hpp"

namespace ncirt::common::pg {

struct RetryPolicy {
  // Attempts in all, the first one included. At least 1.
  int max_attempts = 5;
  // Cap of the pause before the first retry; it doubles for each further retry.
  std::chrono::microseconds base_delay{2'000};
  // The pause never exceeds this.
  std::chrono::microseconds max_delay{100'000};
  // Returns a number uniformly distributed in [0, 1). Empty: a per-thread generator seeded
  // from std::random_device.
  std::function<double()> random_unit;
  // Pauses the calling thread. Empty: std::this_thread::sleep_for.
  std::function<void(std::chrono::microseconds)> sleep;
};

// The pause before retry number `retry` (1 = the first retry, after the first failed attempt):
// unit_random * min(max_delay, base_delay * 2^(retry - 1)), rounded down. unit_random is
// clamped to [0, 1).
std::chrono::microseconds BackoffDelay(const RetryPolicy& policy, int retry, double unit_random);

// True for Result<T> = std::expected<T, Error>.
template <typename T>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<Result<T>> : std::true_type {};

namespace detail {
// Sleeps BackoffDelay(policy, retry, <policy's random>) through the policy's sleep.
void PauseBeforeRetry(const RetryPolicy& policy, int retry);
// kUnavailable: "gave up after N attempts", with PostgreSQL's last message.
Error GaveUp(const RetryPolicy& policy, const pqxx::failure& last);
}  // namespace detail

// Calls attempt() until it returns. When it throws pqxx::serialization_failure or
// pqxx::deadlock_detected, pauses and calls it again, at most policy.max_attempts times in all;
// then returns kUnavailable (the conflict persisted; retrying later may succeed). Any other
// exception propagates at once. attempt() must return a Result<T> and must start a fresh
// transaction each time it is called.
template <typename Attempt>
std::invoke_result_t<Attempt&> RetryTransient(const RetryPolicy& policy, Attempt&& attempt) {
  using R = std::invoke_result_t<Attempt&>;
  static_assert(IsResult<R>::value, "attempt() must return a common::Result<T>");
  for (int attempt_number = 1;; ++attempt_number) {
    try {
      return attempt();
    } catch (const pqxx::serialization_failure& e) {
      if (attempt_number >= policy.max_attempts) {
        return std::unexpected(detail::GaveUp(policy, e));
      }
    } catch (const pqxx::deadlock_detected& e) {
      if (attempt_number >= policy.max_attempts) {
        return std::unexpected(detail::GaveUp(policy, e));
      }
    }
    detail::PauseBeforeRetry(policy, attempt_number);
  }
}

}  // namespace ncirt::common::pg
