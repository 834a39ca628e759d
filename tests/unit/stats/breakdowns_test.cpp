#include "triage/stats/breakdowns.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::stats {
namespace {

std::int64_t Of(const std::vector<Count>& counts, const std::string& key) {
  for (const Count& c : counts) {
    if (c.key == key) return c.incidents;
  }
  return -1;
}

// Three incidents: two GREEN phishing from a partner (one with an organisation), one RED scan
// from a sensor with an organisation; plus one merged duplicate.
std::vector<CountRow> Rows() {
  return {
      {"category", "fraud/phishing", "GREEN", 2}, {"category", "", "RED", 1},
      {"state", "new", "GREEN", 1},               {"state", "closed", "GREEN", 1},
      {"state", "triaged", "RED", 1},             {"state", "merged", "GREEN", 1},
      {"submitter", "partner:cert-fr", "GREEN", 2}, {"submitter", "sensor-1", "RED", 1},
      {"constituent", "", "GREEN", 1},            {"constituent", "acme", "GREEN", 1},
      {"constituent", "ministry", "RED", 1},      {"priority", "2", "GREEN", 2},
      {"priority", "1", "RED", 1},
  };
}

Statistics Assemble(Tlp ceiling, int top = 10) {
  Statistics s;
  s.ceiling = ceiling;
  AssembleCounts(Rows(), {{"cert-fr", "FR"}}, top, s);
  return s;
}

TEST(BreakdownsTest, TotalsExcludeDuplicatesWhichStatesShow) {
  const Statistics s = Assemble(Tlp::kRed);
  EXPECT_EQ(s.incidents, 3);
  EXPECT_EQ(s.merged, 1);
  ASSERT_EQ(s.by_state.size(), 8u);
  EXPECT_EQ(s.by_state.front().key, "new");
  EXPECT_EQ(Of(s.by_state, "merged"), 1);
  EXPECT_EQ(Of(s.by_state, "waiting"), 0);
}

TEST(BreakdownsTest, CategoriesAndClassesNameTheUncategorised) {
  const Statistics s = Assemble(Tlp::kRed);
  EXPECT_EQ(s.by_category.front().key, "fraud/phishing");
  EXPECT_EQ(Of(s.by_category, "uncategorised"), 1);
  EXPECT_EQ(Of(s.by_class, "fraud"), 2);
  EXPECT_EQ(Of(s.by_class, "uncategorised"), 1);
}

TEST(BreakdownsTest, TlpAndPriorityListEveryValueInOrder) {
  const Statistics s = Assemble(Tlp::kRed);
  ASSERT_EQ(s.by_tlp.size(), 5u);
  EXPECT_EQ(s.by_tlp[0].key, "CLEAR");
  EXPECT_EQ(s.by_tlp[0].incidents, 0);
  EXPECT_EQ(Of(s.by_tlp, "GREEN"), 2);
  EXPECT_EQ(Of(s.by_tlp, "RED"), 1);
  ASSERT_EQ(s.by_priority.size(), 4u);
  EXPECT_EQ(Of(s.by_priority, "1"), 1);
  EXPECT_EQ(Of(s.by_priority, "4"), 0);
}

TEST(BreakdownsTest, PartnerSourcesCarryTheirCountryOthersAreUnknownKind) {
  Statistics s;
  s.ceiling = Tlp::kRed;
  auto rows = Rows();
  rows.push_back({"submitter", "partner:gone", "GREEN", 4});
  AssembleCounts(rows, {{"cert-fr", "FR"}}, 10, s);
  ASSERT_EQ(s.by_source.size(), 3u);
  EXPECT_EQ(s.by_source[0].submitter, "partner:gone");
  EXPECT_EQ(s.by_source[0].country, "unknown");
  EXPECT_EQ(s.by_source[1].partner, "cert-fr");
  EXPECT_EQ(s.by_source[1].country, "FR");
  EXPECT_EQ(s.by_source[2].kind, "unknown");
  EXPECT_EQ(Of(s.by_source_kind, "partner"), 6);
  EXPECT_EQ(Of(s.by_source_kind, "unknown"), 1);
  EXPECT_EQ(Of(s.by_source_kind, "sensor"), 0);
  EXPECT_EQ(Of(s.by_partner_country, "FR"), 2);
}

TEST(BreakdownsTest, SectorsAreHonestlyUnknownWithoutTheRegistry) {
  const Statistics s = Assemble(Tlp::kRed);
  EXPECT_FALSE(s.constituency_known);
  EXPECT_EQ(Of(s.by_sector, "unknown"), 3);
  EXPECT_EQ(Of(s.by_critical_infrastructure, "unknown"), 3);
  EXPECT_EQ(Of(s.by_critical_infrastructure, "yes"), 0);
}

TEST(BreakdownsTest, OrganisationsComeOnlyFromIncidentsUnderTheCeiling) {
  EXPECT_EQ(Assemble(Tlp::kRed).top_organisations.size(), 2u);
  const Statistics amber = Assemble(Tlp::kAmberStrict);
  ASSERT_EQ(amber.top_organisations.size(), 1u);
  EXPECT_EQ(amber.top_organisations[0].key, "acme");
  // The counts themselves do not depend on the ceiling.
  EXPECT_EQ(amber.incidents, 3);
  EXPECT_EQ(Of(amber.by_tlp, "RED"), 1);
  EXPECT_EQ(Assemble(Tlp::kRed, 1).top_organisations.size(), 1u);
}

TEST(BreakdownsTest, SortIsByIncidentsThenKey) {
  std::vector<Count> counts{{"b", 1}, {"a", 1}, {"c", 5}};
  SortCounts(counts);
  EXPECT_EQ(counts[0].key, "c");
  EXPECT_EQ(counts[1].key, "a");
  EXPECT_EQ(counts[2].key, "b");
}

}  // namespace
}  // namespace ncirt::triage::stats

