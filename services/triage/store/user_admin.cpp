// UserStore's administration half (user_store.hpp): listing users and tokens, changing a role,
// disabling a user, revoking a token. Kept apart from the login path, which runs on every
// request, so each file holds one concern.
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "triage/store/user_store.hpp"

namespace ncirt::triage::store {
namespace {

using common::ErrorKind;
using common::Fail;

#define NCIRT_TS_TO_MS(c) "(extract(epoch FROM " c ") * 1000)::bigint"

constexpr const char* kListUsers = "triage_users_list";
constexpr const char* kListUsersSql =
    "SELECT name, role, disabled, " NCIRT_TS_TO_MS("created_at") " FROM triage.users ORDER BY "
    "name";

// Locks the user row, and every admin row, so two concurrent demotions cannot both see
// "another admin remains" and leave none.
constexpr const char* kLockUsers = "triage_users_lock";
constexpr const char* kLockUsersSql =
    "SELECT name, role, disabled, " NCIRT_TS_TO_MS("created_at") " FROM triage.users WHERE "
    "name = $1 OR role = 'admin' ORDER BY name FOR UPDATE";

constexpr const char* kSetRole = "triage_users_set_role";
constexpr const char* kSetRoleSql = "UPDATE triage.users SET role = $2 WHERE name = $1";

constexpr const char* kSetDisabled = "triage_users_set_disabled";
constexpr const char* kSetDisabledSql = "UPDATE triage.users SET disabled = $2 WHERE name = $1";

constexpr const char* kEndSessions = "triage_users_end_sessions";
constexpr const char* kEndSessionsSql = "DELETE FROM triage.sessions WHERE user_name = $1";

constexpr const char* kExpireSessions = "triage_sessions_expire";
constexpr const char* kExpireSessionsSql =
    "DELETE FROM triage.sessions WHERE expires_at <= 'epoch'::timestamptz + $1::bigint * "
    "interval '1 millisecond'";

#define NCIRT_TOKEN_COLUMNS                                                   \
  "id, user_name, label, " NCIRT_TS_TO_MS("created_at") ", " NCIRT_TS_TO_MS( \
      "revoked_at")

constexpr const char* kListTokens = "triage_tokens_list";
constexpr const char* kListTokensSql =
    "SELECT " NCIRT_TOKEN_COLUMNS " FROM triage.api_tokens WHERE $1 = '' OR user_name = $1 "
    "ORDER BY id DESC";

constexpr const char* kRevokeToken = "triage_tokens_revoke";
constexpr const char* kRevokeTokenSql =
    "UPDATE triage.api_tokens SET revoked_at = coalesce(revoked_at, 'epoch'::timestamptz + "
    "$2::bigint * interval '1 millisecond') WHERE id = $1 RETURNING " NCIRT_TOKEN_COLUMNS
    ", (SELECT revoked_at IS NOT NULL FROM triage.api_tokens WHERE id = $1)";

#undef NCIRT_TOKEN_COLUMNS
#undef NCIRT_TS_TO_MS

TimePoint MsToTime(const pqxx::field& field) {
  return TimePoint{std::chrono::milliseconds{field.as<std::int64_t>()}};
}

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }

UserInfo UserFrom(const pqxx::row& r) {
  // The table's CHECK constraint admits only the four role names.
  return UserInfo{r[0].as<std::string>(),
                  auth::ParseRole(r[1].as<std::string>()).value_or(auth::Role::kAuditor),
                  r[2].as<bool>(), MsToTime(r[3])};
}

TokenInfo TokenFrom(const pqxx::row& r) {
  TokenInfo token{r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(),
                  MsToTime(r[3]), std::nullopt};
  if (!r[4].is_null()) token.revoked_at = MsToTime(r[4]);
  return token;
}

bool IsActiveAdmin(const UserInfo& user) {
  return user.role == auth::Role::kAdmin && !user.disabled;
}

// Locks `name` and the admins; the user, or kNotFound / kConflict when after the change
// (`changed` applied to the user) no enabled admin would remain.
template <typename Change>
common::Result<UserInfo> LockAndCheck(pqxx::work& work, const std::string& name,
                                      Change changed) {
  std::optional<UserInfo> user;
  int admins_after = 0;
  for (const auto& r : work.exec_prepared(kLockUsers, name)) {
    UserInfo info = UserFrom(r);
    if (info.name == name) {
      user = info;
      changed(info);
    }
    if (IsActiveAdmin(info)) ++admins_after;
  }
  if (!user) return Fail(ErrorKind::kNotFound, "no user named '" + name + "'", "name");
  if (admins_after == 0) {
    return Fail(ErrorKind::kConflict,
                "'" + name + "' is the last enabled admin; make another admin first", "name");
  }
  return *user;
}

}  // namespace

