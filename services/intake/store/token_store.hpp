#pragma once
// Where API tokens live (intake.api_tokens), as the logic sees it.
//
// The interface keeps authentication testable without a database (tests/unit/intake has a
// fake); PgTokenStore (pg_token_store.hpp) is the real one. Tokens are identified by the
// SHA-256 of their text (token.hpp); the text itself is never stored.
//
// Thread-safety: implementations must allow concurrent calls.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error/error.hpp"
#include "intake/token.hpp"

namespace ncirt::intake::store {

// What is stored about a token.
struct TokenRecord {
  Principal principal;
  // RFC 3339 UTC; revoked_at empty while the token is valid.
  std::string created_at;
  std::string revoked_at;
};

struct NewTokenRequest {
  TokenDigest digest{};
  std::string submitter;
  Scopes scopes;
  iodef::Policy policy = iodef::Policy::kTolerant;
  v1::Tlp default_tlp = v1::TLP_AMBER;
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;

  // The principal of a valid (not revoked) token with this digest; nullopt when there is none.
  // kUnavailable when the database cannot be asked.
  virtual common::Result<std::optional<Principal>> FindValid(const TokenDigest& digest) = 0;

  // Stores a new token; returns its record (principal.token_id set). Returns after commit.
  virtual common::Result<TokenRecord> Create(const NewTokenRequest& request) = 0;

  // Every token, newest first, revoked ones included.
  virtual common::Result<std::vector<TokenRecord>> List() = 0;

  // Marks a token revoked; kNotFound when no such (unrevoked) token exists.
  virtual common::Result<void> Revoke(std::int64_t token_id) = 0;
};

}  // namespace ncirt::intake::store
