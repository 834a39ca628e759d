#include "triage/constituency/matcher.hpp"

#include <map>
#include <stdexcept>

#include <pqxx/binarystring>
#include <pqxx/result>

#include "ncirt/v1/incident.pb.h"
#include "triage/constituency/registry_statements.hpp"
#include "triage/constituency/registry_types.hpp"
#include "triage/sla.hpp"

namespace ncirt::triage::constituency {
namespace {

// One row per (indicator, organisation) hit, with the organisation's version at `at`: the
// incident's arrival in triage, or $2 for one not there yet.
constexpr const char* kMatch = "constituency_match";
constexpr const char* kMatchSql =
    "WITH at AS (SELECT coalesce((SELECT created_at FROM triage.incidents "
    "  WHERE incident_id = $1::uuid), " NCIRT_CONSTITUENCY_MS_TO_TS("$2") ") AS t), "
    "ind AS (SELECT DISTINCT kind, value, address, domain_reversed FROM intake.indicators "
    "  WHERE incident_id = $1::uuid), "
    "hits AS ("
    " SELECT i.kind, i.value, 'range' AS via, r.handle, r.network::text AS entry, "
    "   masklen(r.network) AS specificity FROM ind i, at CROSS JOIN LATERAL ("
    "   SELECT handle, network FROM triage.constituent_ranges WHERE network >>= i.address "
    "   AND valid_from <= at.t AND at.t < valid_to ORDER BY masklen(network) DESC LIMIT 1) r "
    "   WHERE i.address IS NOT NULL"
    " UNION ALL"
    " SELECT i.kind, i.value, 'range', r.handle, r.network::text, masklen(r.network) "
    "   FROM ind i, at CROSS JOIN LATERAL ("
    "   SELECT handle, network FROM triage.constituent_ranges WHERE network << i.address "
    "   AND valid_from <= at.t AND at.t < valid_to ORDER BY masklen(network), network LIMIT 20) r "
    "   WHERE i.kind IN ('ipv4-network', 'ipv6-network')"
    " UNION ALL"
    " SELECT i.kind, i.value, 'asn', a.handle, 'AS' || a.asn, 0 FROM ind i, at "
    "   JOIN triage.constituent_asns a ON a.valid_from <= at.t AND at.t < a.valid_to "
    "   WHERE i.kind = 'asn' AND a.asn = (CASE WHEN i.kind = 'asn' AND i.value ~ '^[0-9]{1,10}$' "
    "   THEN i.value::bigint END)"
    " UNION ALL"
    " SELECT i.kind, i.value, 'domain', d.handle, d.domain, d.labels FROM ind i, at "
    "   CROSS JOIN LATERAL ("
    "   SELECT handle, domain, length(domain_reversed) - length(replace(domain_reversed, '.', '')) "
    "   AS labels FROM triage.constituent_domains WHERE domain_reversed = "
    "   ANY(triage.reversed_domain_suffixes(i.domain_reversed, 1)) "
    "   AND valid_from <= at.t AND at.t < valid_to ORDER BY length(domain_reversed) DESC "
    "   LIMIT 1) d WHERE i.domain_reversed IS NOT NULL) "
    // One index probe per hit for the organisation's version at `at` (a join would hash the
    // whole table).
    "SELECT h.kind, h.value, h.via, h.handle, h.entry, h.specificity, v.id, v.sector, "
    "  v.criticality FROM hits h, at CROSS JOIN LATERAL (SELECT id, sector, criticality "
    "  FROM triage.constituent_versions WHERE handle = h.handle AND valid_from <= at.t "
    "  AND at.t < valid_to ORDER BY valid_from DESC LIMIT 1) v";

// Replaces the stored matches in one statement: the rows no longer matched are deleted and
// the matched ones inserted or refreshed. The two touch disjoint rows (a key is deleted only
// when the new set lacks it), so they cannot collide within the statement; of repeated keys
// the first in the arrays wins, as the match query lists the most direct hit first.
constexpr const char* kStoreMatches = "constituency_store_matches";
constexpr const char* kStoreMatchesSql =
    "WITH u AS (SELECT DISTINCT ON (h, k, i) h, v, via, e, k, i, s FROM unnest($2::text[], "
    "  $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::integer[]) "
    "  WITH ORDINALITY AS u(h, v, via, e, k, i, s, n) ORDER BY h, k, i, n), "
    "gone AS (DELETE FROM triage.incident_constituents c WHERE c.incident_id = $1::uuid "
    "  AND NOT EXISTS (SELECT 1 FROM u WHERE u.h = c.handle AND u.k = c.indicator_kind "
    "  AND u.i = c.indicator)) "
    "INSERT INTO triage.incident_constituents (incident_id, handle, version_id, via, entry, "
    "indicator_kind, indicator, specificity, matched_at) SELECT $1::uuid, h, v, via, e, k, i, s, "
    NCIRT_CONSTITUENCY_MS_TO_TS("$9") " FROM u ON CONFLICT (incident_id, handle, "
    "indicator_kind, indicator) DO UPDATE SET version_id = EXCLUDED.version_id, "
    "via = EXCLUDED.via, entry = EXCLUDED.entry, specificity = EXCLUDED.specificity, "
    "matched_at = EXCLUDED.matched_at";

// Open incidents a change can concern: indexed joins from each changed value.
constexpr const char* kAffected = "constituency_affected_open";
constexpr const char* kAffectedSql =
    "SELECT t.incident_id::text FROM triage.incidents t WHERE t.state IN ('new', 'triaged', "
    "'in_progress', 'waiting') AND t.incident_id IN ("
    " SELECT i.incident_id FROM unnest($1::cidr[]) n JOIN intake.indicators i "
    "   ON i.address && n"
    " UNION SELECT i.incident_id FROM intake.indicators i WHERE i.kind = 'asn' "
    "   AND i.value = ANY($2::text[])"
    " UNION SELECT i.incident_id FROM unnest($3::text[]) d JOIN intake.indicators i "
    "   ON i.domain_reversed ~>=~ d AND i.domain_reversed ~<~ (left(d, -1) || '/')"
    " UNION SELECT c.incident_id FROM triage.incident_constituents c "
    "   WHERE c.handle = ANY($4::text[])) "
    "ORDER BY t.incident_id FOR UPDATE OF t";

constexpr const char* kModel = "constituency_incident_model";
constexpr const char* kModelSql =
    "SELECT i.model, t.priority, t.score, t.severity_override, "
    NCIRT_CONSTITUENCY_TS_TO_MS("t.created_at") ", " NCIRT_CONSTITUENCY_TS_TO_MS("t.triage_due_at")
    " FROM intake.incidents i JOIN triage.incidents t ON t.incident_id = i.id "
    "WHERE i.id = $1::uuid";

// The SLA targets of one priority (the table the queue reads, sla.hpp).
constexpr const char* kTargets = "constituency_sla_targets";
constexpr const char* kTargetsSql =
    "SELECT time_to_triage_s, time_to_resolve_s FROM triage.sla_targets WHERE priority = $1";

constexpr const char* kSetPriority = "constituency_set_priority";
constexpr const char* kSetPrioritySql =
    "UPDATE triage.incidents SET priority = $2, score = $3, triage_due_at = "
    NCIRT_CONSTITUENCY_MS_TO_TS("$4") " WHERE incident_id = $1::uuid";

constexpr const char* kReadMatches = "constituency_read_matches";
constexpr const char* kReadMatchesSql =
    "SELECT c.handle, v.name, v.sector, v.criticality, c.via, c.entry, c.indicator_kind, "
    "c.indicator, c.specificity, " NCIRT_CONSTITUENCY_TS_TO_MS("c.matched_at")
    " FROM triage.incident_constituents c JOIN triage.constituent_versions v "
    "ON v.id = c.version_id WHERE c.incident_id = $1::uuid "
    "ORDER BY c.specificity DESC, c.handle, c.indicator_kind, c.indicator";

constexpr const char* kReadContacts = "constituency_read_contacts";
constexpr const char* kReadContactsSql =
    "SELECT k.handle, k.role, k.email, k.phone, k.pgp_fingerprint, k.language "
    "FROM triage.constituent_contacts k, triage.incidents t WHERE t.incident_id = $1::uuid "
    "AND k.handle = ANY($2::text[]) AND k.valid_from <= t.created_at "
    "AND t.created_at < k.valid_to ORDER BY k.handle, k.role, k.email";

constexpr const char* kKnown = "constituency_incident_known";
constexpr const char* kKnownSql =
    "SELECT " NCIRT_CONSTITUENCY_TS_TO_MS("created_at")
    " FROM triage.incidents WHERE incident_id = $1::uuid";

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }

Criticality CriticalityOf(const pqxx::field& sector, const pqxx::field& criticality) {
  std::optional<Criticality> given;
  if (!criticality.is_null()) given = ParseCriticality(criticality.as<std::string>());
  return EffectiveCriticality(sector.as<std::string>(), given);
}

// Two round trips: the match, then the stored set replaced.
Criticality MatchAt(pqxx::work& work, const std::string& incident_id, TimePoint now) {
  Criticality criticality = Criticality::kUnknown;
  std::vector<std::string> handles, vias, entries, kinds, indicators;
  std::vector<std::int64_t> versions;
  std::vector<int> specificities;
  for (const auto& r : work.exec_prepared(kMatch, incident_id, Ms(now))) {
    kinds.push_back(r[0].as<std::string>());
    indicators.push_back(r[1].as<std::string>());
    vias.push_back(r[2].as<std::string>());
    handles.push_back(r[3].as<std::string>());
    entries.push_back(r[4].as<std::string>());
    specificities.push_back(r[5].as<int>());
    versions.push_back(r[6].as<std::int64_t>());
    criticality = MoreCritical(criticality, CriticalityOf(r[7], r[8]));
  }
  work.exec_prepared(kStoreMatches, incident_id, TextArray(handles), IntArray(versions),
                     TextArray(vias), TextArray(entries), TextArray(kinds),
                     TextArray(indicators), IntArray(specificities), Ms(now));
  return criticality;
}

// The time-to-triage due instant of an incident received at `received` whose effective
// priority is `priority`: the queue's own rule (sla.hpp TriageDueAt over triage.sla_targets).
TimePoint DueAt(pqxx::work& work, TimePoint received, int priority) {
  const pqxx::row t = work.exec_prepared1(kTargets, priority);
  return TriageDueAt(received, SlaTargets{std::chrono::seconds{t[0].as<std::int64_t>()},
                                          std::chrono::seconds{t[1].as<std::int64_t>()}});
}

// Recomputes the priority of an open incident from its model and `criticality`, and with it
// the time-to-triage due instant (an analyst's override, when set, keeps deciding the
// effective priority and so the due time); true when the priority changed.
bool Reprioritise(pqxx::work& work, const std::string& incident_id, Criticality criticality,
                  const store::Actor& actor, TimePoint now) {
  const pqxx::row row = work.exec_prepared1(kModel, incident_id);
  v1::Incident model;
  const pqxx::binarystring bytes(row[0]);
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    throw std::runtime_error("intake.incidents " + incident_id + ": stored model does not parse");
  }
  const Priority priority = ComputePriority(InputsFor(model, criticality));
  if (priority.level == row[1].as<int>() && priority.score == row[2].as<int>()) return false;
  const int effective = row[3].is_null() ? priority.level : row[3].as<int>();
  const TimePoint received{std::chrono::milliseconds{row[4].as<std::int64_t>()}};
  const std::int64_t due = Ms(DueAt(work, received, effective));
  work.exec_prepared0(kSetPriority, incident_id, priority.level, priority.score, due);
  store::AppendAudit(work, actor,
                     store::AuditEvent{"constituency-rematch", incident_id,
                                       "{\"criticality\":\"" +
                                           std::string(CriticalityName(criticality)) +
                                           "\",\"priority\":" + std::to_string(priority.level) +
                                           ",\"score\":" + std::to_string(priority.score) +
                                           ",\"triage_due_at_ms\":" + std::to_string(due) +
                                           ",\"previous_triage_due_at_ms\":" +
                                           row[5].as<std::string>() + "}"},
                     now);
  return true;
}

}  // namespace