namespace ncirt::triage::stats {
namespace {

TEST(BreakdownsTest, RegistryGivesSectorsCriticalInfrastructureOrganisationsAndConstituents) {
  Statistics s;
  s.ceiling = Tlp::kRed;
  ConstituencyFigures registry;
  registry.known = true;
  registry.sectors = {{"health", 1}, {"energy", 2}};
  registry.matched = 2;
  registry.critical = 2;
  registry.organisations = {{"north-grid", 2}, {"city-hospital", 1}};
  registry.handles = {"city-hospital", "north-grid", "sensor-1"};
  AssembleCounts(Rows(), {{"cert-fr", "FR"}}, 1, s, registry);
  EXPECT_TRUE(s.constituency_known);
  ASSERT_EQ(s.by_sector.size(), 3u);
  EXPECT_EQ(s.by_sector[0].key, "energy");
  EXPECT_EQ(Of(s.by_sector, "health"), 1);
  EXPECT_EQ(Of(s.by_sector, "unknown"), 1) << "three incidents, two matched";
  EXPECT_EQ(Of(s.by_critical_infrastructure, "yes"), 2);
  EXPECT_EQ(Of(s.by_critical_infrastructure, "no"), 0);
  EXPECT_EQ(Of(s.by_critical_infrastructure, "unknown"), 1);
  ASSERT_EQ(s.top_organisations.size(), 1u);
  EXPECT_EQ(s.top_organisations[0].key, "north-grid");
  // sensor-1 bears an organisation's handle: a constituent; no sensor is left.
  EXPECT_EQ(Of(s.by_source_kind, "constituent"), 1);
  EXPECT_EQ(Of(s.by_source_kind, "sensor"), 0);
  EXPECT_EQ(Of(s.by_source_kind, "unknown"), 0);
}

TEST(BreakdownsTest, WithARegistrySubmittersThatAreNoOrganisationAreSensors) {
  Statistics s;
  s.ceiling = Tlp::kRed;
  ConstituencyFigures registry;
  registry.known = true;
  registry.handles = {"north-grid"};
  AssembleCounts(Rows(), {}, 10, s, registry);
  EXPECT_EQ(Of(s.by_source_kind, "sensor"), 1);
  EXPECT_EQ(Of(s.by_sector, "unknown"), 3);
  EXPECT_TRUE(s.top_organisations.empty()) << "organisations come from registry matches";
}

}  // namespace
}  // namespace ncirt::triage::stats
