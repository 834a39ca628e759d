#include "intake/store/pg_quarantine_store.hpp"

#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "intake/store/sql_text.hpp"

namespace ncirt::intake::store {
namespace {

constexpr const char* kKeep = "intake_quarantine_keep";
constexpr const char* kKeepSql =
    "INSERT INTO intake.quarantine (submitter, reason, status, detail, problem, media_type, "
    "content, content_size, truncated, request_id) "
    "VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10) RETURNING id";

// Shared by the list and the single-entry read; the list leaves the content out.
#define NCIRT_QUARANTINE_COLUMNS                                                         \
  "id, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "   \
  "submitter, reason, status, detail, problem::text, media_type, content_size, truncated, " \
  "request_id"

constexpr const char* kListAll = "intake_quarantine_list";
constexpr const char* kListAllSql =
    "SELECT " NCIRT_QUARANTINE_COLUMNS " FROM intake.quarantine ORDER BY id DESC LIMIT $1";

constexpr const char* kListBefore = "intake_quarantine_list_before";
constexpr const char* kListBeforeSql =
    "SELECT " NCIRT_QUARANTINE_COLUMNS
    " FROM intake.quarantine WHERE id < $2 ORDER BY id DESC LIMIT $1";

constexpr const char* kGet = "intake_quarantine_get";
constexpr const char* kGetSql =
    "SELECT " NCIRT_QUARANTINE_COLUMNS ", content FROM intake.quarantine WHERE id = $1";

#undef NCIRT_QUARANTINE_COLUMNS

constexpr const char* kPurge = "intake_quarantine_purge";
constexpr const char* kPurgeSql =
    "DELETE FROM intake.quarantine "
    "WHERE received_at < now() - $1::bigint * interval '1 millisecond'";

QuarantineRecord RecordOf(const pqxx::row& row) {
  QuarantineRecord r;
  r.id = row[0].as<std::int64_t>();
  r.received_at = row[1].as<std::string>();
  QuarantineEntry& e = r.entry;
  e.submitter = row[2].as<std::string>();
  e.reason = row[3].as<std::string>();
  e.status = row[4].as<int>();
  e.detail = row[5].as<std::string>();
  e.problem = nlohmann::json::parse(row[6].as<std::string>(), nullptr, false);
  e.media_type = row[7].as<std::string>();
  e.content_size = row[8].as<std::int64_t>();
  e.truncated = row[9].as<bool>();
  e.request_id = row[10].as<std::string>();
  return r;
}

}  // namespace

void PgQuarantineStore::Prepare(pqxx::connection& c) {
  c.prepare(kKeep, kKeepSql);
  c.prepare(kListAll, kListAllSql);
  c.prepare(kListBefore, kListBeforeSql);
  c.prepare(kGet, kGetSql);
  c.prepare(kPurge, kPurgeSql);
}

common::Result<std::int64_t> PgQuarantineStore::Keep(const QuarantineEntry& e) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    return work
        .exec_prepared1(kKeep, SqlText(e.submitter), SqlText(e.reason), e.status,
                        SqlText(e.detail), JsonbText(e.problem), SqlText(e.media_type),
                        pqxx::binarystring(e.content.data(), e.content.size()), e.content_size,
                        e.truncated, SqlText(e.request_id))[0]
        .as<std::int64_t>();
  });
}

common::Result<std::vector<QuarantineRecord>> PgQuarantineStore::List(
    int limit, std::optional<std::int64_t> before_id) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    const pqxx::result rows = before_id ? work.exec_prepared(kListBefore, limit, *before_id)
                                        : work.exec_prepared(kListAll, limit);
    std::vector<QuarantineRecord> records;
    for (const pqxx::row& row : rows) records.push_back(RecordOf(row));
    return records;
  });
}

common::Result<QuarantineRecord> PgQuarantineStore::Get(std::int64_t id) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<QuarantineRecord> {
        const pqxx::result rows = work.exec_prepared(kGet, id);
        if (rows.empty()) {
          return common::Fail(common::ErrorKind::kNotFound,
                              "no quarantine entry with id " + std::to_string(id));
        }
        QuarantineRecord record = RecordOf(rows[0]);
        const pqxx::binarystring content(rows[0][11]);
        record.entry.content = content.str();
        return record;
      });
}

common::Result<std::int64_t> PgQuarantineStore::PurgeOlderThan(std::chrono::milliseconds age) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> std::int64_t {
    return static_cast<std::int64_t>(
        work.exec_prepared(kPurge, static_cast<std::int64_t>(age.count())).affected_rows());
  });
}

}  // namespace ncirt::intake::store
