// CSV import against the registry: dry run, refusal of a file with any bad row (by line, with
// nothing stored), a real import, and re-importing the same file.
#include <gtest/gtest.h>

#include "constituency_fixture.hpp"
#include "triage/constituency/csv_import.hpp"

namespace ncirt::triage::testing {
namespace {

using constituency::PlanImport;

const std::string kGood =
    std::string(constituency::kCsvHeader) + "\n" +
    "north-grid,North Grid Ltd,energy,vital,range,192.0.2.0/24,,,,,\n"
    "north-grid,,,,range,2001:db8:100::/48,,,,,\n"
    "north-grid,,,,asn,AS64500,,,,,\n"
    "north-grid,,,,domain,northgrid.example,,,,,\n"
    "north-grid,,,,contact,cert@northgrid.example,security,+44 20 7946 0000,,en,\n"
    "city-hospital,\"City Hospital, North\",health,,range,198.51.100.0/25,,,,,2025-01-01\n";

class ImportTest : public ConstituencyDbTest {
 protected:
  std::int64_t Registered() {
    return Count("SELECT (SELECT count(*) FROM triage.constituents) + (SELECT count(*) FROM "
                 "triage.constituent_ranges) + (SELECT count(*) FROM triage.constituent_asns) + "
                 "(SELECT count(*) FROM triage.constituent_domains) + (SELECT count(*) FROM "
                 "triage.constituent_contacts)");
  }
};

TEST_F(ImportTest, DryRunReportsWhatWouldChangeAndStoresNothing) {
  auto report = registry_->Import(lead_, PlanImport(kGood), /*dry_run=*/true);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_TRUE(report->errors.empty());
  EXPECT_EQ(report->rows, 6);
  EXPECT_EQ(report->organisations_created, 2);
  EXPECT_EQ(report->facts_added, 6);
  EXPECT_EQ(Registered(), 0);
}

TEST_F(ImportTest, ImportStoresAllAndMatchesOpenIncidents) {
  const std::string open = AddIncident({{"domain", "mail.northgrid.example"}});
  auto report = registry_->Import(lead_, PlanImport(kGood), /*dry_run=*/false);
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_TRUE(report->errors.empty()) << report->errors[0].message;
  EXPECT_EQ(report->rematched, 1);
  EXPECT_EQ(Registered(), 2 + 3 + 1 + 1 + 1);
  EXPECT_EQ(Matched(open), std::vector<std::string>{"north-grid"});
  auto hospital = registry_->Get("city-hospital", std::nullopt, false);
  ASSERT_TRUE(hospital);
  EXPECT_EQ(hospital->version.attributes.name, "City Hospital, North");
  ASSERT_EQ(hospital->facts.size(), 1u);
  ASSERT_TRUE(hospital->facts[0].validity.from.has_value());  // valid_from 2025-01-01
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'constituency-import'"), 2);

  // The same file again changes nothing.
  auto again = registry_->Import(lead_, PlanImport(kGood), /*dry_run=*/false);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->facts_added, 0);
  EXPECT_EQ(again->unchanged, 6);
  EXPECT_EQ(Registered(), 8);
}

TEST_F(ImportTest, AnyBadRowRefusesTheWholeFileByLine) {
  const std::string bad = kGood +
                          "north-grid,,,,range,192.0.2.1/24,,,,,\n"           // line 8
                          "unknown-org,,,,asn,64501,,,,,\n";                  // line 9
  for (bool dry_run : {true, false}) {
    auto report = registry_->Import(lead_, PlanImport(bad), dry_run);
    ASSERT_TRUE(report);
    // The malformed value (line 8) and the organisation the registry does not know (line 9).
    ASSERT_EQ(report->errors.size(), 2u);
    EXPECT_EQ(report->errors[0].line, 8);
    EXPECT_EQ(report->errors[0].column, "value");
    EXPECT_EQ(report->errors[1].line, 9);
    EXPECT_NE(report->errors[1].message.find("unknown-org"), std::string::npos);
    EXPECT_EQ(Registered(), 0);
  }
}

TEST_F(ImportTest, ValuesRegisteredToAnotherOrganisationAreBadRows) {
  ASSERT_TRUE(registry_->Create(lead_, Org("other", "retail", std::nullopt, {"192.0.2.0/24"},
                                           {"64500"})));
  auto report = registry_->Import(lead_, PlanImport(kGood), false);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->errors.size(), 2u);
  EXPECT_EQ(report->errors[0].line, 2);
  EXPECT_EQ(report->errors[1].line, 4);
  EXPECT_NE(report->errors[0].message.find("'other'"), std::string::npos);
  EXPECT_FALSE(registry_->Get("north-grid", std::nullopt, false));
}

}  // namespace
}  // namespace ncirt::triage::testing
