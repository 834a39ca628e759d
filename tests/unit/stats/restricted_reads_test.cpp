#include "triage/stats/restricted_reads.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ncirt::triage::stats {
namespace {

Statistics Shown(Tlp ceiling, bool registry) {
  Statistics s;
  s.ceiling = ceiling;
  s.constituency_known = registry;
  s.period = {TimePoint{std::chrono::milliseconds{1'735'689'600'000}},
              TimePoint{std::chrono::milliseconds{1'767'225'600'000}}};
  s.top_indicators = {{"ipv4-address", "192.0.2.1", 4, Tlp::kRed},
                      {"domain", "a.example", 3, Tlp::kAmber},
                      {"domain", "b.example", 2, Tlp::kGreen}};
  s.top_organisations = {{"grid", 5}, {"shop", 2}};
  return s;
}

TEST(RestrictedReadsTest, OnlyAmberAndAboveAreRestricted) {
  EXPECT_FALSE(IsRestricted(Tlp::kClear));
  EXPECT_FALSE(IsRestricted(Tlp::kGreen));
  EXPECT_TRUE(IsRestricted(Tlp::kAmber));
  EXPECT_TRUE(IsRestricted(Tlp::kAmberStrict));
  EXPECT_TRUE(IsRestricted(Tlp::kRed));
}

TEST(RestrictedReadsTest, ItemsDrawnFromRestrictedIncidentsAreCountedWithTheHighestMarking) {
  const std::vector<CountRow> rows{{"organisation", "grid", "GREEN", 3},
                                   {"organisation", "grid", "AMBER+STRICT", 2},
                                   {"organisation", "shop", "GREEN", 2},
                                   // A summary row cancelled by its delta: no longer there.
                                   {"organisation", "shop", "AMBER", 1},
                                   {"organisation", "shop", "AMBER", -1},
                                   {"constituent", "shop", "RED", 7}};
  const RestrictedItems r = FindRestricted(Shown(Tlp::kRed, true), rows);
  EXPECT_EQ(r.indicators, 2);
  EXPECT_EQ(r.organisations, 1);
  EXPECT_EQ(r.highest, Tlp::kRed);
}

TEST(RestrictedReadsTest, WithoutARegistryOrganisationsAreTheConstituentField) {
  const std::vector<CountRow> rows{{"organisation", "grid", "RED", 3},
                                   {"constituent", "shop", "AMBER", 1}};
  const RestrictedItems r = FindRestricted(Shown(Tlp::kRed, false), rows);
  EXPECT_EQ(r.organisations, 1);
}

TEST(RestrictedReadsTest, RowsAboveTheCeilingDoNotMakeAnItemRestricted) {
  Statistics s = Shown(Tlp::kGreen, true);
  s.top_indicators = {{"domain", "b.example", 2, Tlp::kGreen}};
  const std::vector<CountRow> rows{{"organisation", "grid", "GREEN", 3},
                                   {"organisation", "grid", "RED", 2}};
  s.restricted = FindRestricted(s, rows);
  EXPECT_EQ(s.restricted.organisations, 0);
  EXPECT_FALSE(RestrictedReadDetail(s, "statistics"));
}

TEST(RestrictedReadsTest, DetailNamesReportPeriodCeilingAndCounts) {
  Statistics s = Shown(Tlp::kRed, true);
  s.restricted = {2, 1, Tlp::kRed};
  const auto detail = nlohmann::json::parse(RestrictedReadDetail(s, "annual-report").value());
  EXPECT_EQ(detail["report"], "annual-report");
  EXPECT_EQ(detail["from"], "2025-01-01T00:00:00Z");
  EXPECT_EQ(detail["to"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(detail["tlp_ceiling"], "RED");
  EXPECT_EQ(detail["highest_tlp"], "RED");
  EXPECT_EQ(detail["restricted_indicators"], 2);
  EXPECT_EQ(detail["restricted_organisations"], 1);
}

TEST(RestrictedReadsTest, RefusalDetailNamesWhatWasAskedAndWhatTheRoleAllows) {
  const auto detail = nlohmann::json::parse(
      RefusedReadDetail("statistics", Shown(Tlp::kRed, true).period, Tlp::kRed,
                        Tlp::kAmberStrict));
  EXPECT_EQ(detail["tlp_asked"], "RED");
  EXPECT_EQ(detail["role_ceiling"], "AMBER+STRICT");
  EXPECT_EQ(detail["report"], "statistics");
}

}  // namespace
}  // namespace ncirt::triage::stats
