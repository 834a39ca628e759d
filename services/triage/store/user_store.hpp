#pragma once
// Users, sessions, API tokens and failed logins of triage in PostgreSQL (triage.users,
// triage.sessions, triage.api_tokens, triage.login_failures).
// Secrets are looked up by their SHA-256 (auth/secret.hpp); passwords are argon2id strings
// (auth/password.hpp) that this store only keeps. Creating users and tokens, logging in and
// out append audit rows in the same transaction.
//
// Thread-safety: one instance may be shared by all threads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "triage/auth/roles.hpp"
#include "triage/auth/secret.hpp"
#include "triage/clock.hpp"
#include "triage/store/audit_log.hpp"

namespace ncirt::triage::store {

struct UserRecord {
  std::string name;
  auth::Role role = auth::Role::kAnalyst;
  std::string password_hash;
  bool disabled = false;
};

// Who a session or token acts for; csrf and session_expires are set for sessions only.
struct Principal {
  std::string name;
  auth::Role role = auth::Role::kAnalyst;
  std::optional<auth::SecretDigest> csrf;
  std::optional<TimePoint> session_expires;
};

// A user as an admin sees it (never the password hash).
struct UserInfo {
  std::string name;
  auth::Role role = auth::Role::kAnalyst;
  bool disabled = false;
  TimePoint created_at;
};

// An API token as an admin sees it (never the token: only its digest is stored).
struct TokenInfo {
  std::int64_t id = 0;
  std::string user;
  std::string label;
  TimePoint created_at;
  std::optional<TimePoint> revoked_at;
};

// Prepares this store's statements (including user_admin.cpp's, PrepareUserAdminStatements).
void PrepareUserStatements(pqxx::connection& connection);
void PrepareUserAdminStatements(pqxx::connection& connection);

class UserStore {
 public:
  UserStore(common::pg::Pool& pool, const Clock& clock);

  // kDuplicate when the name is taken; kBadRequest for a name the table refuses.
  common::Result<void> CreateUser(const Actor& actor, const std::string& name, auth::Role role,
                                  const std::string& password_hash);
  // Creates the admin `name` unless a user of that name exists; true when it created it.
  common::Result<bool> EnsureBootstrapAdmin(const std::string& name,
                                            const std::string& password_hash);
  common::Result<std::optional<UserRecord>> FindUser(const std::string& name);

  // Failed logins since `since` for the name and for the address.
  common::Result<std::pair<std::int64_t, std::int64_t>> RecentFailures(
      const std::string& name, const std::string& remote, TimePoint since);
  // Records a failure and deletes failures older than `forget_before`.
  common::Result<void> RecordFailure(const std::string& name, const std::string& remote,
                                     TimePoint forget_before);

  // Stores a session (digests only) expiring at `expires`; audits the login.
  common::Result<void> CreateSession(const Actor& actor, const auth::SecretDigest& session,
                                     const auth::SecretDigest& csrf, TimePoint expires);
  // The session's user if it exists, has not expired and the user is not disabled.
  common::Result<std::optional<Principal>> FindSession(const auth::SecretDigest& session);
  // Ends the session; audits the logout.
  common::Result<void> DeleteSession(const Actor& actor, const auth::SecretDigest& session);

  // Stores an API token for `user` (digest only); audits it. kNotFound for an unknown user.
  common::Result<void> CreateApiToken(const Actor& actor, const std::string& user,
                                      const std::string& label,
                                      const auth::SecretDigest& token);
  // The token's user if the token exists, is not revoked and the user is not disabled.
  common::Result<std::optional<Principal>> FindApiToken(const auth::SecretDigest& token);

  // Administration (user_admin.cpp). Every change is audited in its transaction.
  common::Result<std::vector<UserInfo>> ListUsers();
  // kNotFound for an unknown user; kConflict when it would leave no enabled admin.
  common::Result<UserInfo> SetRole(const Actor& actor, const std::string& name, auth::Role role);
  // Disabling ends the user's sessions in the same transaction; tokens and any session still
  // presented are refused from the commit on, because every request's credential lookup
  // checks the flag. kNotFound for an unknown user; kConflict when it would leave no enabled
  // admin.
  common::Result<UserInfo> SetDisabled(const Actor& actor, const std::string& name,
                                       bool disabled);
  // All tokens, or only `user`'s when it is not empty; newest first.
  common::Result<std::vector<TokenInfo>> ListTokens(const std::string& user);
  // kNotFound for an unknown id; kConflict when it is revoked already.
  common::Result<TokenInfo> RevokeToken(const Actor& actor, std::int64_t id);
  // Deletes sessions past their expiry; returns how many.
  common::Result<int> DeleteExpiredSessions();

 private:
  common::pg::Pool& pool_;
  const Clock& clock_;
};

}  // namespace ncirt::triage::store
