#pragma once
// Login rate limiting: whether a login attempt may even be checked, given the recent failures
// for the user name and for the client address (rows of triage.login_failures). Counting by
// name stops guessing one account's password from many addresses; counting by address stops
// one client trying many accounts. A refused attempt is answered 429 without hashing anything,
// and a successful login does not erase failures (so an attacker cannot reset the count by
// logging in to their own account between guesses).
//
// Thread-safety: pure functions and plain values.

#include <chrono>
#include <cstdint>

#include "common/error/error.hpp"

namespace ncirt::triage::auth {

struct LoginLimits {
  std::chrono::seconds window{900};
  std::int64_t max_failures_per_user = 5;
  std::int64_t max_failures_per_address = 20;
};

// Ok when another attempt may be checked; kOverloaded (HTTP 429) with a sentence saying which
// limit applies and how long the window is, otherwise.
common::Result<void> CheckLoginAllowed(const LoginLimits& limits, std::int64_t user_failures,
                                       std::int64_t address_failures);

}  // namespace ncirt::triage::auth
