#include "intake/authenticator.hpp"

#include <string>

namespace ncirt::intake {

Authenticator::Authenticator(store::TokenStore& store, AuthenticatorOptions options)
    : store_(store), options_(std::move(options)) {}

std::chrono::steady_clock::time_point Authenticator::Now() const {
  return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

common::Result<Principal> Authenticator::Authenticate(std::string_view authorization) {
  auto token = BearerToken(authorization);
  if (!token) return std::unexpected(std::move(token.error()));
  const auto refused = [] {
    return common::Fail(common::ErrorKind::kUnauthenticated,
                        "the API token is not valid (unknown or revoked); ask the CIRT for one");
  };
  if (!LooksLikeToken(*token)) return refused();
  const TokenDigest digest = DigestOf(*token);
  const auto now = Now();
  {
    std::lock_guard lock(mutex_);
    if (const auto it = cache_.find(digest); it != cache_.end()) {
      if (it->second.expires > now) return it->second.principal;
      cache_.erase(it);
    }
  }
  auto found = store_.FindValid(digest);
  if (!found) return std::unexpected(std::move(found.error()));
  if (!*found) return refused();
  std::lock_guard lock(mutex_);
  if (cache_.size() >= options_.cache_capacity) cache_.clear();
  cache_[digest] = Cached{**found, now + options_.cache_ttl};
  return **found;
}

common::Result<void> RequireScope(const Principal& principal, Scope scope) {
  if (principal.scopes.Has(scope)) return {};
  return common::Fail(common::ErrorKind::kForbidden,
                      "the API token of submitter '" + principal.submitter + "' lacks the '" +
                          std::string(ScopeName(scope)) + "' scope this request needs");
}

}  // namespace ncirt::intake