void PrepareMatcherStatements(pqxx::connection_base& c) {
  c.prepare(kMatch, kMatchSql);
  c.prepare(kStoreMatches, kStoreMatchesSql);
  c.prepare(kAffected, kAffectedSql);
  c.prepare(kModel, kModelSql);
  c.prepare(kTargets, kTargetsSql);
  c.prepare(kSetPriority, kSetPrioritySql);
  c.prepare(kReadMatches, kReadMatchesSql);
  c.prepare(kReadContacts, kReadContactsSql);
  c.prepare(kKnown, kKnownSql);
}

Criticality MatchIncident(pqxx::work& work, const std::string& incident_id, TimePoint now) {
  PrepareConstituencyStatements(work.conn());
  return MatchAt(work, incident_id, now);
}

int RematchOpen(pqxx::work& work, const Affected& affected, const store::Actor& actor,
                TimePoint now) {
  if (affected.Empty()) return 0;
  PrepareConstituencyStatements(work.conn());
  const pqxx::result open =
      work.exec_prepared(kAffected, TextArray(affected.networks), TextArray(affected.asns),
                         TextArray(affected.reversed_domains), TextArray(affected.handles));
  for (const auto& r : open) {
    const std::string id = r[0].as<std::string>();
    Reprioritise(work, id, MatchAt(work, id, now), actor, now);
  }
  return static_cast<int>(open.size());
}

