#include "triage/constituency/csv_import.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::constituency {
namespace {

std::string File(const std::string& rows) { return std::string(kCsvHeader) + "\n" + rows; }

std::vector<int> Lines(const ImportPlan& plan) {
  std::vector<int> lines;
  for (const auto& e : plan.errors) lines.push_back(e.line);
  return lines;
}

TEST(CsvImportTest, GoodFilePlansOrganisationsAndNormalisedFacts) {
  const auto plan = PlanImport(File(
      "north-grid,North Grid Ltd,energy,vital,range,192.0.2.0/24,,,,,\n"
      "north-grid,,,,range,2001:DB8:100::/48,,,,,\n"
      "north-grid,,,,asn,AS64500,,,,,\n"
      "north-grid,,,,domain,NorthGrid.Example,,,,,\n"
      "north-grid,,,,contact,cert@northgrid.example,Security,+44 20 7946 0000,,en,\n"
      "city-hospital,\"City Hospital, North\",health,,range,198.51.100.0/25,,,,,2025-01-01\n"));
  ASSERT_TRUE(plan.errors.empty()) << plan.errors[0].message;
  EXPECT_EQ(plan.rows, 6);
  ASSERT_EQ(plan.organisations.size(), 2u);
  EXPECT_EQ(plan.organisations[0].attributes->criticality, Criticality::kVital);
  EXPECT_EQ(plan.organisations[1].attributes->name, "City Hospital, North");
  EXPECT_FALSE(plan.organisations[1].attributes->criticality.has_value());
  ASSERT_EQ(plan.facts.size(), 6u);
  EXPECT_EQ(plan.facts[1].fact.value, "2001:db8:100::/48");
  EXPECT_EQ(plan.facts[2].fact.asn, 64500);
  EXPECT_EQ(plan.facts[3].fact.domain_reversed, "example.northgrid.");
  EXPECT_EQ(plan.facts[4].fact.contact.role, "security");
  EXPECT_TRUE(plan.facts[5].valid_from.has_value());
  EXPECT_EQ(plan.facts[5].line, 7);
}

TEST(CsvImportTest, EveryBadRowIsReportedWithItsLineAndColumn) {
  const auto plan = PlanImport(File(
      "good,Good Org,finance,,range,203.0.113.0/24,,,,,\n"        // 2
      "good,,,,range,192.0.2.1/24,,,,,\n"                          // 3 host bits
      "Bad Handle,,,,asn,64501,,,,,\n"                             // 4 handle
      "x,X,hospital,,,,,,,,\n"                                     // 5 sector
      "good,,,,asn,AS99999999999,,,,,\n"                           // 6 asn
      "good,,,,domain,org,,,,,\n"                                  // 7 TLD
      "good,,,,contact,not-an-email,security,,,,\n"                // 8 e-mail
      "good,,,,contact,a@good.example,,,,,\n"                      // 9 role missing
      "good,,,,range,198.51.100.0/24,security,,,,\n"               // 10 role on a range
      "good,,,,widget,1,,,,,\n"                                    // 11 kind
      "good,,,,range,198.51.101.0/24,,,,,tomorrow\n"               // 12 valid_from
      "good,,,\n"                                                  // 13 field count
      "good,Other Name,finance,,,,,,,,\n"                          // 14 disagrees with 2
      "other,Other,water,,range,203.0.113.0/24,,,,,\n"));          // 15 given to good
  EXPECT_EQ(Lines(plan),
            (std::vector<int>{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
  for (const auto& e : plan.errors) EXPECT_FALSE(e.message.empty()) << e.line;
  EXPECT_EQ(plan.errors[0].column, "value");
  EXPECT_EQ(plan.errors[1].column, "handle");
  EXPECT_EQ(plan.errors[2].column, "sector");
  EXPECT_EQ(plan.errors[6].column, "role");
  EXPECT_EQ(plan.errors[7].column, "role");
  EXPECT_EQ(plan.errors[9].column, "valid_from");
}

TEST(CsvImportTest, HeaderMustBeExact) {
  const auto plan = PlanImport("handle,name\ngood,Good,finance\n");
  ASSERT_FALSE(plan.errors.empty());
  EXPECT_EQ(plan.errors[0].line, 1);
  EXPECT_NE(plan.errors[0].message.find(std::string(kCsvHeader)), std::string::npos);
}

TEST(CsvImportTest, EmptyFileAndHeaderOnlyAreRefused) {
  EXPECT_FALSE(PlanImport("").errors.empty());
  EXPECT_FALSE(PlanImport(std::string(kCsvHeader) + "\n").errors.empty());
}

TEST(CsvImportTest, RepeatedFactsOfTheSameOrganisationAreKeptOnce) {
  const auto plan = PlanImport(File("a,A,finance,,range,192.0.2.0/24,,,,,\n"
                                    "a,,,,range,192.0.2.0/24,,,,,\n"
                                    "a,,,,contact,x@a.example,noc,,,,\n"
                                    "a,,,,contact,x@a.example,noc,,,,\n"));
  ASSERT_TRUE(plan.errors.empty());
  EXPECT_EQ(plan.facts.size(), 2u);
}

TEST(FactKindTest, NamesAndCollections) {
  EXPECT_EQ(ParseFactCollection("ranges"), FactKind::kRange);
  EXPECT_EQ(ParseFactCollection("contacts"), FactKind::kContact);
  EXPECT_FALSE(ParseFactCollection("range").has_value());
  EXPECT_EQ(FactKindName(FactKind::kAsn), "asn");
}

}  // namespace
}  // namespace ncirt::triage::constituency
