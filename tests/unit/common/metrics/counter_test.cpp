#include "common/metrics/counter.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ncirt::common::metrics {
namespace {

TEST(CounterTest, CountsEveryIncrementFromManyThreads) {
  Counter counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&counter] {
      for (int i = 0; i < 10'000; ++i) counter.Increment();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter.Value(), 40'000u);
}

TEST(CounterFamilyTest, KeepsOneCounterPerLabelCombination) {
  CounterFamily family("requests_total", "Requests.", {"route", "status"});
  family.WithLabels({"a", "200"}).Increment();
  family.WithLabels({"a", "200"}).Increment(2);
  family.WithLabels({"a", "404"}).Increment();
  EXPECT_EQ(family.WithLabels({"a", "200"}).Value(), 3u);
  EXPECT_EQ(family.WithLabels({"a", "404"}).Value(), 1u);
  EXPECT_EQ(family.WithLabels({"b", "200"}).Value(), 0u);
}

TEST(CounterFamilyTest, RendersHeaderAndOneSortedLinePerCombination) {
  CounterFamily family("rejections_total", "Rejected documents by reason.", {"reason"});
  family.WithLabels({"too-large"}).Increment();
  family.WithLabels({"schema-violation"}).Increment(4);
  EXPECT_EQ(family.Render(),
            "# HELP rejections_total Rejected documents by reason.\n"
            "# TYPE rejections_total counter\n"
            "rejections_total{reason=\"schema-violation\"} 4\n"
            "rejections_total{reason=\"too-large\"} 1\n");
}

TEST(CounterFamilyTest, WrongNumberOfLabelValuesIsAProgrammingError) {
  CounterFamily family("x_total", "X.", {"a"});
  EXPECT_THROW(family.WithLabels({"1", "2"}), std::logic_error);
}

TEST(CounterFamilyTest, UnlabelledFamilyRendersABareSample) {
  CounterFamily family("x_total", "X.", {});
  family.WithLabels({}).Increment(7);
  EXPECT_NE(family.Render().find("\nx_total 7\n"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::common::metrics
