// bench_constituency: what constituency matching and correlation cost per incident.
//
// It starts a private PostgreSQL cluster (tests/support/pg_cluster, fsync on), fills a
// registry of 100,000 ranges (IPv4 /16, /24, /28 nested inside each other, and IPv6 /48) for
// 10,000 organisations with AS numbers and domains, and 1,000,000 stored incidents with
// 2,000,000 normalised indicators (addresses inside and outside the registered ranges, domains,
// hashes, IPv6 addresses; one address is shared by 1,000 incidents, so the over-correlation cap
// is exercised), all with generate_series in SQL. Then, for incidents picked at random among
// the stored ones, it times each of:
//
//   baseline    one raw indexed lookup: the most specific range containing an address
//               (`network >>= $1 ORDER BY masklen DESC LIMIT 1`), in its own transaction
//   match       constituency::MatchIncident (all indicators against ranges, AS numbers and
//               domains; stores the matches) in a transaction that is then rolled back: the
//               work it adds to triage's intake transaction, which commits anyway
//   related     CorrelationStore::RelatedTo (all correlations, capped), its own transaction
//   duplicates  CorrelationStore::Duplicates, its own transaction
//   related+dup related and duplicates together
//   total       match + related + duplicates for the same incident
//   match+commit  MatchIncident as a committed transaction of its own (adds a WAL flush)
//
// and prints p50, p95, p99 and max of each, and the ratio of the total's p99 to the baseline's.
//
// Usage: bench_constituency [samples, default 2000] [incidents, default 1000000]
// NCIRT_BENCH_EXPLAIN=1 prints the plans of one incident's statements first;
// NCIRT_BENCH_DSN=<dsn> uses (and on first use fills) that database instead of a fresh one.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "common/pg/migrations.hpp"
#include "common/pg/pool.hpp"
#include "common/pg/transaction.hpp"
#include "ncirt/v1/incident.pb.h"
#include "support/pg_cluster.hpp"
#include "triage/clock.hpp"
#include "triage/constituency/matcher.hpp"
#include "triage/correlation/correlation_store.hpp"
#include "triage/route_modules.hpp"
#include "triage/store/queue_store.hpp"

