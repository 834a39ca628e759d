#include "triage/store/user_store.hpp"

#include <algorithm>

#include <pqxx/binarystring>
#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"

namespace ncirt::triage::store {
namespace {

using common::ErrorKind;
using common::Fail;

#define NCIRT_MS_TO_TS(n) "('epoch'::timestamptz + " n "::bigint * interval '1 millisecond')"
#define NCIRT_TS_TO_MS(c) "(extract(epoch FROM " c ") * 1000)::bigint"

constexpr const char* kInsertUser = "triage_user_insert";
constexpr const char* kInsertUserSql =
    "INSERT INTO triage.users (name, role, password_hash) VALUES ($1, $2, $3) "
    "ON CONFLICT (name) DO NOTHING";

constexpr const char* kFindUser = "triage_user_find";
constexpr const char* kFindUserSql =
    "SELECT name, role, password_hash, disabled FROM triage.users WHERE name = $1";

constexpr const char* kFailures = "triage_login_failures";
constexpr const char* kFailuresSql =
    "SELECT (SELECT count(*) FROM triage.login_failures WHERE user_name = $1 AND at >= "
    NCIRT_MS_TO_TS("$3") "), (SELECT count(*) FROM triage.login_failures WHERE remote = $2 AND "
    "at >= " NCIRT_MS_TO_TS("$3") ")";

constexpr const char* kAddFailure = "triage_login_failure_add";
constexpr const char* kAddFailureSql =
    "INSERT INTO triage.login_failures (user_name, remote, at) VALUES ($1, $2, "
    NCIRT_MS_TO_TS("$3") ")";

constexpr const char* kForgetFailures = "triage_login_failures_forget";
constexpr const char* kForgetFailuresSql =
    "DELETE FROM triage.login_failures WHERE at < " NCIRT_MS_TO_TS("$1");

constexpr const char* kInsertSession = "triage_session_insert";
constexpr const char* kInsertSessionSql =
    "INSERT INTO triage.sessions (id_sha256, user_name, csrf_sha256, created_at, expires_at) "
    "VALUES ($1, $2, $3, " NCIRT_MS_TO_TS("$4") ", " NCIRT_MS_TO_TS("$5") ")";

constexpr const char* kFindSession = "triage_session_find";
constexpr const char* kFindSessionSql =
    "SELECT u.name, u.role, s.csrf_sha256, " NCIRT_TS_TO_MS("s.expires_at")
    " FROM triage.sessions s JOIN triage.users u ON "
    "u.name = s.user_name WHERE s.id_sha256 = $1 AND s.expires_at > " NCIRT_MS_TO_TS("$2")
    " AND NOT u.disabled";

constexpr const char* kDeleteSession = "triage_session_delete";
constexpr const char* kDeleteSessionSql = "DELETE FROM triage.sessions WHERE id_sha256 = $1";

constexpr const char* kInsertToken = "triage_token_insert";
constexpr const char* kInsertTokenSql =
    "INSERT INTO triage.api_tokens (token_sha256, user_name, label) "
    "SELECT $1, name, $3 FROM triage.users WHERE name = $2";

constexpr const char* kFindToken = "triage_token_find";
constexpr const char* kFindTokenSql =
    "SELECT u.name, u.role FROM triage.api_tokens t JOIN triage.users u ON u.name = t.user_name "
    "WHERE t.token_sha256 = $1 AND t.revoked_at IS NULL AND NOT u.disabled";

#undef NCIRT_MS_TO_TS
#undef NCIRT_TS_TO_MS

pqxx::binarystring Bytes(const auth::SecretDigest& digest) {
  return pqxx::binarystring(std::string(digest.begin(), digest.end()));
}

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }

auth::Role RoleFrom(const pqxx::field& field) {
  // The table's CHECK constraint admits only the four role names.
  return auth::ParseRole(field.as<std::string>()).value_or(auth::Role::kAuditor);
}

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    (i > 0 && (c == '.' || c == '_' || c == '-'));
    if (!ok) return false;
  }
  return true;
}

}  // namespace

void PrepareUserStatements(pqxx::connection& connection) {
  connection.prepare(kInsertUser, kInsertUserSql);
  connection.prepare(kFindUser, kFindUserSql);
  connection.prepare(kFailures, kFailuresSql);
  connection.prepare(kAddFailure, kAddFailureSql);
  connection.prepare(kForgetFailures, kForgetFailuresSql);
  connection.prepare(kInsertSession, kInsertSessionSql);
  connection.prepare(kFindSession, kFindSessionSql);
  connection.prepare(kDeleteSession, kDeleteSessionSql);
  connection.prepare(kInsertToken, kInsertTokenSql);
  connection.prepare(kFindToken, kFindTokenSql);
  PrepareUserAdminStatements(connection);
}

