#include "common/pg/retry_policy.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

namespace ncirt::common::pg {
namespace {

double DefaultRandomUnit() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace

std::chrono::microseconds BackoffDelay(const RetryPolicy& policy, int retry, double unit_random) {
  using std::chrono::microseconds;
  const auto max_delay = std::max(policy.max_delay, microseconds{0});
  auto cap = std::clamp(policy.base_delay, microseconds{0}, max_delay);
  // Doubling stops at max_delay, which also keeps the arithmetic far from overflow.
  for (int i = 1; i < retry && cap < max_delay; ++i) {
    cap = std::min(cap * 2, max_delay);
  }
  // uniform_real_distribution may return exactly 1.0 on some implementations; keep below cap.
  const double unit = std::clamp(unit_random, 0.0, std::nextafter(1.0, 0.0));
  return microseconds{static_cast<microseconds::rep>(unit * static_cast<double>(cap.count()))};
}

namespace detail {

void PauseBeforeRetry(const RetryPolicy& policy, int retry) {
  const double unit = policy.random_unit ? policy.random_unit() : DefaultRandomUnit();
  const auto delay = BackoffDelay(policy, retry, unit);
  if (policy.sleep) {
    policy.sleep(delay);
  } else {
    std::this_thread::sleep_for(delay);
  }
}

Error GaveUp(const RetryPolicy& policy, const pqxx::failure& last) {
  std::string message = last.what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return Error{ErrorKind::kUnavailable,
               "the database transaction conflicted with concurrent ones " +
                   std::to_string(policy.max_attempts) +
                   " times in a row and was given up; nothing was changed, retry later (last: " +
                   message + ")",
               {}};
}

}  // namespace detail
}  // namespace ncirt::common::pg