std::optional<IncidentConstituents> ReadMatches(pqxx::work& work,
                                                const std::string& incident_id) {
  PrepareConstituencyStatements(work.conn());
  const pqxx::result known = work.exec_prepared(kKnown, incident_id);
  if (known.empty()) return std::nullopt;
  IncidentConstituents out;
  out.incident_id = incident_id;
  std::map<std::string, std::size_t> index;
  for (const auto& r : work.exec_prepared(kReadMatches, incident_id)) {
    const std::string handle = r[0].as<std::string>();
    auto [it, inserted] = index.try_emplace(handle, out.organisations.size());
    if (inserted) {
      MatchedOrganisation o;
      o.handle = handle;
      o.name = r[1].as<std::string>();
      o.sector = r[2].as<std::string>();
      o.criticality = CriticalityOf(r[2], r[3]);
      o.specificity = r[8].as<int>();
      out.criticality = MoreCritical(out.criticality, o.criticality);
      out.organisations.push_back(std::move(o));
    }
    out.organisations[it->second].matches.push_back(
        MatchedEntry{r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<std::string>(),
                     r[7].as<std::string>()});
    out.matched_at = TimePoint{std::chrono::milliseconds{r[9].as<std::int64_t>()}};
  }
  if (out.organisations.empty()) return out;
  std::vector<std::string> handles;
  for (const auto& o : out.organisations) handles.push_back(o.handle);
  for (const auto& r : work.exec_prepared(kReadContacts, incident_id, TextArray(handles))) {
    auto& o = out.organisations[index.at(r[0].as<std::string>())];
    o.contacts.push_back(MatchedContact{r[1].as<std::string>(), r[2].as<std::string>(),
                                        r[3].as<std::string>(), r[4].as<std::string>(),
                                        r[5].as<std::string>()});
  }
  return out;
}

}  // namespace ncirt::triage::constituency
