#include "common/net/backoff.hpp"

#include <vector>

#include <gtest/gtest.h>

// The reconnection pause of docs/protocol.md: exponential cap, full jitter below it.
namespace ncirt::common::net {
namespace {

using std::chrono::milliseconds;

const BackoffPolicy kPolicy{.initial_delay = milliseconds(100), .multiplier = 2.0,
                            .max_delay = milliseconds(1000)};

TEST(BackoffTest, CapDoublesFromTheInitialDelayUpToTheMaximum) {
  const struct {
    int retry;
    milliseconds cap;
  } cases[] = {{-3, milliseconds(100)}, {0, milliseconds(100)},  {1, milliseconds(100)},
               {2, milliseconds(200)},  {3, milliseconds(400)},  {4, milliseconds(800)},
               {5, milliseconds(1000)}, {6, milliseconds(1000)}, {1'000'000, milliseconds(1000)}};
  for (const auto& c : cases) {
    EXPECT_EQ(BackoffCap(kPolicy, c.retry), c.cap) << "retry " << c.retry;
  }
}

TEST(BackoffTest, DelayIsTheRandomFractionOfTheCapRoundedDown) {
  const struct {
    int retry;
    double random;
    milliseconds delay;
  } cases[] = {
      {1, 0.0, milliseconds(0)},      {1, 0.5, milliseconds(50)},
      {1, 0.999, milliseconds(99)},   {3, 0.25, milliseconds(100)},
      {3, 0.999999, milliseconds(399)},
      // Out-of-range randomness is clamped: never negative, never the cap itself.
      {2, -5.0, milliseconds(0)},     {2, 1.0, milliseconds(199)},
      {2, 7.0, milliseconds(199)},    {40, 0.5, milliseconds(500)},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(BackoffDelay(kPolicy, c.retry, c.random), c.delay)
        << "retry " << c.retry << " random " << c.random;
  }
}

TEST(BackoffTest, DegeneratePoliciesStayWithinZeroAndTheMaximum) {
  const BackoffPolicy zero{.initial_delay = milliseconds(0), .max_delay = milliseconds(0)};
  EXPECT_EQ(BackoffDelay(zero, 5, 0.9), milliseconds(0));
  const BackoffPolicy shrinking{.initial_delay = milliseconds(300), .multiplier = 0.5,
                                .max_delay = milliseconds(1000)};
  // A multiplier below 1 is read as 1: the cap never shrinks.
  EXPECT_EQ(BackoffCap(shrinking, 4), milliseconds(300));
  const BackoffPolicy initial_above_max{.initial_delay = milliseconds(5000),
                                        .max_delay = milliseconds(1000)};
  EXPECT_EQ(BackoffCap(initial_above_max, 1), milliseconds(1000));
}

TEST(BackoffTest, NextCountsRetriesAndDrawsFromTheInjectedRandomness) {
  std::vector<double> draws = {0.5, 0.5, 0.5, 0.5, 0.5, 0.9};
  std::size_t i = 0;
  Backoff backoff(kPolicy, [&] { return draws[i++]; });
  std::vector<milliseconds> delays;
  for (int n = 0; n < 6; ++n) delays.push_back(backoff.Next());
  EXPECT_EQ(delays, (std::vector<milliseconds>{milliseconds(50), milliseconds(100),
                                               milliseconds(200), milliseconds(400),
                                               milliseconds(500), milliseconds(900)}));
  EXPECT_EQ(backoff.Retries(), 6);
  backoff.Reset();
  EXPECT_EQ(backoff.Retries(), 0);
  draws.push_back(0.5);
  EXPECT_EQ(backoff.Next(), milliseconds(50));
}

TEST(BackoffTest, DefaultRandomnessStaysBelowTheCap) {
  Backoff backoff(kPolicy);
  for (int n = 1; n <= 200; ++n) {
    const auto delay = backoff.Next();
    EXPECT_GE(delay, milliseconds(0));
    EXPECT_LT(delay, BackoffCap(kPolicy, n));
  }
}

}  // namespace
}  // namespace ncirt::common::net
