#include "triage/correlation/correlation_store.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "intake/uuid.hpp"
#include "triage/constituency/registry_statements.hpp"

namespace ncirt::triage::correlation {
namespace {

using common::ErrorKind;
using common::Fail;

constexpr const char* kGetSettings = "correlation_get_settings";
constexpr const char* kGetSettingsSql =
    "SELECT common_cap, count_limit, duplicate_window_s FROM triage.correlation_settings";

constexpr const char* kSetSettings = "correlation_set_settings";
constexpr const char* kSetSettingsSql =
    "UPDATE triage.correlation_settings SET common_cap = $1, count_limit = $2, "
    "duplicate_window_s = $3, updated_by = $4, updated_at = "
    NCIRT_CONSTITUENCY_MS_TO_TS("$5");

constexpr const char* kIntakeKnown = "correlation_intake_known";
constexpr const char* kIntakeKnownSql = "SELECT 1 FROM intake.incidents WHERE id = $1::uuid";

// Per indicator of $1 (its first $3, see kMaxIndicatorsExamined): up to $2 related incidents (by id) with the indicator of theirs that
// matched, its triage state and category, and how many related incidents the first
// count_limit matching rows hold; $2 overrides the settings' common_cap. One statement, so a
// request is one round trip. Domain matching
// takes rows of kind domain and url: domain_reversed is set only for those and e-mail
// addresses, so "kind <> 'email'" says it without offering the planner the (kind, value)
// index, which it would otherwise AND with the domain range at the cost of reading every
// domain row.
#define NCIRT_OTHERS "SELECT o.incident_id, o.kind, o.value FROM intake.indicators o WHERE "
constexpr const char* kRelated = "correlation_related";
constexpr const char* kRelatedSql =
    "WITH s AS (SELECT coalesce($2::integer, common_cap) AS cap, greatest(count_limit, "
    "  coalesce($2::integer, common_cap) + 1) AS lim FROM triage.correlation_settings), "
    "own AS (SELECT DISTINCT kind, value, address, domain_reversed FROM intake.indicators "
    "  WHERE incident_id = $1::uuid), "
    "n AS (SELECT count(*) AS own_total FROM own), "
    // The first $3 of the incident's own indicators in (kind, value) order are looked at; the
    // rest are only counted, so the look-up's work stays bounded for any incident.
    "ind AS (SELECT * FROM own ORDER BY kind, value LIMIT $3) "
    "SELECT i.kind, i.value, h.incident_id::text, h.their_kind, h.their_value, h.total, "
    "  t.state, t.category, s.lim, n.own_total "
    "FROM ind i CROSS JOIN s CROSS JOIN n LEFT JOIN LATERAL ("
    " SELECT x.incident_id, (array_agg(x.kind ORDER BY x.kind, x.value))[1] AS their_kind, "
    "  (array_agg(x.value ORDER BY x.kind, x.value))[1] AS their_value, "
    "  count(*) OVER () AS total FROM ("
    NCIRT_OTHERS "i.address IS NOT NULL AND o.address && i.address AND o.incident_id <> $1::uuid"
    " UNION ALL " NCIRT_OTHERS "i.kind IN ('url', 'hash', 'email', 'asn') AND o.kind = i.kind "
    "  AND o.value = i.value AND o.incident_id <> $1::uuid"
    " UNION ALL " NCIRT_OTHERS "i.kind IN ('domain', 'url') AND i.domain_reversed IS NOT NULL "
    "  AND o.domain_reversed ~>=~ i.domain_reversed "
    "  AND o.domain_reversed ~<~ (left(i.domain_reversed, -1) || '/') "
    "  AND o.kind <> 'email' AND o.incident_id <> $1::uuid"
    " UNION ALL " NCIRT_OTHERS "i.kind IN ('domain', 'url') AND i.domain_reversed IS NOT NULL "
    "  AND o.domain_reversed = ANY(triage.reversed_domain_suffixes(i.domain_reversed, 2)) "
    "  AND o.domain_reversed <> i.domain_reversed AND o.kind <> 'email' "
    "  AND o.incident_id <> $1::uuid"
    " LIMIT (SELECT lim FROM s)) x GROUP BY x.incident_id ORDER BY x.incident_id "
    " LIMIT (SELECT cap FROM s)) h ON true "
    "LEFT JOIN triage.incidents t ON t.incident_id = h.incident_id "
    "ORDER BY i.kind, i.value, h.incident_id";
#undef NCIRT_OTHERS

constexpr const char* kTriageKnown = "correlation_triage_known";
constexpr const char* kTriageKnownSql =
    "SELECT 1 FROM triage.incidents WHERE incident_id = $1::uuid";

constexpr const char* kDuplicates = "correlation_duplicates";
constexpr const char* kDuplicatesSql =
    "WITH s AS (SELECT count_limit, duplicate_window_s FROM triage.correlation_settings), "
    "me AS (SELECT created_at, category FROM triage.incidents WHERE incident_id = $1::uuid), "
    "mine AS (SELECT DISTINCT kind, value FROM intake.indicators WHERE incident_id = $1::uuid), "
    "n AS (SELECT count(*) AS c FROM mine), "
    "rarest AS (SELECT m.kind, m.value FROM mine m CROSS JOIN LATERAL (SELECT count(*) AS k "
    "  FROM (SELECT 1 FROM intake.indicators o WHERE o.kind = m.kind AND o.value = m.value "
    "  LIMIT (SELECT count_limit FROM s)) z) c ORDER BY c.k, m.kind, m.value LIMIT 1), "
    "cand AS (SELECT DISTINCT o.incident_id FROM rarest r JOIN intake.indicators o "
    "  ON o.kind = r.kind AND o.value = r.value WHERE o.incident_id <> $1::uuid "
    "  LIMIT (SELECT count_limit FROM s)) "
    "SELECT t.incident_id::text, t.state, t.category, "
    NCIRT_CONSTITUENCY_TS_TO_MS("t.created_at") ", n.c "
    "FROM cand JOIN triage.incidents t ON t.incident_id = cand.incident_id, me, n "
    "WHERE t.state IN ('new', 'triaged', 'in_progress', 'waiting') "
    "AND t.category IS NOT DISTINCT FROM me.category "
    "AND t.created_at BETWEEN me.created_at - (SELECT duplicate_window_s FROM s) * interval "
    "  '1 second' AND me.created_at + (SELECT duplicate_window_s FROM s) * interval '1 second' "
    "AND (SELECT count(*) FROM (SELECT DISTINCT kind, value FROM intake.indicators x "
    "  WHERE x.incident_id = t.incident_id) d) = n.c "
    "AND NOT EXISTS (SELECT 1 FROM mine m WHERE NOT EXISTS (SELECT 1 FROM intake.indicators x "
    "  WHERE x.incident_id = t.incident_id AND x.kind = m.kind AND x.value = m.value)) "
    "ORDER BY t.created_at, t.incident_id LIMIT 50";


// Planning these statements afresh for each incident (PostgreSQL's custom plans, which it
// keeps choosing for them) cost 1.3 to 2.1 ms, several times their execution (0.1 to 0.3 ms at
// 1,000,000 incidents); their generic plans walk the same indexes whatever the incident, so
// the read transactions use those (docs/benchmarks.md, constituency section). SET LOCAL: the
// setting ends with the transaction and touches no other statement of the pooled connection.
constexpr const char* kGenericPlans = "SET LOCAL plan_cache_mode = force_generic_plan";

common::Result<void> CheckId(const std::string& id) {
  if (intake::IsUuid(id)) return {};
  return Fail(ErrorKind::kBadRequest, "'" + id + "' is not an incident id (a UUID)",
              "incident_id");
}

Settings ReadSettings(pqxx::work& work) {
  const pqxx::row r = work.exec_prepared1(kGetSettings);
  return Settings{r[0].as<int>(), r[1].as<int>(), r[2].as<std::int64_t>()};
}

std::optional<std::string> Nullable(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::string>();
}

Related Assemble(const std::string& incident_id, const pqxx::result& rows) {
  Related out;
  out.incident_id = incident_id;
  std::map<std::string, std::size_t> index;
  for (const auto& r : rows) {
    const std::string kind = r[0].as<std::string>();
    const std::string value = r[1].as<std::string>();
    out.indicators_not_examined = r[9].as<int>();
    if (out.indicators.empty() || out.indicators.back().kind != kind ||
        out.indicators.back().value != value) {
      IndicatorSummary s;
      s.kind = kind;
      s.value = value;
      s.incidents = r[5].is_null() ? 0 : r[5].as<int>();
      s.at_least = s.incidents >= r[8].as<int>();
      out.indicators.push_back(s);
    }
    if (r[2].is_null()) continue;
    auto& summary = out.indicators.back();
    ++summary.listed;
    summary.more = summary.incidents - summary.listed;
    const std::string other = r[2].as<std::string>();
    auto [it, inserted] = index.try_emplace(other, out.related.size());
    if (inserted) {
      out.related.push_back(RelatedIncident{other, Nullable(r[6]), Nullable(r[7]), {}});
    }
    out.related[it->second].shared.push_back(
        SharedIndicator{kind, value, r[3].as<std::string>(), r[4].as<std::string>()});
  }
  out.indicators_examined = static_cast<int>(out.indicators.size());
  out.indicators_not_examined -= out.indicators_examined;
  std::stable_sort(out.related.begin(), out.related.end(),
                   [](const RelatedIncident& a, const RelatedIncident& b) {
                     return a.shared.size() > b.shared.size();
                   });
  return out;
}

}  // namespace

common::Result<void> CheckSettings(const Settings& s) {
  if (s.common_cap < 1 || s.common_cap > 1000) {
    return Fail(ErrorKind::kBadRequest, "common_cap must be 1 to 1000", "common_cap");
  }
  if (s.count_limit < 10 || s.count_limit > 1'000'000 || s.count_limit <= s.common_cap) {
    return Fail(ErrorKind::kBadRequest,
                "count_limit must be 10 to 1000000 and greater than common_cap", "count_limit");
  }
  if (s.duplicate_window_s <= 0 || s.duplicate_window_s > 2'147'483'647) {
    return Fail(ErrorKind::kBadRequest, "duplicate_window_s must be a positive number of seconds",
                "duplicate_window_s");
  }
  return {};
}

void PrepareCorrelationStatements(pqxx::connection_base& c) {
  c.prepare(kGetSettings, kGetSettingsSql);
  c.prepare(kSetSettings, kSetSettingsSql);
  c.prepare(kIntakeKnown, kIntakeKnownSql);
  c.prepare(kRelated, kRelatedSql);
  c.prepare(kTriageKnown, kTriageKnownSql);
  c.prepare(kDuplicates, kDuplicatesSql);
}

CorrelationStore::CorrelationStore(common::pg::Pool& pool, const Clock& clock)
    : pool_(pool), clock_(clock) {}

common::Result<Settings> CorrelationStore::GetSettings() {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    PrepareCorrelationStatements(work.conn());
    return ReadSettings(work);
  });
}