namespace {

using Steady = std::chrono::steady_clock;
constexpr int kOrganisations = 10'000;

// The registry: 200 /16 + 60,000 /24 inside 10.0.0.0/8, 4,000 /28 inside 100.64.0.0/10, and
// 35,800 IPv6 /48 inside 2001:db8::/32: 100,000 ranges.
const char* const kRegistrySql[] = {
    "INSERT INTO triage.constituents SELECT 'org-' || g, now() FROM generate_series(1, 10000) g",
    "INSERT INTO triage.constituent_versions (handle, name, sector, criticality, valid_from, "
    " changed_by) SELECT 'org-' || g, 'Organisation ' || g, (ARRAY['energy', 'finance', "
    " 'health', 'telecom', 'government', 'transport', 'water', 'digital', 'education', "
    " 'research', 'retail', 'other'])[1 + g % 12], (ARRAY[NULL, 'vital', 'essential', "
    " 'other'])[1 + g % 4], '-infinity', 'bench' FROM generate_series(1, 10000) g",
    "INSERT INTO triage.constituent_ranges (handle, network, valid_from, changed_by) "
    " SELECT 'org-' || (1 + g % 10000), set_masklen('10.0.0.0'::inet + g::bigint * 65536, "
    " 16)::cidr, '-infinity', 'bench' FROM generate_series(0, 199) g",
    "INSERT INTO triage.constituent_ranges (handle, network, valid_from, changed_by) "
    " SELECT 'org-' || (1 + (g * 7) % 10000), set_masklen('10.0.0.0'::inet + g::bigint * 256, "
    " 24)::cidr, '-infinity', 'bench' FROM generate_series(0, 59999) g",
    "INSERT INTO triage.constituent_ranges (handle, network, valid_from, changed_by) "
    " SELECT 'org-' || (1 + (g * 13) % 10000), set_masklen('100.64.0.0'::inet + g::bigint * 16,"
    " 28)::cidr, '-infinity', 'bench' FROM generate_series(0, 3999) g",
    "INSERT INTO triage.constituent_ranges (handle, network, valid_from, changed_by) "
    " SELECT 'org-' || (1 + (g * 17) % 10000), format('2001:db8:%s::/48', to_hex(g))::cidr, "
    " '-infinity', 'bench' FROM generate_series(0, 35799) g",
    "INSERT INTO triage.constituent_asns (handle, asn, valid_from, changed_by) SELECT 'org-' || "
    " g, 64000 + g, '-infinity', 'bench' FROM generate_series(1, 10000) g",
    "INSERT INTO triage.constituent_domains (handle, domain, domain_reversed, valid_from, "
    " changed_by) SELECT 'org-' || g, 'd' || g || '.example', 'example.d' || g || '.', "
    " '-infinity', 'bench' FROM generate_series(1, 10000) g",
    "ANALYZE triage.constituent_ranges",
};

// Incident g has: an IPv4 address spread over 10.0.0.0/7 (half inside the registry), and one
// of a domain under a registered domain, a hash, an IPv6 address, an AS number; every 1,000th
// incident also has the shared hosting address 203.0.113.10.
const char* const kIncidentsSql[] = {
    "INSERT INTO intake.incidents (id, iodef_id, iodef_name, version, fingerprint, tlp, purpose,"
    " submitter, document_id, incident_index, model, created_at) SELECT "
    " md5('bench' || g)::uuid, 'B-' || g, 'bench', 1, 'f', 'GREEN', 'reporting', 'bench', $1, "
    " 0, $2, now() - (g || ' seconds')::interval FROM generate_series(1, $3) g",
    "INSERT INTO intake.indicators (incident_id, kind, value, address) SELECT "
    " md5('bench' || g)::uuid, 'ipv4-address', host(a), a FROM (SELECT g, '10.0.0.0'::inet + "
    " ((g::bigint * 2654435761) % 33554432) AS a FROM generate_series(1, $1) g) s",
    "INSERT INTO intake.indicators (incident_id, kind, value, address, domain_reversed) "
    " SELECT md5('bench' || g)::uuid, k, v, CASE WHEN k = 'ipv6-address' THEN v::inet END, "
    " CASE WHEN k = 'domain' THEN 'example.d' || (g % 12000) || '.h' || (g % 97) || '.' END "
    " FROM (SELECT g, (ARRAY['domain', 'hash', 'ipv6-address', 'asn'])[1 + g % 4] AS k, "
    " CASE g % 4 WHEN 0 THEN 'h' || (g % 97) || '.d' || (g % 12000) || '.example' "
    " WHEN 1 THEN md5('hash' || (g % 400000)) "
    " WHEN 2 THEN format('2001:db8:%s::%s', to_hex(g % 40000), to_hex(g % 65536)) "
    " ELSE (64000 + g % 12000)::text END AS v FROM generate_series(1, $1) g) s",
    "INSERT INTO intake.indicators (incident_id, kind, value, address) SELECT "
    " md5('bench' || g)::uuid, 'ipv4-address', '203.0.113.10', '203.0.113.10' FROM "
    " generate_series(1000, $1, 1000) g",
    "INSERT INTO triage.incidents (incident_id, priority, score, intake_version, tlp, "
    " submitter, sla_since, triage_due_at, created_at, updated_at) SELECT id, 4, 17, 1, "
    " 'GREEN', 'bench', created_at, created_at + interval '1 day', created_at, created_at "
    " FROM intake.incidents",
};

// Statistics after loading, as autovacuum would gather them on a live system.
const char* const kAnalyzeSql[] = {
    "VACUUM ANALYZE intake.indicators",
    "VACUUM ANALYZE intake.incidents",
    "VACUUM ANALYZE triage.incidents",
};

double Seconds(Steady::time_point since) {
  return std::chrono::duration<double>(Steady::now() - since).count();
}

void Fill(const std::string& dsn, int incidents) {
  const auto start = Steady::now();
  pqxx::connection c(dsn);
  // One transaction for all rows, so an interrupted fill leaves an empty database.
  pqxx::work w(c);
  for (const char* sql : kRegistrySql) w.exec(sql);
  std::printf("registry: %.1f s\n", Seconds(start));
  ncirt::v1::Incident model;
  model.set_tlp(ncirt::v1::TLP_GREEN);
  model.add_assessments()->add_impacts()->mutable_system()->set_severity(
      ncirt::v1::SEVERITY_MEDIUM);
  // Loading is faster without the indicator indexes; they are built once afterwards, as a
  // restore would, from the definitions the migrations gave them (so the bench measures the
  // indexes a deployment has).
  std::vector<std::string> index_sql;
  {
    std::string names;
    for (const auto& r : w.exec("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                                "'intake' AND tablename = 'indicators' ORDER BY indexname")) {
      names += (names.empty() ? "intake." : ", intake.") + w.quote_name(r[0].as<std::string>());
      index_sql.push_back(r[1].as<std::string>());
    }
    if (!names.empty()) w.exec("DROP INDEX " + names);
    const auto doc = w.exec1(
        "INSERT INTO intake.documents (sha256, format, media_type, content, submitter) VALUES "
        "('00', 'iodef-v2-xml', 'application/xml', '\\x00'::bytea, 'bench') RETURNING id")[0]
                         .as<std::int64_t>();
    w.exec_params(kIncidentsSql[0], doc, pqxx::binarystring(model.SerializeAsString()),
                  incidents);
    for (int i = 1; i < 4; ++i) w.exec_params(kIncidentsSql[i], incidents);
    // The statistics trigger (issue 10) reads each incident's indicators, which are not
    // indexed yet; it is not what this bench measures, so the load runs without it.
    w.exec("ALTER TABLE triage.incidents DISABLE TRIGGER USER");
    w.exec(kIncidentsSql[4]);
    w.exec("ALTER TABLE triage.incidents ENABLE TRIGGER USER");
  }
  w.commit();
  std::printf("incidents: %.1f s\n", Seconds(start));
  pqxx::nontransaction n(c);
  for (const std::string& sql : index_sql) n.exec(sql);
  for (const char* sql : kAnalyzeSql) n.exec(sql);
  std::printf("indexes: %.1f s\n", Seconds(start));
}

struct Series {
  const char* name;
  std::vector<double> ms;
  double At(double q) {
    std::sort(ms.begin(), ms.end());
    const auto index = static_cast<std::size_t>(q * static_cast<double>(ms.size()));
    return ms[std::min(ms.size() - 1, index)];
  }
};

template <typename Fn>
void Time(Series& series, Fn&& fn) {
  const auto start = Steady::now();
  fn();
  series.ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - start).count());
}

