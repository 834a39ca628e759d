#pragma once
// Random secrets of triage (session ids, CSRF tokens, API tokens) and their stored form.
// A secret is 32 random bytes from OpenSSL's CSPRNG, sent as 43 characters of unpadded
// base64url; the database keeps only its SHA-256, so a copy of the tables lets nobody in. A
// fast digest suffices because the secrets have 256 bits of entropy (nothing to guess).
//
// Thread-safety: pure functions over OpenSSL's thread-safe generator.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ncirt::triage::auth {

using SecretDigest = std::array<std::uint8_t, 32>;

// A new secret in its text form.
std::string NewSecret();

// SHA-256 of the secret's text form, as stored.
SecretDigest DigestOf(std::string_view secret);

// Compares in time independent of where the inputs differ.
bool SameDigest(const SecretDigest& a, const SecretDigest& b);

}  // namespace ncirt::triage::auth