UserStore::UserStore(common::pg::Pool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

common::Result<void> UserStore::CreateUser(const Actor& actor, const std::string& name,
                                           auth::Role role, const std::string& password_hash) {
  if (!ValidName(name)) {
    return Fail(ErrorKind::kBadRequest,
                "user names are 1 to 64 characters: a-z, 0-9, and . _ - after the first",
                "name");
  }
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<void> {
    const pqxx::result inserted =
        work.exec_prepared(kInsertUser, name, std::string(auth::RoleName(role)), password_hash);
    if (inserted.affected_rows() == 0) {
      return Fail(ErrorKind::kDuplicate, "a user named '" + name + "' exists already", "name");
    }
    AppendAudit(work, actor,
                AuditEvent{"user-created", "",
                           "{\"name\":\"" + name + "\",\"role\":\"" +
                               std::string(auth::RoleName(role)) + "\"}"},
                clock_.Now());
    return {};
  });
}

common::Result<bool> UserStore::EnsureBootstrapAdmin(const std::string& name,
                                                     const std::string& password_hash) {
  auto created = CreateUser(Actor{"system", "system"}, name, auth::Role::kAdmin, password_hash);
  if (created) return true;
  if (created.error().kind == ErrorKind::kDuplicate) return false;
  return std::unexpected(created.error());
}

common::Result<std::optional<UserRecord>> UserStore::FindUser(const std::string& name) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> std::optional<UserRecord> {
    const pqxx::result rows = work.exec_prepared(kFindUser, name);
    if (rows.empty()) return std::nullopt;
    return UserRecord{rows[0][0].as<std::string>(), RoleFrom(rows[0][1]),
                      rows[0][2].as<std::string>(), rows[0][3].as<bool>()};
  });
}

common::Result<std::pair<std::int64_t, std::int64_t>> UserStore::RecentFailures(
    const std::string& name, const std::string& remote, TimePoint since) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    const pqxx::row row = work.exec_prepared1(kFailures, name, remote, Ms(since));
    return std::pair{row[0].as<std::int64_t>(), row[1].as<std::int64_t>()};
  });
}

common::Result<void> UserStore::RecordFailure(const std::string& name, const std::string& remote,
                                              TimePoint forget_before) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    work.exec_prepared(kForgetFailures, Ms(forget_before));
    work.exec_prepared0(kAddFailure, name, remote, Ms(clock_.Now()));
    AppendAudit(work, Actor{name, remote}, AuditEvent{"login-failed", "", "{}"}, clock_.Now());
  });
}

common::Result<void> UserStore::CreateSession(const Actor& actor,
                                              const auth::SecretDigest& session,
                                              const auth::SecretDigest& csrf,
                                              TimePoint expires) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    const TimePoint now = clock_.Now();
    work.exec_prepared0(kInsertSession, Bytes(session), actor.name, Bytes(csrf), Ms(now),
                        Ms(expires));
    AppendAudit(work, actor, AuditEvent{"login", "", "{}"}, now);
  });
}

common::Result<std::optional<Principal>> UserStore::FindSession(
    const auth::SecretDigest& session) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> std::optional<Principal> {
    const pqxx::result rows = work.exec_prepared(kFindSession, Bytes(session), Ms(clock_.Now()));
    if (rows.empty()) return std::nullopt;
    Principal principal{rows[0][0].as<std::string>(), RoleFrom(rows[0][1]), std::nullopt,
                        std::nullopt};
    const pqxx::binarystring csrf(rows[0][2]);
    auth::SecretDigest digest{};
    std::copy_n(csrf.data(), std::min(csrf.size(), digest.size()), digest.begin());
    principal.csrf = digest;
    principal.session_expires = TimePoint{std::chrono::milliseconds{rows[0][3].as<std::int64_t>()}};
    return principal;
  });
}

common::Result<void> UserStore::DeleteSession(const Actor& actor,
                                              const auth::SecretDigest& session) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    work.exec_prepared(kDeleteSession, Bytes(session));
    AppendAudit(work, actor, AuditEvent{"logout", "", "{}"}, clock_.Now());
  });
}

common::Result<void> UserStore::CreateApiToken(const Actor& actor, const std::string& user,
                                               const std::string& label,
                                               const auth::SecretDigest& token) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<void> {
    const pqxx::result inserted = work.exec_prepared(kInsertToken, Bytes(token), user, label);
    if (inserted.affected_rows() == 0) {
      return Fail(ErrorKind::kNotFound, "no user named '" + user + "'", "user");
    }
    AppendAudit(work, actor, AuditEvent{"token-created", "", "{\"user\":\"" + user + "\"}"},
                clock_.Now());
    return {};
  });
}

common::Result<std::optional<Principal>> UserStore::FindApiToken(
    const auth::SecretDigest& token) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> std::optional<Principal> {
    const pqxx::result rows = work.exec_prepared(kFindToken, Bytes(token));
    if (rows.empty()) return std::nullopt;
    return Principal{rows[0][0].as<std::string>(), RoleFrom(rows[0][1]), std::nullopt,
                     std::nullopt};
  });
}

}  // namespace ncirt::triage::store
