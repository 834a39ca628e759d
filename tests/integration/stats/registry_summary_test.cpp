// The registry figures of the statistics summary (migration triage_statistics_registry) against
// the match rows they come from: after matches, re-matches, updates, merges and deletes the
// summary (compacted or not) must equal a full rebuild, month by month, and the figures a
// request reads must equal a count made straight from triage.incident_constituents.
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include <pqxx/connection>
#include <pqxx/result>
#include <pqxx/transaction>

#include "stats_test_support.hpp"
#include "triage/constituency/matcher.hpp"

namespace ncirt::triage::stats::testing {
namespace {

const std::int64_t kYearStart = DateMs(2025, 1, 1);
const std::int64_t kYearEnd = DateMs(2026, 1, 1);
const TimePoint kNow{std::chrono::milliseconds{DateMs(2026, 2, 1)}};

using Rows = std::map<std::string, std::int64_t>;

// The registry rows of the summary as a reader adds them up: month rows plus uncompacted
// deltas, and year rows plus the deltas of their months ("m|2025-03-01|sectors|energy|RED").
constexpr const char* kSummarySql =
    "SELECT span || '|' || start || '|' || dimension || '|' || value || '|' || tlp, sum(n) FROM ("
    " SELECT span::text, start, dimension, value, tlp, n FROM triage.stats_counts"
    " UNION ALL SELECT 'm', month, dimension, value, tlp, n FROM triage.stats_count_deltas"
    " UNION ALL SELECT 'y', date_trunc('year', month)::date, dimension, value, tlp, n"
    "  FROM triage.stats_count_deltas) x"
    " WHERE dimension IN ('sectors', 'organisation') GROUP BY 1 HAVING sum(n) <> 0";

// And the keys each incident is counted with ("r|<id>|organisation|shop-1").
constexpr const char* kKeysSql =
    "SELECT 'r|' || incident_id || '|' || dimension || '|' || value, 1 "
    "FROM triage.stats_incident_registry";

Rows ReadRows(pqxx::work& w) {
  Rows out;
  for (const char* sql : {kSummarySql, kKeysSql}) {
    for (const auto& r : w.exec(sql)) out[r[0].as<std::string>()] = r[1].as<std::int64_t>();
  }
  return out;
}

// What the figures must be, counted from the match rows of the year's triage rows.
struct Direct {
  Rows sectors;
  std::int64_t matched = 0;
  Rows organisations;  // of incidents up to AMBER+STRICT
};

Direct CountDirect(pqxx::work& w) {
  const std::string period =
      "i.created_at >= '2025-01-01T00:00:00Z' AND i.created_at < '2026-01-01T00:00:00Z' "
      "AND i.state <> 'merged'";
  Direct d;
  for (const auto& r : w.exec(
           "SELECT v.sector, count(DISTINCT c.incident_id) FROM triage.incident_constituents c "
           "JOIN triage.constituent_versions v ON v.id = c.version_id JOIN triage.incidents i "
           "ON i.incident_id = c.incident_id WHERE " + period + " GROUP BY 1")) {
    d.sectors[r[0].as<std::string>()] = r[1].as<std::int64_t>();
  }
  d.matched = w.exec1("SELECT count(DISTINCT c.incident_id) FROM triage.incident_constituents c "
                      "JOIN triage.incidents i ON i.incident_id = c.incident_id WHERE " + period)
                  [0].as<std::int64_t>();
  for (const auto& r : w.exec(
           "SELECT c.handle, count(DISTINCT c.incident_id) FROM triage.incident_constituents c "
           "JOIN triage.incidents i ON i.incident_id = c.incident_id WHERE " + period +
           " AND i.tlp <> 'RED' GROUP BY 1")) {
    d.organisations[r[0].as<std::string>()] = r[1].as<std::int64_t>();
  }
  return d;
}

class RegistrySummaryTest : public StatsDbTest {
 protected:
  void SetUp() override {
    StatsDbTest::SetUp();
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    // north-grid (energy) owns 192.0.2.0/29, shop-1 (retail) 192.0.2.8/29 and d1.example,
    // city-hospital (health) d2.example; the generated indicators are 192.0.2.(i % 20) and
    // d(i % 5).example.
    for (const auto& [handle, sector] : {std::pair{"north-grid", "energy"},
                                         {"shop-1", "retail"}, {"city-hospital", "health"}}) {
      w.exec_params0("INSERT INTO triage.constituents (handle, created_at) VALUES ($1, now())",
                     handle);
      w.exec_params0("INSERT INTO triage.constituent_versions (handle, name, sector, "
                     "valid_from, changed_by) VALUES ($1, $1, $2, '-infinity', 'test')",
                     handle, sector);
    }
    w.exec0("INSERT INTO triage.constituent_ranges (handle, network, valid_from, changed_by) "
            "VALUES ('north-grid', '192.0.2.0/29', '-infinity', 'test'), "
            "('shop-1', '192.0.2.8/29', '-infinity', 'test')");
    w.exec0("INSERT INTO triage.constituent_domains (handle, domain, domain_reversed, "
            "valid_from, changed_by) VALUES ('shop-1', 'd1.example', 'example.d1.', "
            "'-infinity', 'test'), ('city-hospital', 'd2.example', 'example.d2.', "
            "'-infinity', 'test')");
    // The generated indicators lack the forms intake normalises for matching.
    w.exec0("UPDATE intake.indicators SET address = value::inet WHERE kind = 'ipv4-address'");
    w.exec0("UPDATE intake.indicators SET domain_reversed = array_to_string(ARRAY(SELECT "
            "l FROM unnest(string_to_array(value, '.')) WITH ORDINALITY AS t (l, k) "
            "ORDER BY k DESC), '.') || '.' WHERE kind = 'domain'");
    for (const auto& g : year_.incidents) constituency::MatchIncident(w, g.id, kNow);
    w.commit();
  }

