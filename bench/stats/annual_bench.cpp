// bench_stats_annual: how long the annual report takes for a year of 1,000,000 incidents.
//
// It fills a private PostgreSQL cluster (tests/support/pg_cluster) with a year (2025) of
// incidents made by generate_series: skewed TLPs, ten categories, 40 sensors and three partner
// CIRTs, states across the workflow with durations, one IPv4 indicator per incident from a pool
// of 50,000 and a domain for every third from a pool of 5,000, plus 100,000 shares sent and
// 200,000 received; and a constituency registry of 500 organisations over the thirteen sectors
// to which three incidents in four matched (one in ten of those a second organisation too:
// about 825,000 match rows for 1,000,000 incidents). The rows are loaded with the statistics
// triggers off and the summary built by triage.stats_rebuild() (timed), as an operator would
// after a bulk import. Then, five times each, it times:
//   - the annual report: StatsStore::Compact + Load(2025, RED, top 10) + the HTML page, as
//     GET /v1/reports/annual does minus TLS;
//   - the statistics of a ragged period (15 Feb .. 15 Nov), whose edges are read from rows;
// and, as same-run baselines over the same rows:
//   - a plain `SELECT category, count(*) ... GROUP BY category` for the year;
//   - the year's top 10 indicators by joining incidents to intake.indicators, and its sectors
//     and organisations counted from the match rows (what the report would cost without its
//     summary for those figures).
// Finally it inserts 20,000 more incidents with their matches with the triggers on, and
// 20,000 with them off, to show what keeping the summary costs a writer.
//
// Usage: bench_stats_annual [incidents, default 1000000] [report.html to write]
//                           [--empty-registry: no organisations, no matches]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "common/pg/pool.hpp"
#include "support/pg_cluster.hpp"
#include "triage/route_modules.hpp"
#include "triage/stats/annual_report.hpp"
#include "triage/stats/export.hpp"
#include "triage/stats/stats_store.hpp"
#include "triage/store/queue_store.hpp"

