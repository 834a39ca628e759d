#include "triage/store/detail_store.hpp"

#include <stdexcept>

#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "triage/store/entry_rows.hpp"

namespace ncirt::triage::store {
namespace {

using common::ErrorKind;

#define NCIRT_TS_TO_MS(c) "(extract(epoch FROM " c ") * 1000)::bigint"

constexpr const char* kEntry = "triage_detail_entry";
const std::string kEntrySql =
    std::string("SELECT ") + kEntryColumns + " FROM triage.incidents WHERE incident_id = $1::uuid";

constexpr const char* kIntake = "triage_detail_intake";
constexpr const char* kIntakeSql =
    "SELECT iodef_id, iodef_name, purpose, " NCIRT_TS_TO_MS("generation_time") ", "
    NCIRT_TS_TO_MS("report_time") ", " NCIRT_TS_TO_MS("detect_time") ", "
    NCIRT_TS_TO_MS("start_time") ", " NCIRT_TS_TO_MS("end_time") ", warning_count, model, "
    "version, tlp, submitter, " NCIRT_TS_TO_MS("updated_at") " FROM intake.incidents "
    "WHERE id = $1::uuid";

constexpr const char* kIndicators = "triage_detail_indicators";
constexpr const char* kIndicatorsSql =
    "SELECT kind, value, hash_algorithm, role FROM intake.indicators WHERE incident_id = "
    "$1::uuid ORDER BY kind, value LIMIT $2";

constexpr const char* kVersions = "triage_detail_versions";
constexpr const char* kVersionsSql =
    "SELECT version, tlp, submitter, " NCIRT_TS_TO_MS("recorded_at")
    " FROM intake.incident_history WHERE incident_id = $1::uuid ORDER BY version";

// Chained records first (by seq), then those still pending (by id): together, oldest first.
constexpr const char* kHistory = "triage_detail_history";
constexpr const char* kHistorySql =
    "SELECT seq, (extract(epoch FROM at) * 1000000)::bigint, actor, origin, action, detail FROM "
    "(SELECT 0 AS part, seq, seq AS ord, at, actor, origin, action, detail FROM audit.log "
    "WHERE subject = $1 UNION ALL SELECT 1, NULL, id, at, actor, origin, action, detail FROM "
    "audit.pending WHERE subject = $1) h ORDER BY part, ord";

constexpr const char* kTargets = "triage_detail_targets";
constexpr const char* kTargetsSql =
    "SELECT time_to_triage_s, time_to_resolve_s FROM triage.sla_targets WHERE priority = $1";

#undef NCIRT_TS_TO_MS

TimePoint MsToTime(const pqxx::field& field) {
  return TimePoint{std::chrono::milliseconds{field.as<std::int64_t>()}};
}

std::optional<TimePoint> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return MsToTime(field);
}

bool IsRestricted(std::string_view tlp) {
  return tlp == "AMBER" || tlp == "AMBER+STRICT" || tlp == "RED";
}

void ReadIntake(pqxx::work& work, const std::string& id, IncidentDetail& d) {
  const pqxx::row r = work.exec_prepared1(kIntake, id);
  d.iodef_id = r[0].as<std::string>();
  d.iodef_name = r[1].as<std::string>();
  d.purpose = r[2].as<std::string>();
  d.generation_time = OptionalTime(r[3]);
  d.report_time = OptionalTime(r[4]);
  d.detect_time = OptionalTime(r[5]);
  d.start_time = OptionalTime(r[6]);
  d.end_time = OptionalTime(r[7]);
  d.warning_count = r[8].as<int>();
  const pqxx::binarystring bytes(r[9]);
  // A model intake stored but that does not parse is a broken invariant, not bad input.
  if (!d.model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    throw std::runtime_error("intake.incidents " + id + ": stored model does not parse");
  }
  // The history table holds the superseded versions; the current one is the incident row.
  for (const auto& v : work.exec_prepared(kVersions, id)) {
    d.versions.push_back(IntakeVersion{v[0].as<int>(), v[1].as<std::string>(),
                                       v[2].as<std::string>(), MsToTime(v[3])});
  }
  d.versions.push_back(IntakeVersion{r[10].as<int>(), r[11].as<std::string>(),
                                     r[12].as<std::string>(), MsToTime(r[13])});
}

void ReadIndicators(pqxx::work& work, const std::string& id, IncidentDetail& d) {
  const int limit = DetailStore::kMaxIndicators;
  for (const auto& r : work.exec_prepared(kIndicators, id, limit + 1)) {
    if (static_cast<int>(d.indicators.size()) == limit) {
      d.indicators_truncated = true;
      break;
    }
    d.indicators.push_back(IndicatorRow{r[0].as<std::string>(), r[1].as<std::string>(),
                                        r[2].as<std::string>(), r[3].as<std::string>()});
  }
}

void ReadHistory(pqxx::work& work, const std::string& id, IncidentDetail& d) {
  for (const auto& r : work.exec_prepared(kHistory, id)) {
    HistoryEvent e;
    if (!r[0].is_null()) e.seq = r[0].as<std::int64_t>();
    e.at_us = r[1].as<std::int64_t>();
    e.actor = r[2].as<std::string>();
    e.origin = r[3].as<std::string>();
    e.action = r[4].as<std::string>();
    e.detail = r[5].as<std::string>();
    d.history.push_back(std::move(e));
  }
}

}  // namespace

void PrepareDetailStatements(pqxx::connection& connection) {
  connection.prepare(kEntry, kEntrySql);
  connection.prepare(kIntake, kIntakeSql);
  connection.prepare(kIndicators, kIndicatorsSql);
  connection.prepare(kVersions, kVersionsSql);
  connection.prepare(kHistory, kHistorySql);
  connection.prepare(kTargets, kTargetsSql);
}

DetailStore::DetailStore(common::pg::Pool& pool, const Clock& clock)
    : pool_(pool), clock_(clock) {}

common::Result<IncidentDetail> DetailStore::Read(const Actor& actor,
                                                 const std::string& incident_id) {
  if (auto valid = CheckIncidentId(incident_id); !valid) return std::unexpected(valid.error());
  return common::pg::RunTransaction(
      pool_, common::pg::Isolation::kRepeatableRead,
      [&](pqxx::work& work) -> common::Result<IncidentDetail> {
        const pqxx::result rows = work.exec_prepared(kEntry, incident_id);
        if (rows.empty()) {
          return common::Fail(ErrorKind::kNotFound, "triage has no incident " + incident_id,
                              "incident_id");
        }
        const TimePoint now = clock_.Now();
        IncidentDetail d;
        d.entry = EntryFromRow(rows[0]);
        // The read is recorded first, so the history the reader gets includes it.
        if (IsRestricted(d.entry.tlp)) {
          AppendAudit(work, actor,
                      AuditEvent{"read", incident_id, "{\"tlp\":\"" + d.entry.tlp + "\"}"}, now);
        }
        const pqxx::row targets = work.exec_prepared1(kTargets, d.entry.EffectivePriority());
        d.targets = SlaTargets{std::chrono::seconds{targets[0].as<int>()},
                               std::chrono::seconds{targets[1].as<int>()}};
        d.sla = EvaluateSla(d.entry.state, d.entry.sla, d.targets, now);
        ReadIntake(work, incident_id, d);
        ReadIndicators(work, incident_id, d);
        d.comments = ReadComments(work, incident_id);
        d.links = ReadLinks(work, incident_id);
        ReadHistory(work, incident_id, d);
        return d;
      });
}

}  // namespace ncirt::triage::store
