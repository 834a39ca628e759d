#include "triage/stats/stats_store.hpp"

#include <map>
#include <set>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "stats_test_support.hpp"

namespace ncirt::triage::stats::testing {
namespace {

const std::int64_t kYearStart = DateMs(2025, 1, 1);
const std::int64_t kYearEnd = DateMs(2026, 1, 1);

TEST_F(StatsDbTest, YearReadFromUncompactedDeltasMatchesEveryFigure) {
  const Statistics loaded = Load(kYearStart, kYearEnd, Tlp::kRed, 100);
  ExpectSameFigures(loaded, Expected(year_, kYearStart, kYearEnd, Tlp::kRed, 100));
  // The generator's boundary incidents (at 2026-01-01 and 1 ms before 2025) stay outside.
  EXPECT_EQ(loaded.incidents + loaded.merged, kYearIncidents);
  EXPECT_EQ(loaded.by_month.size(), 12u);
}

TEST_F(StatsDbTest, YearReadFromTheCompactedSummaryMatchesEveryFigure) {
  ASSERT_TRUE(store_->Compact().value());
  {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    EXPECT_EQ(w.exec1("SELECT count(*) FROM triage.stats_count_deltas")[0].as<int>(), 0);
    EXPECT_GT(w.exec1("SELECT count(*) FROM triage.stats_counts")[0].as<int>(), 0);
  }
  ExpectSameFigures(Load(kYearStart, kYearEnd, Tlp::kRed, 10),
                    Expected(year_, kYearStart, kYearEnd, Tlp::kRed, 10));
}

TEST_F(StatsDbTest, RaggedPeriodIncludesFromAndExcludesTo) {
  ASSERT_TRUE(store_->Compact());
  // Both bounds fall exactly on an incident's arrival, mid-month, with whole months between.
  const std::int64_t from = year_.incidents[150].created_ms;
  const std::int64_t to = year_.incidents[700].created_ms;
  const Statistics loaded = Load(from, to, Tlp::kAmberStrict, 10);
  ExpectSameFigures(loaded, Expected(year_, from, to, Tlp::kAmberStrict, 10));
  EXPECT_EQ(loaded.incidents + loaded.merged, 550);
  // One millisecond either way moves exactly one incident in or out.
  EXPECT_EQ(Load(from + 1, to + 1, Tlp::kRed, 10).incidents +
                Load(from + 1, to + 1, Tlp::kRed, 10).merged,
            550);
  ExpectSameFigures(Load(from + 1, to + 1, Tlp::kRed, 10),
                    Expected(year_, from + 1, to + 1, Tlp::kRed, 10));
}

TEST_F(StatsDbTest, PeriodsWithoutAWholeMonthReadRowsOnly) {
  const std::int64_t from = DateMs(2025, 3, 3);
  const std::int64_t to = DateMs(2025, 4, 20);
  ExpectSameFigures(Load(from, to, Tlp::kRed, 5), Expected(year_, from, to, Tlp::kRed, 5));
  ExpectSameFigures(Load(from, from + 3'600'000 * 24, Tlp::kGreen, 5),
                    Expected(year_, from, from + 3'600'000 * 24, Tlp::kGreen, 5));
}

TEST_F(StatsDbTest, EmptyPeriodHasZerosAndNoPercentiles) {
  const Statistics s = Load(DateMs(2030, 1, 1), DateMs(2031, 1, 1), Tlp::kRed, 10);
  EXPECT_EQ(s.incidents, 0);
  EXPECT_TRUE(s.by_category.empty());
  EXPECT_EQ(s.by_state.size(), 8u);
  EXPECT_EQ(s.sla.back().triage.measured, 0);
  EXPECT_FALSE(s.sla.back().triage.median_ms);
  EXPECT_TRUE(s.top_indicators.empty());
  ASSERT_EQ(s.partners.size(), 3u);
  EXPECT_EQ(s.partners[0].sent + s.partners[1].sent + s.partners[2].received, 0);
}

TEST_F(StatsDbTest, CeilingKeepsRedOnlyIndicatorsAndOrganisationsFromLowerRoles) {
  const Statistics red = Load(kYearStart, kYearEnd, Tlp::kRed, 100);
  const Statistics amber = Load(kYearStart, kYearEnd, Tlp::kAmberStrict, 100);
  const auto has = [](const Statistics& s, const std::string& value) {
    for (const auto& i : s.top_indicators) {
      if (i.value == value) return i.incidents;
    }
    return std::int64_t{0};
  };
  std::int64_t red_incidents = 0;
  for (const auto& g : year_.incidents) {
    red_incidents += g.tlp == "RED" && g.state != "merged" && g.created_ms >= kYearStart &&
                     g.created_ms < kYearEnd;
  }
  EXPECT_EQ(has(red, "198.51.100.1"), red_incidents);
  EXPECT_EQ(has(amber, "198.51.100.1"), 0);
  // Counts are the same for both; only named items differ.
  EXPECT_EQ(red.incidents, amber.incidents);
  EXPECT_LT(amber.top_organisations.front().incidents, red.top_organisations.front().incidents);
  const Statistics clear = Load(kYearStart, kYearEnd, Tlp::kClear, 100);
  ExpectSameFigures(clear, Expected(year_, kYearStart, kYearEnd, Tlp::kClear, 100));
}

TEST_F(StatsDbTest, ChangesKeepTheSummaryExactCompactedOrNotAndEqualToARebuild) {
  ASSERT_TRUE(store_->Compact());
  auto& rows = year_.incidents;
  {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    // An analyst sets a category, overrides a priority, moves one on, and merges a duplicate.
    w.exec_params0("UPDATE triage.incidents SET category = 'fraud/phishing' WHERE incident_id = "
                   "$1::uuid", rows[5].id);
    rows[5].category = "fraud/phishing";
    w.exec_params0("UPDATE triage.incidents SET severity_override = 2 WHERE incident_id = "
                   "$1::uuid", rows[21].id);
    rows[21].severity_override = 2;
    w.exec_params0("UPDATE triage.incidents SET state = 'merged', merged_into = $2::uuid WHERE "
                   "incident_id = $1::uuid", rows[9].id, rows[8].id);
    rows[9].state = "merged";
    // Its triage time no longer counts: merged incidents are duplicates.
    // A new intake version with other indicators and a stricter marking.
    w.exec_params0("DELETE FROM intake.indicators WHERE incident_id = $1::uuid", rows[12].id);
    w.exec_params0("INSERT INTO intake.indicators (incident_id, kind, value) VALUES ($1::uuid, "
                   "'url', 'http://x.example/'), ($1::uuid, 'url', 'http://x.example/')",
                   rows[12].id);
    w.exec_params0("UPDATE triage.incidents SET tlp = 'RED', intake_version = 2 WHERE "
                   "incident_id = $1::uuid", rows[12].id);
    rows[12].tlp = "RED";
    rows[12].indicators = {{"url", "http://x.example/"}};
    // An assignment changes no figure and writes no delta.
    w.exec_params0("UPDATE triage.incidents SET assignee = 'alice' WHERE incident_id = $1::uuid",
                   rows[30].id);
    w.commit();
  }
  {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    EXPECT_GT(w.exec1("SELECT count(*) FROM triage.stats_count_deltas")[0].as<int>(), 0);
  }
  const Statistics expected = Expected(year_, kYearStart, kYearEnd, Tlp::kRed, 100);
  ExpectSameFigures(Load(kYearStart, kYearEnd, Tlp::kRed, 100), expected);
  ASSERT_TRUE(store_->Compact());
  ExpectSameFigures(Load(kYearStart, kYearEnd, Tlp::kRed, 100), expected);
  {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    w.exec1("SELECT triage.stats_rebuild()");
    w.commit();
  }
  ExpectSameFigures(Load(kYearStart, kYearEnd, Tlp::kRed, 100), expected);
}

// Registry: north-grid (energy) and city-hospital (health), both critical infrastructure;
// shop-1 (retail) is not; sensor-2 is registered too, which makes that submitter a constituent.
TEST_F(StatsDbTest, RegistryMatchesGiveSectorsCriticalInfrastructureAndOrganisations) {
  struct Org {
    const char* handle;
    const char* sector;
  };
  const Org orgs[] = {{"north-grid", "energy"}, {"city-hospital", "health"},
                      {"shop-1", "retail"}, {"sensor-2", "digital"}};
  std::map<std::string, std::set<std::string>> matched;  // incident id -> handles
  {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    for (const Org& org : orgs) {
      w.exec_params0("INSERT INTO triage.constituents (handle, created_at) VALUES ($1, now())",
                     org.handle);
      w.exec_params0("INSERT INTO triage.constituent_versions (handle, name, sector, valid_from, "
                     "changed_by) VALUES ($1, $1, $2, '-infinity', 'test')",
                     org.handle, org.sector);
    }
    const auto match = [&](const GeneratedIncident& g, const char* handle, const char* value) {
      w.exec_params0(
          "INSERT INTO triage.incident_constituents (incident_id, handle, version_id, via, "
          "entry, indicator_kind, indicator, specificity, matched_at) SELECT $1::uuid, $2, id, "
          "'range', '192.0.2.0/24', 'ipv4-address', $3, 24, now() "
          "FROM triage.constituent_versions WHERE handle = $2",
          g.id, handle, value);
      matched[g.id].insert(handle);
    };
    for (std::size_t i = 0; i < year_.incidents.size(); ++i) {
      const auto& g = year_.incidents[i];
      if (i % 6 == 1) match(g, "north-grid", "192.0.2.1");
      if (i % 6 == 2) match(g, "shop-1", "192.0.2.2");
      if (i % 12 == 1) match(g, "city-hospital", "192.0.2.3");
      if (i % 4 == 2) match(g, "shop-1", "192.0.2.4");  // shop-1 twice for some: counts once
    }
    w.commit();
  }
  const std::int64_t from = DateMs(2025, 2, 10);
  const std::int64_t to = DateMs(2025, 11, 20);
  std::map<std::string, std::int64_t> sectors, organisations;
  std::int64_t incidents = 0, any = 0, critical = 0, constituent_submitted = 0;
  for (const auto& g : year_.incidents) {
    if (g.created_ms < from || g.created_ms >= to || g.state == "merged") continue;
    ++incidents;
    constituent_submitted += g.submitter == "sensor-2";
    const auto it = matched.find(g.id);
    if (it == matched.end()) continue;
    ++any;
    std::set<std::string> seen;
    bool is_critical = false;
    for (const std::string& handle : it->second) {
      for (const Org& org : orgs) {
        if (handle != org.handle) continue;
        seen.insert(org.sector);
        is_critical |= std::string(org.sector) == "energy" || std::string(org.sector) == "health";
      }
      if (g.tlp != "RED") ++organisations[handle];
    }
    for (const auto& sector : seen) ++sectors[sector];
    critical += is_critical;
  }
  const Statistics s = Load(from, to, Tlp::kAmberStrict, 10);
  EXPECT_TRUE(s.constituency_known);
  EXPECT_EQ(s.incidents, incidents);
  std::map<std::string, std::int64_t> got;
  for (const Count& c : s.by_sector) got[c.key] = c.incidents;
  sectors["unknown"] = incidents - any;
  EXPECT_EQ(got, sectors);
  ASSERT_EQ(s.by_critical_infrastructure.size(), 3u);
  EXPECT_EQ(s.by_critical_infrastructure[0].incidents, critical);
  EXPECT_EQ(s.by_critical_infrastructure[1].incidents, any - critical);
  EXPECT_EQ(s.by_critical_infrastructure[2].incidents, incidents - any);
  std::map<std::string, std::int64_t> orgs_got;
  for (const Count& c : s.top_organisations) orgs_got[c.key] = c.incidents;
  EXPECT_EQ(orgs_got, organisations) << "RED incidents' organisations left out";
  std::int64_t constituents = -1;
  for (const Count& c : s.by_source_kind) {
    if (c.key == "constituent") constituents = c.incidents;
  }
  EXPECT_EQ(constituents, constituent_submitted);
}

TEST_F(StatsDbTest, TopMustBeWithinBounds) {
  const Period year{TimePoint{std::chrono::milliseconds{kYearStart}},
                    TimePoint{std::chrono::milliseconds{kYearEnd}}};
  EXPECT_EQ(store_->Load(year, Tlp::kRed, 0).error().kind, common::ErrorKind::kBadRequest);
  EXPECT_EQ(store_->Load(year, Tlp::kRed, kMaxTop + 1).error().kind,
            common::ErrorKind::kBadRequest);
}

}  // namespace
}  // namespace ncirt::triage::stats::testing
