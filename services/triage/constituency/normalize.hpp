#pragma once
// Canonical forms of what the registry stores and matches on. They agree with intake's
// normalised indicators (services/iodef/normalize.hpp, intake.indicators): AS numbers in
// decimal, domains lower case without a trailing dot, reversed domains 'org.example.'.
// Networks are refused when host bits are set rather than silently truncated, because in a
// registry that is almost always a typing error the operator wants to hear about.
//
// Every function returns kBadRequest with a message that names the value and says what is wrong;
// `where` (an API member or CSV column) goes into Error::where.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "common/error/error.hpp"
#include "triage/clock.hpp"

namespace ncirt::triage::constituency {

// "192.0.2.0/24", "2001:DB8::/32", a bare address (/32, /128) -> canonical CIDR text
// ("2001:db8::/32").
common::Result<std::string> NormalizeCidr(std::string_view text, std::string_view where);
// "AS64500", "as64500", "64500" -> 64500 (0..4294967295).
common::Result<std::int64_t> NormalizeAsn(std::string_view text, std::string_view where);
// "WWW.Example.ORG." -> "www.example.org"; labels of letters, digits, '-' and '_', 1..63
// characters, not starting or ending with '-', at most 253 characters in all; at least two
// labels.
common::Result<std::string> NormalizeDomain(std::string_view text, std::string_view where);
// "www.example.org" -> "org.example.www."
std::string ReversedDomain(std::string_view normalized_domain);
// local@domain with the domain normalised as above; the local part is kept as given.
common::Result<std::string> NormalizeEmail(std::string_view text, std::string_view where);
// Spaces removed, upper-cased; 40 or 64 hex digits, or empty.
common::Result<std::string> NormalizeFingerprint(std::string_view text, std::string_view where);
// '+' optional, then digits, spaces, '-', '(' and ')'; at most 32 characters; or empty.
common::Result<std::string> NormalizePhone(std::string_view text, std::string_view where);
// A BCP 47 tag of the simple kind (language[-region]) such as "en", "de-AT", "pt-BR"; or empty.
common::Result<std::string> NormalizeLanguage(std::string_view text, std::string_view where);
// A lower-case token of letters, digits and '-' (a contact role), 1..32 characters.
common::Result<std::string> NormalizeRole(std::string_view text, std::string_view where);
// "2025-03-01" (midnight UTC) or "2025-03-01T12:00:00Z" / "...+02:00" -> a time point.
common::Result<TimePoint> ParseDateTime(std::string_view text, std::string_view where);

}  // namespace ncirt::triage::constituency
