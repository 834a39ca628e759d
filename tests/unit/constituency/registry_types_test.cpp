#include "triage/constituency/registry_types.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::constituency {
namespace {

TEST(RegistryTypesTest, CriticalInfrastructureSectorsAreTheSevenNamed) {
  for (const char* s : {"energy", "finance", "health", "telecom", "government", "transport",
                        "water"}) {
    EXPECT_TRUE(IsCriticalInfrastructure(s)) << s;
    EXPECT_TRUE(IsSector(s)) << s;
  }
  for (const char* s : {"education", "retail", "other"}) {
    EXPECT_FALSE(IsCriticalInfrastructure(s)) << s;
    EXPECT_TRUE(IsSector(s)) << s;
  }
  EXPECT_FALSE(IsSector("hospital"));
}

TEST(RegistryTypesTest, CriticalityIsGivenOrDerivedFromTheSector) {
  EXPECT_EQ(EffectiveCriticality("retail", Criticality::kVital), Criticality::kVital);
  EXPECT_EQ(EffectiveCriticality("water", std::nullopt), Criticality::kEssential);
  EXPECT_EQ(EffectiveCriticality("education", std::nullopt), Criticality::kOther);
  EXPECT_EQ(MoreCritical(Criticality::kOther, Criticality::kVital), Criticality::kVital);
  EXPECT_EQ(MoreCritical(Criticality::kUnknown, Criticality::kOther), Criticality::kOther);
  EXPECT_EQ(ParseCriticality("vital"), Criticality::kVital);
  EXPECT_FALSE(ParseCriticality("high").has_value());
  EXPECT_EQ(CriticalityName(Criticality::kUnknown), "unknown");
}

TEST(RegistryTypesTest, ChecksNameTheFieldAtFault) {
  EXPECT_TRUE(CheckHandle("north-grid", "handle"));
  EXPECT_FALSE(CheckHandle("North", "handle"));
  EXPECT_FALSE(CheckHandle("-x", "handle"));
  EXPECT_FALSE(CheckHandle("", "handle"));
  auto sector = CheckAttributes("N", "hospital", "", "");
  ASSERT_FALSE(sector);
  EXPECT_EQ(sector.error().where, "sector");
  auto criticality = CheckAttributes("N", "health", "high", "");
  ASSERT_FALSE(criticality);
  EXPECT_EQ(criticality.error().where, "criticality");
  EXPECT_FALSE(CheckAttributes("", "health", "", ""));
  auto contact = CheckContact(Contact{"abuse", "bad", "", "", ""}, "contacts[0]");
  ASSERT_FALSE(contact);
  EXPECT_EQ(contact.error().where, "contacts[0].email");
}

}  // namespace
}  // namespace ncirt::triage::constituency
