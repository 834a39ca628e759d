#pragma once
// What intake keeps of a rejected document, and for how long.
//
// Every document an authenticated submitter sends and intake refuses (400 invalid or
// schema-violating, 409 conflicting, 413 too large, 415 wrong media type) is kept with the
// reason, the submitter, the problem document that was answered, and its bytes up to
// `max_bytes` (so an oversized document cannot fill the database; its received size is
// recorded). Administrators see them through GET /v1/quarantine; they are purged after the
// retention period (purger.hpp).
//
// Not kept: requests without a valid token (401: no submitter to attribute them to, and an
// anonymous flood must not be able to fill the table), requests refused for scope (403),
// and requests the server sheds (429) or refuses before reading them (bodies beyond the
// server's body limit, twice the document limit).
//
// Thread-safety: pure functions.

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "intake/store/quarantine_store.hpp"

namespace ncirt::intake {

// True for the error kinds whose document is quarantined (the list above).
bool IsQuarantined(common::ErrorKind kind);

// The entry for a rejected document.
store::QuarantineEntry MakeQuarantineEntry(std::string_view submitter, std::string_view media_type,
                                    std::string_view body, const common::Error& error,
                                    const nlohmann::json& problem, std::string_view request_id,
                                    std::size_t max_bytes);

}  // namespace ncirt::intake
