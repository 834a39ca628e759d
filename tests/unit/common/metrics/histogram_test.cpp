#include "common/metrics/histogram.hpp"

#include <gtest/gtest.h>

namespace ncirt::common::metrics {
namespace {

TEST(HistogramTest, BucketsAreCumulativeAndInclusiveOfTheirUpperBound) {
  Histogram histogram({0.01, 0.1, 1});
  for (double v : {0.005, 0.01, 0.05, 0.5, 3.0}) histogram.Observe(v);
  const auto s = histogram.Take();
  EXPECT_EQ(s.cumulative_counts, (std::vector<std::uint64_t>{2, 3, 4}));
  EXPECT_EQ(s.count, 5u);
  EXPECT_DOUBLE_EQ(s.sum, 3.565);
}

TEST(HistogramTest, BoundsThatDoNotIncreaseAreRefused) {
  EXPECT_THROW(Histogram({0.1, 0.1}), std::logic_error);
  EXPECT_THROW(HistogramFamily("x", "X.", {}, {1, 0.5}), std::logic_error);
}

TEST(HistogramFamilyTest, RendersBucketsSumAndCountPerLabelSet) {
  HistogramFamily family("latency_seconds", "Latency.", {"route"}, {0.1, 1});
  family.WithLabels({"get"}).Observe(0.05);
  family.WithLabels({"get"}).Observe(2);
  EXPECT_EQ(family.Render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"get\",le=\"0.1\"} 1\n"
            "latency_seconds_bucket{route=\"get\",le=\"1\"} 1\n"
            "latency_seconds_bucket{route=\"get\",le=\"+Inf\"} 2\n"
            "latency_seconds_sum{route=\"get\"} 2.05\n"
            "latency_seconds_count{route=\"get\"} 2\n");
}

TEST(HistogramFamilyTest, DefaultBucketsSpanSubMillisecondToSeconds) {
  const auto bounds = DefaultLatencyBuckets();
  ASSERT_FALSE(bounds.empty());
  EXPECT_LE(bounds.front(), 0.001);
  EXPECT_GE(bounds.back(), 5.0);
}

}  // namespace
}  // namespace ncirt::common::metrics
