#pragma once
// Login and logout (docs/api.md). Login checks the rate limit first (auth/login_limiter.hpp,
// without hashing anything when refused), then the argon2id password; on success it creates a
// session and answers with the session cookie (HttpOnly, Secure, SameSite=Strict) and, in the
// body, the CSRF token the console sends back in X-CSRF-Token. A wrong name and a wrong
// password get the same answer after the same work (one argon2id verification each), so
// neither the answer nor its timing tells whether a name exists.
//
// Thread-safety: the handlers hold references to thread-safe stores and a clock.

#include <chrono>
#include <string>

#include "triage/auth/login_limiter.hpp"
#include "triage/clock.hpp"
#include "triage/routes.hpp"
#include "triage/store/user_store.hpp"

namespace ncirt::triage::handlers {

struct SessionOptions {
  std::chrono::milliseconds ttl{8LL * 3600 * 1000};
  auth::LoginLimits limits;
  // An argon2id hash of a random secret, made with the same cost as users' hashes: verified
  // when the name is unknown or disabled, so every failed login costs the same.
  std::string decoy_hash;
};

// POST /v1/session {"name", "password"} -> 200 {"name", "role", "csrf_token"} + Set-Cookie.
RouteHandler Login(store::UserStore& users, const Clock& clock, SessionOptions options);
// DELETE /v1/session -> 204 and a cookie that expires at once.
RouteHandler Logout(store::UserStore& users);

}  // namespace ncirt::triage::handlers
