// RegistryFigures (breakdowns.hpp): the registry's sectors, critical infrastructure and
// organisations from the summary's "sectors" and "organisation" count rows.
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

// Six matched incidents: 2 energy+retail (one GREEN, one RED), 3 retail, 1 education+health;
// shop's AMBER rows are a summary row and an uncompacted delta.
std::vector<CountRow> Rows() {
  return {{"sectors", "energy,retail", "GREEN", 1}, {"sectors", "energy,retail", "RED", 1},
          {"sectors", "retail", "AMBER", 3},        {"sectors", "education,health", "CLEAR", 1},
          {"organisation", "grid", "GREEN", 1},     {"organisation", "grid", "RED", 1},
          {"organisation", "shop", "AMBER", 5},     {"organisation", "shop", "AMBER", -1},
          {"organisation", "shop", "GREEN", 1},
          {"organisation", "school", "CLEAR", 1},   {"category", "fraud/phishing", "RED", 9}};
}

TEST(RegistryFiguresTest, EachSectorOfASetCountsTheIncidentOnce) {
  const ConstituencyFigures f = RegistryFigures(Rows(), Tlp::kRed, {"grid", "shop", "school"});
  EXPECT_TRUE(f.known);
  EXPECT_EQ(Of(f.sectors, "energy"), 2);
  EXPECT_EQ(Of(f.sectors, "retail"), 5);
  EXPECT_EQ(Of(f.sectors, "health"), 1);
  EXPECT_EQ(Of(f.sectors, "education"), 1);
  EXPECT_EQ(f.sectors.size(), 4u);
  EXPECT_EQ(f.sectors.front().key, "retail");
}

TEST(RegistryFiguresTest, MatchedCountsSetsAndCriticalThoseWithACriticalSector) {
  const ConstituencyFigures f = RegistryFigures(Rows(), Tlp::kRed, {"grid"});
  EXPECT_EQ(f.matched, 6);
  // energy+retail twice and education+health once; retail alone is not critical.
  EXPECT_EQ(f.critical, 3);
}

TEST(RegistryFiguresTest, OrganisationsComeOnlyFromMarkingsUpToTheCeiling) {
  const ConstituencyFigures red = RegistryFigures(Rows(), Tlp::kRed, {"grid"});
  EXPECT_EQ(Of(red.organisations, "grid"), 2);
  // Deltas not compacted yet add up with the summary rows.
  EXPECT_EQ(Of(red.organisations, "shop"), 5);
  const ConstituencyFigures green = RegistryFigures(Rows(), Tlp::kGreen, {"grid"});
  EXPECT_EQ(Of(green.organisations, "grid"), 1);
  EXPECT_EQ(Of(green.organisations, "shop"), 1);
  EXPECT_EQ(Of(green.organisations, "school"), 1);
  // Sectors are counts, not named content: the same for every ceiling.
  EXPECT_EQ(Of(green.sectors, "energy"), 2);
}

TEST(RegistryFiguresTest, WithoutRegisteredOrganisationsTheRegistryIsUnknown) {
  const ConstituencyFigures f = RegistryFigures({}, Tlp::kRed, {});
  EXPECT_FALSE(f.known);
  EXPECT_EQ(f.matched, 0);
  EXPECT_TRUE(f.sectors.empty());
}

}  // namespace
}  // namespace ncirt::triage::stats
