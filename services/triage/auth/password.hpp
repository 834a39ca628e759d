#pragma once
// Password hashing for triage users: argon2id (RFC 9106) from Debian's libargon2, stored in the
// PHC string format ("$argon2id$v=19$m=...,t=...,p=...$salt$hash"), which records its own
// parameters, so raising the cost later keeps old hashes verifiable.
//
// The default cost follows the OWASP recommendation for argon2id (19 MiB, 2 passes, 1 lane):
// about 20-40 ms per hash on one core, which is what every login pays and what makes an
// offline guess expensive. Tests pass a smaller cost.
//
// Thread-safety: pure functions (the salt comes from OpenSSL's thread-safe CSPRNG).

#include <cstdint>
#include <string>
#include <string_view>

#include "common/error/error.hpp"

namespace ncirt::triage::auth {

struct PasswordCost {
  std::uint32_t memory_kib = 19 * 1024;
  std::uint32_t passes = 2;
  std::uint32_t lanes = 1;
};

// Passwords shorter than this are refused when set (NIST SP 800-63B's minimum for chosen
// secrets is 8; a CIRT console deserves more).
inline constexpr std::size_t kMinPasswordLength = 12;
// Longer ones are refused too, so a login request cannot make us hash megabytes.
inline constexpr std::size_t kMaxPasswordLength = 1024;

// The encoded argon2id hash of `password` with a fresh 16-byte random salt. kBadRequest when
// the password's length is outside [kMinPasswordLength, kMaxPasswordLength].
common::Result<std::string> HashPassword(std::string_view password,
                                         const PasswordCost& cost = PasswordCost{});

// True when `password` matches `encoded`. False for a wrong password, an over-long one, and an
// `encoded` that is not an argon2id string (never throws).
bool VerifyPassword(std::string_view encoded, std::string_view password);

}  // namespace ncirt::triage::auth