// Prints the plans of one incident's statements (NCIRT_BENCH_EXPLAIN=1), to check that each
// walks indexes.
void Explain(ncirt::common::pg::Pool& pool, const ncirt::triage::Clock& clock, int g) {
  auto lease = pool.Acquire();
  pqxx::work w(**lease);
  const std::string id =
      w.exec_params1("SELECT md5('bench' || $1::int)::uuid::text", g)[0].as<std::string>();
  const std::string at = std::to_string(clock.Now().time_since_epoch().count());
  // Run each once, so that the lazily prepared statements exist on the server.
  ncirt::triage::constituency::MatchIncident(w, id, clock.Now());
  const int examined = ncirt::triage::correlation::kMaxIndicatorsExamined;
  w.exec_prepared("correlation_related", id, nullptr, examined);
  w.exec_prepared("correlation_duplicates", id);
  for (const std::string& sql :
       {"EXPLAIN (ANALYZE, BUFFERS) EXECUTE constituency_match('" + id + "', " + at + ")",
        "EXPLAIN (ANALYZE, BUFFERS) EXECUTE correlation_related('" + id + "', NULL, " +
            std::to_string(examined) + ")",
        "EXPLAIN (ANALYZE, BUFFERS) EXECUTE correlation_duplicates('" + id + "')"}) {
    std::printf("%s\n", sql.c_str());
    for (const auto& r : w.exec(sql)) std::printf("  %s\n", r[0].c_str());
  }
  w.abort();
}

// A fresh database in a private cluster, filled; or, with NCIRT_BENCH_DSN, that database
// (migrated here), filled only when it does not hold this bench's data yet, so plans can be
// studied and runs repeated without loading for minutes each time.
std::string DatabaseFor(int incidents) {
  const char* given = std::getenv("NCIRT_BENCH_DSN");
  if (given == nullptr) {
    const std::string dsn = ncirt::testing::PgCluster::Shared().CreateDatabase();
    Fill(dsn, incidents);
    return dsn;
  }
  pqxx::connection c(given);
  if (auto migrated = ncirt::common::pg::Migrate(c); !migrated) {
    throw std::runtime_error("migrating " + std::string(given) + ": " +
                             migrated.error().ToString());
  }
  pqxx::work w(c);
  const auto held = w.exec1("SELECT count(*) FROM intake.incidents")[0].as<std::int64_t>();
  w.commit();
  if (held == 0) {
    Fill(given, incidents);
  } else if (held != incidents) {
    throw std::runtime_error("NCIRT_BENCH_DSN holds " + std::to_string(held) +
                             " incidents, not " + std::to_string(incidents));
  }
  return given;
}

}  // namespace

