#include "triage/stats/durations.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::stats {
namespace {

TEST(DurationsTest, NearestRankIsTheCeilingOfPTimesN) {
  EXPECT_EQ(NearestRank(1, 50), 1);
  EXPECT_EQ(NearestRank(2, 50), 1);
  EXPECT_EQ(NearestRank(3, 50), 2);
  EXPECT_EQ(NearestRank(10, 90), 9);
  EXPECT_EQ(NearestRank(11, 90), 10);
  EXPECT_EQ(NearestRank(0, 90), 1);
}

TEST(DurationsTest, PercentilesAreTheBoundOfTheBucketHoldingTheRank) {
  // Ten durations: 3 in the 60 s bucket, 5 in 120 s, 2 in 3600 s (unsorted input).
  const auto d = FromHistogram({{120, 5}, {3600, 2}, {60, 3}}, 120);
  EXPECT_EQ(d.measured, 10);
  EXPECT_EQ(d.median_ms, 120'000);  // rank 5
  EXPECT_EQ(d.p90_ms, 3'600'000);   // rank 9
  EXPECT_EQ(d.within_target, 8);    // buckets at or below 120 s
}

TEST(DurationsTest, NothingMeasuredHasNoPercentiles) {
  const auto d = FromHistogram({}, 900);
  EXPECT_EQ(d.measured, 0);
  EXPECT_FALSE(d.median_ms);
  EXPECT_FALSE(d.p90_ms);
  EXPECT_EQ(d.within_target, 0);
}

TEST(DurationsTest, AllPrioritiesMergeHistogramsAndAddEachPrioritysWithinTarget) {
  std::vector<SlaRow> sla;
  for (int p = 1; p <= 4; ++p) sla.push_back(SlaRow{p, 60 * p, 600 * p, {}, {}});
  sla.push_back(SlaRow{});
  const std::vector<HistogramRow> rows{
      {"triage", 1, 60, 2},     // P1, both within 60 s
      {"triage", 2, 120, 1},    // P2, within 120 s
      {"triage", 2, 600, 1},    // P2, late
      {"resolve", 4, 2400, 3},  // P4, within 2400 s
      {"triage", 9, 1, 5},      // no such priority: ignored
  };
  AssembleDurations(rows, sla);
  EXPECT_EQ(sla[0].triage.measured, 2);
  EXPECT_EQ(sla[0].triage.within_target, 2);
  EXPECT_EQ(sla[1].triage.within_target, 1);
  EXPECT_EQ(sla[1].triage.median_ms, 120'000);
  EXPECT_EQ(sla[3].resolve.measured, 3);
  EXPECT_EQ(sla[2].triage.measured, 0);
  EXPECT_EQ(sla[4].triage.measured, 4);
  EXPECT_EQ(sla[4].triage.within_target, 3);
  EXPECT_EQ(sla[4].triage.median_ms, 60'000);
  EXPECT_EQ(sla[4].triage.p90_ms, 600'000);
  EXPECT_EQ(sla[4].resolve.within_target, 3);
}

}  // namespace
}  // namespace ncirt::triage::stats
