#pragma once
// TokenStore on PostgreSQL (intake.api_tokens, migration 0002). Every SQL statement about tokens
// is in pg_token_store.cpp, prepared per connection under a stable `intake_*` name.
//
// Thread-safety: safe for concurrent use (each call borrows its own connection).

#include <pqxx/connection>

#include "common/pg/pool.hpp"
#include "intake/store/token_store.hpp"

namespace ncirt::intake::store {

class PgTokenStore final : public TokenStore {
 public:
  // `pool` must outlive the store; its connections must be prepared with Prepare().
  explicit PgTokenStore(common::pg::Pool& pool) : pool_(pool) {}

  static void Prepare(pqxx::connection& connection);

  common::Result<std::optional<Principal>> FindValid(const TokenDigest& digest) override;
  common::Result<TokenRecord> Create(const NewTokenRequest& request) override;
  common::Result<std::vector<TokenRecord>> List() override;
  common::Result<void> Revoke(std::int64_t token_id) override;

 private:
  common::pg::Pool& pool_;
};

}  // namespace ncirt::intake::store
