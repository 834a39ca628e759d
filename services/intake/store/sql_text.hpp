#pragma once
// Text bound for PostgreSQL: document-derived strings made storable.
//
// A `text` value cannot hold a NUL byte and must be valid UTF-8 in a UTF8 database; `jsonb`
// additionally refuses the escape \u0000. Documents can carry either (RFC 8727 JSON may hold
// "\u0000"; an error message may quote invalid bytes), and a value PostgreSQL refuses would turn
// a document problem into a failed transaction. These functions replace what cannot be stored
// with U+FFFD; the verbatim document (bytea) keeps the original bytes.
//
// Thread-safety: pure functions.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ncirt::intake::store {

// Valid UTF-8 without NUL: invalid sequences and NUL become U+FFFD.
std::string SqlText(std::string_view text);

// The JSON as text jsonb accepts: every string (keys included) passed through SqlText.
std::string JsonbText(const nlohmann::json& json);

}  // namespace ncirt::intake::store