  // The incremental summary equals a rebuild (computed and rolled back), and the loaded
  // figures equal the direct count.
  void ExpectExact(const std::string& when) {
    pqxx::connection c(dsn_);
    Rows incremental;
    Direct direct;
    {
      pqxx::work w(c);
      incremental = ReadRows(w);
      direct = CountDirect(w);
      w.exec1("SELECT triage.stats_rebuild()");
      EXPECT_EQ(incremental, ReadRows(w)) << when << ": summary differs from a rebuild";
      // Rolled back: the next step goes on from the incremental summary.
    }
    EXPECT_GT(direct.matched, 0) << when;
    const Statistics s = Load(kYearStart, kYearEnd, Tlp::kAmberStrict, 100);
    Rows sectors, organisations;
    for (const Count& x : s.by_sector) {
      if (x.key != "unknown") sectors[x.key] = x.incidents;
    }
    for (const Count& x : s.top_organisations) organisations[x.key] = x.incidents;
    EXPECT_EQ(sectors, direct.sectors) << when;
    EXPECT_EQ(organisations, direct.organisations) << when;
    std::int64_t critical_direct = 0;
    {
      pqxx::work w(c);
      critical_direct = w.exec1(
          "SELECT count(DISTINCT c.incident_id) FROM triage.incident_constituents c "
          "JOIN triage.constituent_versions v ON v.id = c.version_id JOIN triage.incidents i "
          "ON i.incident_id = c.incident_id WHERE i.created_at >= '2025-01-01T00:00:00Z' AND "
          "i.created_at < '2026-01-01T00:00:00Z' AND i.state <> 'merged' "
          "AND v.sector IN ('energy', 'health', 'finance', 'telecom', 'government', "
          "'transport', 'water')")[0].as<std::int64_t>();
    }
    ASSERT_EQ(s.by_critical_infrastructure.size(), 3u);
    EXPECT_EQ(s.by_critical_infrastructure[0].incidents, critical_direct) << when;
    EXPECT_EQ(s.by_critical_infrastructure[1].incidents, direct.matched - critical_direct)
        << when;
    EXPECT_EQ(s.by_critical_infrastructure[2].incidents, s.incidents - direct.matched) << when;
  }

  void Exec(const std::string& sql) {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    w.exec0(sql);
    w.commit();
  }

