#include "common/pg/retry_policy.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <string>
#include <vector>

namespace ncirt::common::pg {
namespace {

using std::chrono::microseconds;

struct BackoffCase {
  int retry;
  double unit_random;
  microseconds expected;
};

TEST(RetryPolicyTest, BackoffIsFullJitterUnderADoublingCappedCeiling) {
  RetryPolicy policy;
  policy.base_delay = microseconds{2'000};
  policy.max_delay = microseconds{100'000};
  const BackoffCase cases[] = {
      {1, 0.5, microseconds{1'000}},    // cap 2 ms
      {2, 0.5, microseconds{2'000}},    // cap 4 ms
      {3, 0.25, microseconds{2'000}},   // cap 8 ms
      {6, 0.5, microseconds{32'000}},   // cap 64 ms
      {7, 0.5, microseconds{50'000}},   // 128 ms capped at 100 ms
      {1000, 0.5, microseconds{50'000}},  // no overflow however many retries
      {3, 0.0, microseconds{0}},
      {7, 1.0, microseconds{99'999}},   // a random source returning 1.0 stays below the cap
      {7, -3.0, microseconds{0}},       // out-of-range randomness is clamped
  };
  for (const BackoffCase& c : cases) {
    EXPECT_EQ(BackoffDelay(policy, c.retry, c.unit_random), c.expected)
        << "retry " << c.retry << ", random " << c.unit_random;
  }
}

TEST(RetryPolicyTest, BackoffNeverExceedsMaxDelayEvenWhenBaseIsLarger) {
  RetryPolicy policy;
  policy.base_delay = microseconds{500'000};
  policy.max_delay = microseconds{10'000};
  EXPECT_EQ(BackoffDelay(policy, 1, 0.5), microseconds{5'000});
}

// A policy whose randomness and sleeping are recorded instead of real.
struct Recorded {
  std::deque<double> randoms;
  std::vector<microseconds> sleeps;

  RetryPolicy Policy(int max_attempts) {
    RetryPolicy policy;
    policy.max_attempts = max_attempts;
    policy.base_delay = microseconds{1'000};
    policy.max_delay = microseconds{3'000};
    policy.random_unit = [this] {
      const double r = randoms.empty() ? 0.5 : randoms.front();
      if (!randoms.empty()) randoms.pop_front();
      return r;
    };
    policy.sleep = [this](microseconds d) { sleeps.push_back(d); };
    return policy;
  }
};

TEST(RetryPolicyTest, SerializationFailureIsRetriedUntilTheAttemptSucceeds) {
  Recorded recorded{.randoms = {0.5, 1.0}, .sleeps = {}};
  int calls = 0;
  const Result<std::string> result =
      RetryTransient(recorded.Policy(5), [&]() -> Result<std::string> {
        if (++calls < 3) throw pqxx::serialization_failure("could not serialize access");
        return "committed";
      });
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, "committed");
  EXPECT_EQ(calls, 3);
  // The injected randomness decides each pause: 0.5 of a 1 ms cap, then just under 2 ms.
  EXPECT_EQ(recorded.sleeps, (std::vector<microseconds>{microseconds{500}, microseconds{1'999}}));
}

TEST(RetryPolicyTest, DeadlockIsRetriedLikeASerializationFailure) {
  Recorded recorded;
  int calls = 0;
  const Result<void> result = RetryTransient(recorded.Policy(3), [&]() -> Result<void> {
    if (++calls == 1) throw pqxx::deadlock_detected("deadlock detected");
    return {};
  });
  EXPECT_TRUE(result.has_value());
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(recorded.sleeps.size(), 1U);
}

TEST(RetryPolicyTest, PersistentConflictGivesUpAfterMaxAttemptsAsUnavailable) {
  Recorded recorded;
  int calls = 0;
  const Result<int> result = RetryTransient(recorded.Policy(4), [&]() -> Result<int> {
    ++calls;
    throw pqxx::serialization_failure("could not serialize access due to concurrent update");
  });
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(recorded.sleeps.size(), 3U);  // No pause after the last attempt.
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(result.error().message.find("4 times"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("concurrent update"), std::string::npos)
      << result.error().message;
}

TEST(RetryPolicyTest, SingleAttemptPolicyNeverRetries) {
  Recorded recorded;
  int calls = 0;
  const Result<int> result = RetryTransient(recorded.Policy(1), [&]() -> Result<int> {
    ++calls;
    throw pqxx::deadlock_detected("deadlock detected");
  });
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(recorded.sleeps.empty());
  EXPECT_FALSE(result.has_value());
}

TEST(RetryPolicyTest, BrokenConnectionPropagatesWithoutRetry) {
  Recorded recorded;
  int calls = 0;
  EXPECT_THROW(RetryTransient(recorded.Policy(5),
                              [&]() -> Result<int> {
                                ++calls;
                                throw pqxx::broken_connection("server closed the connection");
                              }),
               pqxx::broken_connection);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(recorded.sleeps.empty());
}

TEST(RetryPolicyTest, InDoubtCommitPropagatesWithoutRetry) {
  Recorded recorded;
  int calls = 0;
  EXPECT_THROW(RetryTransient(recorded.Policy(5),
                              [&]() -> Result<int> {
                                ++calls;
                                throw pqxx::in_doubt_error("connection lost while committing");
                              }),
               pqxx::in_doubt_error);
  EXPECT_EQ(calls, 1);
}

TEST(RetryPolicyTest, OtherDatabaseErrorsPropagateWithoutRetry) {
  Recorded recorded;
  int calls = 0;
  EXPECT_THROW(RetryTransient(recorded.Policy(5),
                              [&]() -> Result<int> {
                                ++calls;
                                throw pqxx::unique_violation("duplicate key", "INSERT", "23505");
                              }),
               pqxx::unique_violation);
  EXPECT_EQ(calls, 1);
}

TEST(RetryPolicyTest, ExpectedErrorIsReturnedAsIsWithoutRetry) {
  Recorded recorded;
  int calls = 0;
  const Result<int> result = RetryTransient(recorded.Policy(5), [&]() -> Result<int> {
    ++calls;
    return Fail(ErrorKind::kDuplicate, "incident already filed");
  });
  EXPECT_EQ(calls, 1);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kDuplicate);
}

}  // namespace
}  // namespace ncirt::common::pg
