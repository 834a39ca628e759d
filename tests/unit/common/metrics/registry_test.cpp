#include "common/metrics/registry.hpp"

#include <gtest/gtest.h>

namespace ncirt::common::metrics {
namespace {

TEST(RegistryTest, RendersMetricsInTheOrderTheyWereAdded) {
  Registry registry;
  registry.AddCounter("b_total", "B.").WithLabels({}).Increment();
  registry.AddGauge("a_depth", "A.", [] { return std::optional<double>(3); });
  const std::string text = registry.Render();
  const auto b = text.find("# TYPE b_total counter");
  const auto a = text.find("# TYPE a_depth gauge\na_depth 3\n");
  ASSERT_NE(b, std::string::npos) << text;
  ASSERT_NE(a, std::string::npos) << text;
  EXPECT_LT(b, a);
}

TEST(RegistryTest, GaugeIsReadAtScrapeTime) {
  Registry registry;
  double depth = 1;
  registry.AddGauge("queue_depth", "Queue.", [&depth] { return std::optional<double>(depth); });
  EXPECT_NE(registry.Render().find("queue_depth 1\n"), std::string::npos);
  depth = 42;
  EXPECT_NE(registry.Render().find("queue_depth 42\n"), std::string::npos);
}

TEST(RegistryTest, GaugeThatCannotBeReadIsLeftOutNotInvented) {
  Registry registry;
  registry.AddGauge("queue_depth", "Queue.", [] { return std::optional<double>(); });
  EXPECT_EQ(registry.Render().find("queue_depth"), std::string::npos);
}

TEST(RegistryTest, HistogramFamilyIsRendered) {
  Registry registry;
  registry.AddHistogram("h_seconds", "H.", {}, {1}).WithLabels({}).Observe(0.5);
  EXPECT_NE(registry.Render().find("h_seconds_bucket{le=\"1\"} 1\n"), std::string::npos);
}

TEST(RegistryTest, ObservedCounterIsTypedCounterAndReadAtScrapeTime) {
  Registry registry;
  double shed = 5;
  registry.AddObservedCounter("shed_total", "Shed.", [&shed] { return std::optional(shed); });
  EXPECT_NE(registry.Render().find("# TYPE shed_total counter\nshed_total 5\n"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::common::metrics