  const std::string& Id(std::size_t i) const { return year_.incidents[i].id; }
};

TEST_F(RegistrySummaryTest, MatchesAtIntakeGiveTheFiguresOfARebuild) {
  ExpectExact("after matching");
  ASSERT_TRUE(store_->Compact().value());
  ExpectExact("after compaction");
}

TEST_F(RegistrySummaryTest, RematchAfterARegistryChangeStaysExact) {
  ASSERT_TRUE(store_->Compact());
  {
    pqxx::connection c(dsn_);
    store::PrepareAuditStatements(c);  // the re-match records priority changes
    pqxx::work w(c);
    // city-hospital takes over the more specific 192.0.2.0/30: open incidents there move.
    w.exec0("INSERT INTO triage.constituent_ranges (handle, network, valid_from, changed_by) "
            "VALUES ('city-hospital', '192.0.2.0/30', '-infinity', 'test')");
    constituency::Affected affected;
    affected.networks = {"192.0.2.0/30"};
    EXPECT_GT(constituency::RematchOpen(w, affected, store::Actor{"lead", "test"}, kNow), 0);
    w.commit();
  }
  ExpectExact("after re-matching open incidents");
}

TEST_F(RegistrySummaryTest, MarkingArrivalMergeAndDeleteChangesStayExact) {
  ASSERT_TRUE(store_->Compact());
  // Incident 1 (192.0.2.1, north-grid): stricter marking. 3 (d3.example, 192.0.2.3): to
  // another month. 5: merged into 4. 10 (shop-1): its matches removed. 11: triage row
  // deleted, then its matches rewritten while triage does not have it, then back.
  Exec("UPDATE triage.incidents SET tlp = 'RED' WHERE incident_id = '" + Id(1) + "'");
  Exec("UPDATE triage.incidents SET created_at = created_at + interval '40 days' "
       "WHERE incident_id = '" + Id(3) + "'");
  Exec("UPDATE triage.incidents SET state = 'merged', merged_into = '" + Id(4) +
       "' WHERE incident_id = '" + Id(5) + "'");
  Exec("DELETE FROM triage.incident_constituents WHERE incident_id = '" + Id(10) + "'");
  ExpectExact("after marking, arrival, merge and match delete");
  {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    w.exec0("CREATE TABLE public.saved AS SELECT * FROM triage.incidents WHERE incident_id = '" +
            Id(11) + "'");
    w.exec0("DELETE FROM triage.incidents WHERE incident_id = '" + Id(11) + "'");
    w.commit();
  }
  ExpectExact("after deleting a triage row");
  {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    w.exec0("UPDATE triage.constituent_ranges SET handle = 'city-hospital' "
            "WHERE handle = 'shop-1'");
    constituency::MatchIncident(w, Id(11), kNow);
    w.exec0("INSERT INTO triage.incidents SELECT * FROM public.saved");
    w.commit();
  }
  ExpectExact("after matching before triage takes the incident in");
  // A version's sector changed in place (the registry never does; the figures follow).
  Exec("UPDATE triage.constituent_versions SET sector = 'finance' WHERE handle = 'shop-1'");
  ExpectExact("after a sector changed in place");
  ASSERT_TRUE(store_->Compact());
  ExpectExact("after compaction");
}

// A re-match and a change of marking of the same incident at the same time: whichever trigger
// runs second waits for the first to commit, so neither counts what the other replaced.
TEST_F(RegistrySummaryTest, ConcurrentRematchAndMarkingChangeStayExact) {
  pqxx::connection first(dsn_);
  pqxx::work rematch(first);
  rematch.exec0("DELETE FROM triage.incident_constituents WHERE incident_id = '" + Id(1) + "'");
  rematch.exec0("UPDATE triage.constituent_ranges SET handle = 'shop-1' "
                "WHERE handle = 'north-grid'");
  constituency::MatchIncident(rematch, Id(1), kNow);
  std::thread marker([&] {
    pqxx::connection second(dsn_);
    pqxx::work w(second);
    w.exec0("UPDATE triage.incidents SET tlp = 'AMBER' WHERE incident_id = '" + Id(1) + "'");
    w.commit();
  });
  // Long enough for the marking change to reach the per-incident lock and wait there.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  rematch.commit();
  marker.join();
  ExpectExact("after a concurrent re-match and marking change");
}

}  // namespace
}  // namespace ncirt::triage::stats::testing
