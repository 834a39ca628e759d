#include "intake/store/pg_token_store.hpp"

#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "iodef/marking.hpp"

namespace ncirt::intake::store {
namespace {

constexpr const char* kFindToken = "intake_find_valid_token";
constexpr const char* kFindTokenSql =
    "SELECT id, submitter, array_to_string(scopes, ','), policy, default_tlp "
    "FROM intake.api_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL";

constexpr const char* kInsertToken = "intake_insert_token";
constexpr const char* kInsertTokenSql =
    "INSERT INTO intake.api_tokens (token_sha256, submitter, scopes, policy, default_tlp) "
    "VALUES ($1, $2, string_to_array($3, ','), $4, $5) "
    "RETURNING id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

constexpr const char* kListTokens = "intake_list_tokens";
constexpr const char* kListTokensSql =
    "SELECT id, submitter, array_to_string(scopes, ','), policy, default_tlp, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "coalesce(to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') "
    "FROM intake.api_tokens ORDER BY id DESC";

constexpr const char* kRevokeToken = "intake_revoke_token";
constexpr const char* kRevokeTokenSql =
    "UPDATE intake.api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL";

std::string ScopeList(const Scopes& scopes) {
  std::string out;
  for (const auto& name : scopes.Names()) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

// The columns id, submitter, scopes, policy, default_tlp (the table's CHECKs guarantee them).
Principal PrincipalOf(const pqxx::row& row) {
  Principal p;
  p.token_id = row[0].as<std::int64_t>();
  p.submitter = row[1].as<std::string>();
  p.scopes = ParseScopes(row[2].as<std::string>()).value_or(Scopes{});
  p.policy = iodef::ParsePolicy(row[3].as<std::string>()).value_or(iodef::Policy::kStrict);
  p.default_tlp = iodef::ParseTlp(row[4].as<std::string>()).value_or(v1::TLP_RED);
  return p;
}

pqxx::binarystring Bytes(const TokenDigest& digest) {
  return pqxx::binarystring(digest.data(), digest.size());
}

}  // namespace

void PgTokenStore::Prepare(pqxx::connection& c) {
  c.prepare(kFindToken, kFindTokenSql);
  c.prepare(kInsertToken, kInsertTokenSql);
  c.prepare(kListTokens, kListTokensSql);
  c.prepare(kRevokeToken, kRevokeTokenSql);
}

common::Result<std::optional<Principal>> PgTokenStore::FindValid(const TokenDigest& digest) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> std::optional<Principal> {
    const pqxx::result rows = work.exec_prepared(kFindToken, Bytes(digest));
    if (rows.empty()) return std::nullopt;
    return PrincipalOf(rows[0]);
  });
}

common::Result<TokenRecord> PgTokenStore::Create(const NewTokenRequest& request) {
  if (request.submitter.empty() || request.scopes.empty()) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "a token needs a submitter name and at least one scope");
  }
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> TokenRecord {
    const pqxx::row row = work.exec_prepared1(
        kInsertToken, Bytes(request.digest), request.submitter, ScopeList(request.scopes),
        std::string(iodef::PolicyName(request.policy)),
        std::string(iodef::TlpName(request.default_tlp)));
    TokenRecord record;
    record.principal = Principal{row[0].as<std::int64_t>(), request.submitter, request.scopes,
                                 request.policy, request.default_tlp};
    record.created_at = row[1].as<std::string>();
    return record;
  });
}

common::Result<std::vector<TokenRecord>> PgTokenStore::List() {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    std::vector<TokenRecord> records;
    for (const pqxx::row& row : work.exec_prepared(kListTokens)) {
      records.push_back(
          TokenRecord{PrincipalOf(row), row[5].as<std::string>(), row[6].as<std::string>()});
    }
    return records;
  });
}

common::Result<void> PgTokenStore::Revoke(std::int64_t token_id) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<void> {
    if (work.exec_prepared(kRevokeToken, token_id).affected_rows() == 0) {
      return common::Fail(common::ErrorKind::kNotFound,
                          "no valid token with id " + std::to_string(token_id));
    }
    return {};
  });
}

}  // namespace ncirt::intake::store
