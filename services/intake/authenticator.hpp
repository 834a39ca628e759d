#pragma once
// Turns a request's Authorization header into a Principal, and checks scopes.
//
// Looking a token up costs a database round trip; a sensor that submits many documents on one
// connection would pay it on every request. The authenticator therefore remembers valid tokens
// for `cache_ttl` (a revoked token keeps working for at most that long on an instance that saw
// it recently; docs/api.md says so). Invalid tokens are not remembered: a bad token costs a
// lookup each time, bounded like any request by the server's in-flight limit. Malformed tokens
// are refused without a lookup.
//
// The clock is injected so tests can move time.
//
// Thread-safety: Authenticate() may be called from any thread (the cache is mutex-guarded);
// the TokenStore must allow concurrent calls.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>

#include "common/error/error.hpp"
#include "intake/store/token_store.hpp"
#include "intake/token.hpp"

namespace ncirt::intake {

using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

struct AuthenticatorOptions {
  std::chrono::milliseconds cache_ttl{30'000};
  // Beyond this many remembered tokens the cache is emptied and refills (cheap and bounded).
  std::size_t cache_capacity = 10'000;
  // Empty: std::chrono::steady_clock::now.
  SteadyClock clock;
};

class Authenticator {
 public:
  // `store` must outlive the authenticator.
  Authenticator(store::TokenStore& store, AuthenticatorOptions options);

  // The caller of a request with this Authorization header value (empty when absent).
  // kUnauthenticated: no, malformed, unknown or revoked token (one message for the last two, so
  // a prober learns nothing); kUnavailable: the token store cannot be asked.
  common::Result<Principal> Authenticate(std::string_view authorization);

 private:
  struct Cached {
    Principal principal;
    std::chrono::steady_clock::time_point expires;
  };
  std::chrono::steady_clock::time_point Now() const;

  store::TokenStore& store_;
  const AuthenticatorOptions options_;
  std::mutex mutex_;
  std::map<TokenDigest, Cached> cache_;  // GUARDED_BY(mutex_)
};

// kForbidden naming the missing scope unless `principal` has it.
common::Result<void> RequireScope(const Principal& principal, Scope scope);

}  // namespace ncirt::intake