int main(int argc, char** argv) {
  const int samples = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int incidents = argc > 2 ? std::atoi(argv[2]) : 1'000'000;
  const std::string dsn = DatabaseFor(incidents);

  ncirt::triage::SystemClock clock;
  ncirt::common::pg::Pool pool({.dsn = dsn, .max_connections = 2, .on_connect = [](auto& c) {
                                  ncirt::triage::store::PrepareStatements(c);
                                  ncirt::triage::PrepareModuleStatements(c);
                                }});
  ncirt::triage::correlation::CorrelationStore correlation(pool, clock);
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int> pick(1, incidents);
  pqxx::connection raw(dsn);
  raw.prepare("baseline",
              "SELECT handle FROM triage.constituent_ranges WHERE network >>= $1::inet AND "
              "valid_from <= now() AND now() < valid_to ORDER BY masklen(network) DESC LIMIT 1");

  if (std::getenv("NCIRT_BENCH_EXPLAIN") != nullptr) Explain(pool, clock, pick(random));
  Series baseline{"baseline", {}}, match{"match", {}}, related{"related", {}},
      duplicates{"duplicates", {}}, correlate{"related+dup", {}}, total{"total", {}},
      committed{"match+commit", {}};
  std::size_t matched = 0, related_found = 0;
  for (int i = 0; i < samples + samples / 10; ++i) {
    const bool warmup = i < samples / 10;
    const int g = pick(random);
    std::string id;
    {
      pqxx::work w(raw);
      id = w.exec_params1("SELECT md5('bench' || $1::int)::uuid::text", g)[0].as<std::string>();
    }
    const std::string address =
        "10." + std::to_string((g * 2654435761ull % 33554432) >> 16 & 255) + ".0.1";
    Series scratch{"", {}};
    Time(warmup ? scratch : baseline, [&] {
      pqxx::work w(raw);
      w.exec_prepared("baseline", address);
      w.commit();
    });
    const auto start = Steady::now();
    Time(warmup ? scratch : match, [&] {
      // The work matching adds to the intake transaction, which commits for its own rows
      // anyway: rolled back here, so the series holds no WAL flush.
      auto lease = pool.Acquire();
      pqxx::work w(**lease);
      if (ncirt::triage::constituency::MatchIncident(w, id, clock.Now()) !=
          ncirt::triage::Criticality::kUnknown) {
        ++matched;
      }
      w.abort();
    });
    const auto related_start = Steady::now();
    Time(warmup ? scratch : related, [&] {
      auto r = correlation.RelatedTo(id, std::nullopt);
      if (r && !r->related.empty()) ++related_found;
    });
    Time(warmup ? scratch : duplicates, [&] { (void)correlation.Duplicates(id); });
    if (!warmup) {
      total.ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - start).count());
      correlate.ms.push_back(
          std::chrono::duration<double, std::milli>(Steady::now() - related_start).count());
    }
    // The same match as a transaction of its own, committed (one WAL flush with fsync on).
    Time(warmup ? scratch : committed, [&] {
      (void)ncirt::common::pg::RunTransaction(pool, [&](pqxx::work& w) {
        return ncirt::triage::constituency::MatchIncident(w, id, clock.Now());
      });
    });
  }
  std::printf("\n%d incidents, %d samples; %zu matched an organisation, %zu had related "
              "incidents\n\n%-11s %8s %8s %8s %8s  (ms)\n",
              incidents, samples, matched, related_found, "", "p50", "p95", "p99", "max");
  for (Series* s : {&baseline, &match, &related, &duplicates, &correlate, &total, &committed}) {
    std::printf("%-11s %8.3f %8.3f %8.3f %8.3f\n", s->name, s->At(0.50), s->At(0.95),
                s->At(0.99), s->At(1.0));
  }
  std::printf("\ntotal p99 / baseline p99 = %.1f, total p50 / baseline p50 = %.1f\n",
              total.At(0.99) / baseline.At(0.99), total.At(0.50) / baseline.At(0.50));
  return 0;
}
