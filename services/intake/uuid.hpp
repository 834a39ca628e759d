#pragma once
// Incident ids: random (version 4) UUIDs in canonical lower-case text form, and the check that
// a path segment is one before it reaches SQL.
//
// Thread-safety: pure functions (the random source is the caller's).

#include <string>
#include <string_view>

#include "intake/token.hpp"

namespace ncirt::intake {

// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" from 16 bytes of `random_bytes`.
std::string NewUuidV4(const RandomBytes& random_bytes);

// True for 8-4-4-4-12 hexadecimal digits (either case).
bool IsUuid(std::string_view text);

// Lower-cases the hex digits (PostgreSQL prints uuids lower-case).
std::string CanonicalUuid(std::string_view text);

}  // namespace ncirt::intake