common::Result<Settings> CorrelationStore::SetSettings(const store::Actor& actor,
                                                       const Settings& settings) {
  if (auto ok = CheckSettings(settings); !ok) return std::unexpected(ok.error());
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    PrepareCorrelationStatements(work.conn());
    const TimePoint now = clock_.Now();
    work.exec_prepared0(kSetSettings, settings.common_cap, settings.count_limit,
                        settings.duplicate_window_s, actor.name,
                        now.time_since_epoch().count());
    store::AppendAudit(work, actor,
                       store::AuditEvent{"correlation-settings", "",
                                         nlohmann::json{{"common_cap", settings.common_cap},
                                                        {"count_limit", settings.count_limit},
                                                        {"duplicate_window_s",
                                                         settings.duplicate_window_s}}
                                             .dump()},
                       now);
    return settings;
  });
}

common::Result<Related> CorrelationStore::RelatedTo(const std::string& incident_id,
                                                    std::optional<int> cap) {
  if (auto ok = CheckId(incident_id); !ok) return std::unexpected(ok.error());
  if (cap && (*cap < 1 || *cap > 1000)) {
    return Fail(ErrorKind::kBadRequest, "cap must be 1 to 1000", "cap");
  }
  const std::optional<std::string> cap_text =
      cap ? std::optional<std::string>(std::to_string(*cap)) : std::nullopt;
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<Related> {
    PrepareCorrelationStatements(work.conn());
    work.exec0(kGenericPlans);
    const pqxx::result rows =
        work.exec_prepared(kRelated, incident_id, cap_text ? cap_text->c_str() : nullptr,
                           kMaxIndicatorsExamined);
    // No row: the incident has no indicators, or intake does not know it.
    if (rows.empty() && work.exec_prepared(kIntakeKnown, incident_id).empty()) {
      return Fail(ErrorKind::kNotFound, "no incident " + incident_id, "incident_id");
    }
    return Assemble(incident_id, rows);
  });
}

common::Result<std::vector<DuplicateProposal>> CorrelationStore::Duplicates(
    const std::string& incident_id) {
  if (auto ok = CheckId(incident_id); !ok) return std::unexpected(ok.error());
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<std::vector<DuplicateProposal>> {
        PrepareCorrelationStatements(work.conn());
        work.exec0(kGenericPlans);
        const pqxx::result rows = work.exec_prepared(kDuplicates, incident_id);
        if (rows.empty() && work.exec_prepared(kTriageKnown, incident_id).empty()) {
          return Fail(ErrorKind::kNotFound, "triage has no incident " + incident_id,
                      "incident_id");
        }
        std::vector<DuplicateProposal> out;
        for (const auto& r : rows) {
          out.push_back(DuplicateProposal{
              r[0].as<std::string>(), r[1].as<std::string>(), Nullable(r[2]),
              TimePoint{std::chrono::milliseconds{r[3].as<std::int64_t>()}}, r[4].as<int>()});
        }
        return out;
      });
}

}  // namespace ncirt::triage::correlation