void PrepareUserAdminStatements(pqxx::connection& connection) {
  connection.prepare(kListUsers, kListUsersSql);
  connection.prepare(kLockUsers, kLockUsersSql);
  connection.prepare(kSetRole, kSetRoleSql);
  connection.prepare(kSetDisabled, kSetDisabledSql);
  connection.prepare(kEndSessions, kEndSessionsSql);
  connection.prepare(kExpireSessions, kExpireSessionsSql);
  connection.prepare(kListTokens, kListTokensSql);
  connection.prepare(kRevokeToken, kRevokeTokenSql);
}

common::Result<std::vector<UserInfo>> UserStore::ListUsers() {
  return common::pg::RunTransaction(pool_, [](pqxx::work& work) {
    std::vector<UserInfo> users;
    for (const auto& r : work.exec_prepared(kListUsers)) users.push_back(UserFrom(r));
    return users;
  });
}

common::Result<UserInfo> UserStore::SetRole(const Actor& actor, const std::string& name,
                                            auth::Role role) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<UserInfo> {
    auto user = LockAndCheck(work, name, [role](UserInfo& u) { u.role = role; });
    if (!user) return user;
    const std::string from(auth::RoleName(user->role));
    const std::string to(auth::RoleName(role));
    work.exec_prepared0(kSetRole, name, to);
    AppendAudit(work, actor,
                AuditEvent{"user-role", "",
                           "{\"name\":\"" + name + "\",\"from\":\"" + from + "\",\"to\":\"" + to +
                               "\"}"},
                clock_.Now());
    user->role = role;
    return user;
  });
}

common::Result<UserInfo> UserStore::SetDisabled(const Actor& actor, const std::string& name,
                                                bool disabled) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<UserInfo> {
    auto user = LockAndCheck(work, name, [disabled](UserInfo& u) { u.disabled = disabled; });
    if (!user) return user;
    work.exec_prepared0(kSetDisabled, name, disabled);
    if (disabled) work.exec_prepared0(kEndSessions, name);
    AppendAudit(work, actor,
                AuditEvent{disabled ? "user-disabled" : "user-enabled", "",
                           "{\"name\":\"" + name + "\"}"},
                clock_.Now());
    user->disabled = disabled;
    return user;
  });
}

common::Result<std::vector<TokenInfo>> UserStore::ListTokens(const std::string& user) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    std::vector<TokenInfo> tokens;
    for (const auto& r : work.exec_prepared(kListTokens, user)) tokens.push_back(TokenFrom(r));
    return tokens;
  });
}

common::Result<TokenInfo> UserStore::RevokeToken(const Actor& actor, std::int64_t id) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<TokenInfo> {
    const TimePoint now = clock_.Now();
    const pqxx::result rows = work.exec_prepared(kRevokeToken, id, Ms(now));
    if (rows.empty()) {
      return Fail(ErrorKind::kNotFound, "no API token with id " + std::to_string(id), "id");
    }
    // The sub-select reads the row as it was before this statement.
    if (rows[0][5].as<bool>()) {
      return Fail(ErrorKind::kConflict, "API token " + std::to_string(id) + " is revoked already",
                  "id");
    }
    TokenInfo token = TokenFrom(rows[0]);
    AppendAudit(work, actor,
                AuditEvent{"token-revoked", "",
                           "{\"id\":" + std::to_string(id) + ",\"user\":\"" + token.user + "\"}"},
                now);
    return token;
  });
}

common::Result<int> UserStore::DeleteExpiredSessions() {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    return static_cast<int>(work.exec_prepared(kExpireSessions, Ms(clock_.Now())).affected_rows());
  });
}

}  // namespace ncirt::triage::store
