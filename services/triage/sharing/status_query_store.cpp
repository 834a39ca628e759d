#include "triage/sharing/status_query_store.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "intake/uuid.hpp"

namespace ncirt::triage::sharing {
namespace {

constexpr const char* kIncident = "status_query_incident_exists";
constexpr const char* kPartner = "status_query_partner";
constexpr const char* kInsert = "status_query_insert";
constexpr const char* kList = "status_query_list";
constexpr const char* kGet = "status_query_get";

constexpr const char* kUtc = "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'";

std::string Utc(const std::string& column) {
  return "coalesce(to_char(" + column + " AT TIME ZONE 'UTC', " + kUtc + "), '')";
}

std::string Columns() {
  return "SELECT q.id, q.incident_id::text, p.name, q.asked_by, " + Utc("q.asked_at") +
         ", q.state, q.attempts, q.last_error, q.receiver_incident_id, q.partner_state, "
         "q.partner_version, " +
         Utc("q.partner_updated_at") + ", q.failure_reason, q.failure_detail, " +
         Utc("q.answered_at") +
         " FROM exchange.status_queries q JOIN exchange.partners p ON p.id = q.partner_id ";
}

StatusQuestion FromRow(const pqxx::row& row) {
  return StatusQuestion{.id = row[0].as<std::int64_t>(),
                        .incident_id = row[1].as<std::string>(),
                        .partner = row[2].as<std::string>(),
                        .asked_by = row[3].as<std::string>(),
                        .asked_at = row[4].as<std::string>(),
                        .state = row[5].as<std::string>(),
                        .attempts = row[6].as<int>(),
                        .last_error = row[7].as<std::string>(),
                        .receiver_incident_id = row[8].as<std::string>(),
                        .partner_state = row[9].as<std::string>(),
                        .partner_version = row[10].as<std::uint64_t>(),
                        .partner_updated_at = row[11].as<std::string>(),
                        .failure_reason = row[12].as<std::string>(),
                        .failure_detail = row[13].as<std::string>(),
                        .answered_at = row[14].as<std::string>()};
}

common::Error NoIncident(const std::string& id) {
  return {common::ErrorKind::kNotFound, "no incident with id '" + id + "'", "id"};
}

std::int64_t EpochMs(TimePoint at) { return at.time_since_epoch().count(); }

}  // namespace

void PrepareStatusQueryStatements(pqxx::connection& c) {
  c.prepare(kIncident, "SELECT 1 FROM intake.incidents WHERE id = $1");
  // FOR SHARE: a concurrent disabling waits for this question to commit (and its trigger then
  // fails it, migration "exchange_status_queries_partner_disabled"), or this waits for the
  // disabling and sees the partner disabled; a question never stays pending for a partner
  // nobody will ask.
  c.prepare(kPartner,
            "SELECT p.id, p.enabled, EXISTS (SELECT 1 FROM exchange.outbox o "
            "WHERE o.partner_id = p.id AND o.incident_id = $1 AND o.state = 'delivered') "
            "FROM exchange.partners p WHERE p.name = $2 FOR SHARE OF p");
  c.prepare(kInsert,
            "INSERT INTO exchange.status_queries (incident_id, partner_id, asked_by, asked_at) "
            "VALUES ($1, $2, $3, to_timestamp($4::bigint / 1000.0)) RETURNING id");
  c.prepare(kList, Columns() + "WHERE q.incident_id = $1 ORDER BY q.id DESC");
  c.prepare(kGet, Columns() + "WHERE q.incident_id = $1 AND q.id = $2");
}

common::Result<StatusQuestion> StatusQueryStore::Ask(const store::Actor& actor,
                                                     const std::string& incident_id,
                                                     const std::string& partner_name) {
  if (!intake::IsUuid(incident_id)) return std::unexpected(NoIncident(incident_id));
  const TimePoint now = clock_.Now();
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<StatusQuestion> {
        if (work.exec_prepared(kIncident, incident_id).empty()) {
          return std::unexpected(NoIncident(incident_id));
        }
        const pqxx::result partner = work.exec_prepared(kPartner, incident_id, partner_name);
        if (partner.empty()) {
          return common::Fail(common::ErrorKind::kNotFound,
                              "no partner named '" + partner_name + "'", "partner");
        }
        if (!partner[0][1].as<bool>()) {
          return common::Fail(common::ErrorKind::kConflict,
                              "partner '" + partner_name +
                                  "' is disabled: there is no connection to ask it over; "
                                  "enable it first",
                              "partner");
        }
        if (!partner[0][2].as<bool>()) {
          return common::Fail(common::ErrorKind::kConflict,
                              "incident " + incident_id + " was never delivered to partner '" +
                                  partner_name +
                                  "' (no version acknowledged): it has nothing to report; "
                                  "share it first, or wait until the share is delivered",
                              "partner");
        }
        const auto partner_id = partner[0][0].as<std::int64_t>();
        const auto id = work.exec_prepared1(kInsert, incident_id, partner_id, actor.name,
                                            EpochMs(now))[0]
                            .as<std::int64_t>();
        store::AppendAudit(work, actor,
                           store::AuditEvent{"incident.status_query", incident_id,
                                             nlohmann::json{{"partner", partner_name},
                                                            {"question_id", id}}
                                                 .dump()},
                           now);
        return FromRow(work.exec_prepared1(kGet, incident_id, id));
      });
}

common::Result<std::vector<StatusQuestion>> StatusQueryStore::List(
    const std::string& incident_id) {
  if (!intake::IsUuid(incident_id)) return std::unexpected(NoIncident(incident_id));
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<std::vector<StatusQuestion>> {
        if (work.exec_prepared(kIncident, incident_id).empty()) {
          return std::unexpected(NoIncident(incident_id));
        }
        std::vector<StatusQuestion> out;
        for (const pqxx::row& row : work.exec_prepared(kList, incident_id)) {
          out.push_back(FromRow(row));
        }
        return out;
      });
}

common::Result<StatusQuestion> StatusQueryStore::Get(const std::string& incident_id,
                                                     std::int64_t id) {
  if (!intake::IsUuid(incident_id)) return std::unexpected(NoIncident(incident_id));
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<StatusQuestion> {
        const pqxx::result row = work.exec_prepared(kGet, incident_id, id);
        if (row.empty()) {
          return common::Fail(common::ErrorKind::kNotFound,
                              "incident " + incident_id + " has no status question " +
                                  std::to_string(id),
                              "question");
        }
        return FromRow(row[0]);
      });
}

}  // namespace ncirt::triage::sharing
