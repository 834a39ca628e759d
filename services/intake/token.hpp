#pragma once
// API tokens: what a token looks like, how it is stored, and what it allows.
//
// A token is 32 bytes from a cryptographic random source, written as "ncirt_" followed by the
// bytes in unpadded base64url (49 characters in all). The prefix lets secret scanners and
// people recognise a leaked token. The service stores only SHA-256(token text): the token has
// 256 bits of entropy, so its digest cannot be reversed by guessing and needs no slow password
// hash, and a lookup by digest is one index probe per request.
//
// A token acts for one submitter identity and carries scopes, a validation policy for the
// documents it submits, and a default TLP for incidents whose IODEF restriction names none.
//
// Thread-safety: pure functions and plain values.

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"
#include "iodef/codec.hpp"
#include "ncirt/v1/marking.pb.h"

namespace ncirt::intake {

using TokenDigest = std::array<std::uint8_t, 32>;

enum class Scope : std::uint8_t {
  kSubmit = 1,  // POST /v1/incidents
  kRead = 2,    // GET the submitter's own incidents
  kAdmin = 4,   // GET any incident, the quarantine
};

// A set of scopes.
class Scopes {
 public:
  Scopes() = default;
  Scopes(std::initializer_list<Scope> scopes);
  void Add(Scope scope) { bits_ |= static_cast<std::uint8_t>(scope); }
  bool Has(Scope scope) const { return (bits_ & static_cast<std::uint8_t>(scope)) != 0; }
  bool empty() const { return bits_ == 0; }
  // "submit", "read", "admin", in that order.
  std::vector<std::string> Names() const;
  bool operator==(const Scopes&) const = default;

 private:
  std::uint8_t bits_ = 0;
};

// "submit,read" (or space separated); kBadRequest naming the unknown scope, or when empty.
common::Result<Scopes> ParseScopes(std::string_view text);
std::string_view ScopeName(Scope scope);

// Who is calling, as established from a valid token.
struct Principal {
  std::int64_t token_id = 0;
  std::string submitter;
  Scopes scopes;
  iodef::Policy policy = iodef::Policy::kTolerant;
  v1::Tlp default_tlp = v1::TLP_AMBER;
};

// 32 random bytes as a token's text. `random_bytes` fills its argument; production passes a
// CSPRNG (OpenSSL RAND_bytes), tests a fixed source.
using RandomBytes = std::function<void(std::span<std::uint8_t>)>;
std::string NewTokenText(const RandomBytes& random_bytes);

// The CSPRNG for NewTokenText; throws std::runtime_error if OpenSSL cannot seed (unexpected).
void SecureRandomBytes(std::span<std::uint8_t> out);

// SHA-256 of the token text, as stored.
TokenDigest DigestOf(std::string_view token_text);

// True when the text has the shape NewTokenText() produces (prefix, length, alphabet). A
// malformed token is refused without a database lookup.
bool LooksLikeToken(std::string_view token_text);

// The token in an Authorization header "Bearer <token>" (scheme case-insensitive, RFC 6750).
// kUnauthenticated with a sentence saying what is wrong otherwise.
common::Result<std::string_view> BearerToken(std::string_view authorization);

// Lower-case hex of bytes.
std::string Hex(std::span<const std::uint8_t> bytes);

}  // namespace ncirt::intake