namespace {

using Steady = std::chrono::steady_clock;
namespace stats = ncirt::triage::stats;

double Seconds(Steady::time_point since) {
  return std::chrono::duration<double>(Steady::now() - since).count();
}

// Incidents i in [first, last] of the year, spread evenly over 2025 when first = 1.
constexpr const char* kIncidentsSql =
    "INSERT INTO intake.incidents (id, iodef_id, iodef_name, version, fingerprint, tlp, purpose, "
    "submitter, document_id, incident_index, model) SELECT md5(i::text)::uuid, 'B-' || i, "
    "'bench', 1, 'f', (ARRAY['CLEAR','GREEN','GREEN','GREEN','AMBER','AMBER','AMBER+STRICT',"
    "'RED'])[1 + i % 8], 'reporting', CASE WHEN i % 10 < 2 THEN 'partner:cert-' || "
    "(ARRAY['fr','de','it'])[1 + i % 3] ELSE 'sensor-' || (i % 40) END, $3, 0, '\\x'::bytea "
    "FROM generate_series($1::bigint, $2::bigint) i";
constexpr const char* kIndicatorsSql =
    "INSERT INTO intake.indicators (incident_id, kind, value) SELECT md5(i::text)::uuid, "
    "'ipv4-address', '10.' || ((i * 7919) % 50000 / 250) || '.' || ((i * 7919) % 250) || '.1' "
    "FROM generate_series($1::bigint, $2::bigint) i UNION ALL SELECT md5(i::text)::uuid, "
    "'domain', 'host' || ((i * 104729) % 5000) || '.example' "
    "FROM generate_series($1::bigint, $2::bigint) i WHERE i % 3 = 0";
// $3: incidents per 365 days (the spacing); $4: when incident $1 arrives.
constexpr const char* kTriageSql =
    "INSERT INTO triage.incidents (incident_id, state, priority, score, intake_version, tlp, "
    "submitter, constituent, category, sla_elapsed_ms, triaged_at, resolved_at, merged_into, "
    "created_at, updated_at, triage_due_at) "
    "SELECT s.id, s.state, s.p, 0, 1, s.tlp, s.submitter, s.constituent, s.category, "
    " CASE WHEN s.state IN ('resolved', 'closed') THEN ((s.i * 104729) % 1209600) * 1000 "
    "  ELSE 0 END, "
    " CASE WHEN s.state <> 'new' THEN s.created + ((s.i * 7919) % 86400) * interval '1 second' "
    "  END, "
    " CASE WHEN s.state IN ('resolved', 'closed') THEN s.created + interval '20 days' END, "
    " CASE WHEN s.state = 'merged' THEN md5((s.i - 1)::text)::uuid END, "
    " s.created, s.created, s.created + interval '1 hour' FROM ("
    " SELECT i, md5(i::text)::uuid AS id, 1 + (i % 4) AS p, "
    "  (ARRAY['new','triaged','in_progress','waiting','resolved','closed','closed','closed',"
    "   'rejected','merged'])[1 + i % 10] AS state, "
    "  (ARRAY['CLEAR','GREEN','GREEN','GREEN','AMBER','AMBER','AMBER+STRICT','RED'])[1 + i % 8] "
    "   AS tlp, "
    "  CASE WHEN i % 10 < 2 THEN 'partner:cert-' || (ARRAY['fr','de','it'])[1 + i % 3] "
    "   ELSE 'sensor-' || (i % 40) END AS submitter, "
    "  CASE WHEN i % 4 <> 0 THEN 'org-' || ((i * 13) % 500) END AS constituent, "
    "  CASE WHEN i % 17 <> 0 THEN (ARRAY['fraud/phishing','availability/ddos',"
    "   'malicious-code/infected-system','information-gathering/scanner',"
    "   'intrusion-attempts/brute-force','intrusions/system-compromise','abusive-content/spam',"
    "   'vulnerable/vulnerable-system','malicious-code/c2-server','fraud/masquerade'])"
    "   [1 + (i * 31) % 10] END AS category, "
    "  $4::timestamptz + (i - $1::bigint) * (interval '365 days' / $3::bigint) AS created "
    " FROM generate_series($1::bigint, $2::bigint) i) s";

void Load(pqxx::connection& c, long first, long last, long per_year, const char* year_start) {
  pqxx::work w(c);
  const auto document =
      w.exec1("INSERT INTO intake.documents (sha256, format, media_type, content, submitter) "
              "VALUES ('00', 'iodef-v2-xml', 'application/xml', '\\x00'::bytea, 'bench') "
              "RETURNING id")[0]
          .as<long>();
  w.exec_params0(kIncidentsSql, first, last, document);
  w.exec_params0(kIndicatorsSql, first, last);
  w.exec_params0(kTriageSql, first, last, per_year, year_start);
  w.commit();
}

void LoadExchange(pqxx::connection& c) {
  pqxx::work w(c);
  int n = 0;
  for (const char* partner : {"fr", "de", "it"}) {
    w.exec_params0(
        "INSERT INTO exchange.partners (name, country, endpoint, spki_sha256, agreement, "
        "allowed_tlps, allowed_categories) VALUES ('cert-' || $1, upper($1), 'x:1', $2, 'b', "
        "ARRAY['CLEAR','GREEN','AMBER'], ARRAY['*'])",
        partner, std::string(43, static_cast<char>('A' + n++)) + "=");
  }
  w.exec0(
      "INSERT INTO exchange.outbox (partner_id, incident_id, version, share_id, share, state, "
      "created_at) SELECT 1 + i % 3, md5(i::text)::uuid, 1, 's' || i, '\\x'::bytea, "
      "(ARRAY['delivered','delivered','delivered','pending','refused'])[1 + i % 5], "
      "'2025-01-01'::timestamptz + i * interval '5 minutes' FROM generate_series(1, 100000) i");
  w.exec0(
      "INSERT INTO exchange.received_shares (partner_id, share_id, origin_incident_id, version, "
      "receiver_incident_id, applied, received_at) SELECT 1 + i % 3, 'r' || i, 'o' || i, 1, "
      "md5('received' || i)::uuid::text, i % 7 <> 0, "
      "'2025-01-01'::timestamptz + i * interval '150 seconds' "
      "FROM generate_series(1, 200000) i");
  w.commit();
}

// Every statistics trigger (migrations triage_statistics and triage_statistics_registry).
constexpr std::pair<const char*, const char*> kTriggers[] = {
    {"triage.incidents", "incidents_statistics"},
    {"triage.incidents", "incidents_statistics_registry"},
    {"triage.incident_constituents", "incident_constituents_statistics_insert"},
    {"triage.incident_constituents", "incident_constituents_statistics_delete"},
    {"triage.incident_constituents", "incident_constituents_statistics_update"}};

void SetTriggers(pqxx::connection& c, bool enabled) {
  pqxx::nontransaction n(c);
  for (const auto& [table, trigger] : kTriggers) {
    n.exec0(std::string("ALTER TABLE ") + table + (enabled ? " ENABLE" : " DISABLE") +
            " TRIGGER " + trigger);
  }
}

// 500 organisations over the thirteen sectors, valid since ever.
void LoadRegistry(pqxx::connection& c) {
  pqxx::work w(c);
  w.exec0("INSERT INTO triage.constituents (handle, created_at) SELECT 'org-' || g, now() "
          "FROM generate_series(0, 499) g");
  w.exec0("INSERT INTO triage.constituent_versions (handle, name, sector, valid_from, "
          "changed_by) SELECT 'org-' || g, 'Organisation ' || g, (ARRAY['energy','finance',"
          "'health','telecom','government','transport','water','digital','education',"
          "'research','manufacturing','retail','other'])[1 + g % 13], '-infinity', 'bench' "
          "FROM generate_series(0, 499) g");
  w.commit();
}

// The match rows of incidents [first, last]: three in four match their constituent, every
// tenth of those a second organisation too, as the matcher writes them.
constexpr const char* kMatchesSql =
    "INSERT INTO triage.incident_constituents (incident_id, handle, version_id, via, entry, "
    "indicator_kind, indicator, specificity, matched_at) SELECT i.incident_id, v.handle, v.id, "
    "'range', '10.0.0.0/8', 'ipv4-address', 'x' || m.k, 8, now() "
    "FROM (SELECT incident_id, constituent FROM triage.incidents "
    "WHERE incident_id IN (SELECT md5(g::text)::uuid FROM generate_series($1::bigint, "
    "$2::bigint) g) AND constituent IS NOT NULL) i "
    "CROSS JOIN LATERAL (SELECT 1 AS k UNION ALL SELECT 2 "
    "WHERE hashtext(i.incident_id::text) % 10 = 0) m "
    "JOIN triage.constituent_versions v ON v.handle = CASE WHEN m.k = 1 THEN i.constituent "
    "ELSE 'org-' || (abs(hashtext(i.incident_id::text)) % 500) END ON CONFLICT DO NOTHING";

void LoadMatches(pqxx::connection& c, long first, long last) {
  pqxx::work w(c);
  w.exec_params0(kMatchesSql, first, last);
  w.commit();
}

struct Timing {
  double median = 0;
  double best = 0;
};

Timing Time(int runs, const std::function<void()>& fn) {
  std::vector<double> seconds;
  for (int r = 0; r < runs; ++r) {
    const auto start = Steady::now();
    fn();
    seconds.push_back(Seconds(start));
  }
  std::sort(seconds.begin(), seconds.end());
  return {seconds[seconds.size() / 2], seconds.front()};
}

void Print(const char* what, const Timing& t, const Timing& baseline) {
  std::printf("%-58s median %7.3f s  best %7.3f s  x%.2f of baseline\n", what, t.median, t.best,
              t.median / baseline.median);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const long incidents = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  const std::string report_path = argc > 2 ? argv[2] : "";
  const bool registry = !(argc > 3 && std::string(argv[3]) == "--empty-registry");
  auto& cluster = ncirt::testing::PgCluster::Shared();
  const std::string dsn = cluster.CreateDatabase();
  pqxx::connection c(dsn);

  auto start = Steady::now();
  SetTriggers(c, false);
  Load(c, 1, incidents, incidents, "2025-01-01");
  LoadExchange(c);
  std::printf("generated %ld incidents in %.1f s\n", incidents, Seconds(start));
  if (registry) {
    start = Steady::now();
    LoadRegistry(c);
    LoadMatches(c, 1, incidents);
    std::printf("registry: 500 organisations, matches loaded in %.1f s\n", Seconds(start));
  }
  start = Steady::now();
  SetTriggers(c, true);
  {
    pqxx::nontransaction n(c);
    n.exec1("SELECT triage.stats_rebuild()");
  }
  std::printf("triage.stats_rebuild() in %.1f s\n", Seconds(start));
  {
    pqxx::nontransaction n(c);
    for (const char* table :
         {"intake.incidents", "intake.indicators", "triage.incidents", "triage.stats_counts",
          "triage.stats_durations", "triage.stats_indicators", "triage.stats_incident_indicators",
          "triage.incident_constituents", "triage.stats_incident_registry", "exchange.outbox",
          "exchange.received_shares"}) {
      n.exec0(std::string("VACUUM ANALYZE ") + table);
    }
    for (const char* table : {"incident_constituents", "stats_incident_registry", "stats_counts",
                              "stats_durations", "stats_indicators"}) {
      std::printf("triage.%s: %ld rows\n", table,
                  n.exec1(std::string("SELECT count(*) FROM triage.") + table)[0].as<long>());
    }
  }

  ncirt::common::pg::Pool pool({.dsn = dsn, .max_connections = 2,
                                .on_connect = [](pqxx::connection& connection) {
                                  ncirt::triage::store::PrepareStatements(connection);
                                  ncirt::triage::PrepareModuleStatements(connection);
                                }});
  stats::StatsStore store(pool);
  const auto year = stats::YearPeriod("2025").value();
  const auto ragged = stats::ParsePeriod("2025-02-15", "2025-11-15").value();
  std::string html;
  long counted = 0;
  long matched = 0;
  constexpr int kRuns = 5;

  const Timing baseline = Time(kRuns, [&] {
    pqxx::work w(c);
    w.exec("SELECT category, count(*) FROM triage.incidents WHERE created_at >= "
           "'2025-01-01T00:00:00Z' AND created_at < '2026-01-01T00:00:00Z' GROUP BY category");
  });
  const Timing annual = Time(kRuns, [&] {
    if (!store.Compact()) std::abort();
    auto figures = store.Load(year, stats::Tlp::kRed, 10);
    if (!figures || figures->constituency_known != registry) std::abort();
    counted = figures->incidents + figures->merged;
    matched = 0;
    for (const auto& ci : figures->by_critical_infrastructure) {
      if (ci.key != "unknown") matched += ci.incidents;
    }
    html = stats::AnnualReportHtml(*figures, ncirt::triage::TimePoint{}, "bench");
  });
  const Timing partial = Time(kRuns, [&] {
    auto figures = store.Load(ragged, stats::Tlp::kAmberStrict, 10);
    if (!figures) std::abort();
    (void)stats::StatisticsJson(*figures).dump();
  });
  const Timing join = Time(kRuns, [&] {
    pqxx::work w(c);
    w.exec("SELECT x.kind, x.value, count(*) FROM triage.incidents i JOIN intake.indicators x "
           "ON x.incident_id = i.incident_id WHERE i.created_at >= '2025-01-01T00:00:00Z' AND "
           "i.created_at < '2026-01-01T00:00:00Z' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10");
  });
  // What the registry figures cost when counted from the match rows at request time (as the
  // report did before migration triage_statistics_registry).
  const Timing from_matches = Time(kRuns, [&] {
    pqxx::work w(c);
    w.exec("WITH m AS (SELECT c.incident_id, c.handle, v.sector FROM "
           "triage.incident_constituents c JOIN triage.constituent_versions v ON v.id = "
           "c.version_id JOIN triage.incidents i ON i.incident_id = c.incident_id WHERE "
           "i.created_at >= '2025-01-01T00:00:00Z' AND i.created_at < '2026-01-01T00:00:00Z' "
           "AND i.state <> 'merged') SELECT 'sector', sector, count(DISTINCT incident_id) "
           "FROM m GROUP BY sector UNION ALL SELECT 'matched', '', count(DISTINCT incident_id) "
           "FROM m UNION ALL SELECT 'organisation', handle, count(DISTINCT incident_id) FROM m "
           "GROUP BY handle");
  });
  std::printf("year 2025: %ld incidents counted by the report, %ld matched the registry\n",
              counted, matched);
  Print("baseline: SELECT category, count(*) ... GROUP BY (year)", baseline, baseline);
  Print(registry ? "annual report (compact + load + HTML), year 2025, registry"
                 : "annual report (compact + load + HTML), year 2025, no registry",
        annual, baseline);
  Print("statistics JSON, 2025-02-15 .. 2025-11-15", partial, baseline);
  Print("no summary: top indicators by join (year)", join, baseline);
  Print("no summary: sectors, organisations from match rows (year)", from_matches, baseline);

  // What the triggers cost a writer: 20,000 incidents of 2026 (with their matches) with them,
  // 20,000 without.
  const long batch = 20'000;
  const auto write = [&](long first, const char* at) {
    Load(c, first, first + batch - 1, 365 * 1000, at);
    if (registry) LoadMatches(c, first, first + batch - 1);
  };
  start = Steady::now();
  write(incidents + 1, "2026-01-01");
  const double with_trigger = Seconds(start);
  SetTriggers(c, false);
  start = Steady::now();
  write(incidents + batch + 1, "2026-06-01");
  const double without_trigger = Seconds(start);
  SetTriggers(c, true);
  std::printf("insert %ld incidents (intake + indicators + triage rows%s): with the statistics "
              "triggers %.2f s, without %.2f s (x%.2f)\n",
              batch, registry ? " + matches" : "", with_trigger, without_trigger,
              with_trigger / without_trigger);
  if (!report_path.empty()) {
    std::ofstream(report_path) << html;
    std::printf("report written to %s\n", report_path.c_str());
  }
  return 0;
}
