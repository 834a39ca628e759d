#pragma once
// RFC 8727's data model, as the strict check of IODEF JSON documents.
//
// The model is the CDDL of draft-ietf-mile-jsoniodef-14 (which became RFC 8727), compiled into
// the library unmodified (schemas/iodef-json/, see its SOURCES.md) and checked by cddl_schema.hpp
// with RFC 8727's JSON reading of it: a map key "iodef-X" is the member "X"; tdate, uri and
// eb64legacy are strings in RFC 3339, URI and base64 form (RFC 8727 Appendix A).
//
// The CDDL as published does not compile: it has three typing slips. Each is corrected before
// compiling by one exact text replacement, listed in kCddlCorrections (json_data_model.cpp) and in
// SOURCES.md with the reading that the rest of the text and RFC 8727's examples support. A
// replacement that no longer matches exactly once is an error, so the list cannot silently go
// stale.
//
// Beyond the CDDL, two rules, reported like CDDL violations (so a tolerant decode shows them as
// warnings):
// - RFC 7970 §5.1.1's ext-value rule, which RFC 8727 keeps for its enumerations and which the
//   XML side checks too: a member "ext-X" only beside X = "ext-value", and X = "ext-value" only
//   with a non-empty "ext-X" (RFC 7203's SpecID, whose escape is "private", is exempt);
// - "version" must be "2.0", the value every example of RFC 8727 carries (JSON and CBOR alike).
//   The CDDL types it as any text; "2.00" is the XML binding's value (RFC 7970) and marks the
//   working group's pre-RFC JSON drafts and converter output.
//
// Thread-safety: the model is compiled once, on first use, and immutable afterwards.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "iodef/cddl_schema.hpp"

namespace ncirt::iodef {

// One replacement applied to the published CDDL text before compiling it.
struct CddlCorrection {
  std::string_view published;  // must occur exactly once in the text
  std::string_view corrected;
  std::string_view why;
};

// The corrections, in the order they are applied.
std::span<const CddlCorrection> CddlCorrections();

// The published CDDL text as embedded, and with the corrections applied (an error names a
// correction that no longer matches exactly once).
std::string_view PublishedIodefCddl();
common::Result<std::string> CorrectedIodefCddl();

// Every violation of the data model in a parsed JSON document, in a stable order, at most
// `max_violations` of them. The pointer of each is where the offending value sits.
std::vector<cddl::Violation> CheckIodefJson(const nlohmann::json& document,
                                            std::size_t max_violations = 1000);

// Why `value` is not a valid value of member `member` of RFC 8727's class `rule` ("Incident",
// "purpose", "hacking" -> "'hacking' is not one of ..."); nullopt when it is valid. Throws
// std::logic_error for a class or member the data model does not have: that is a bug in the
// caller, not a property of a document.
std::optional<std::string> IodefMemberViolation(std::string_view rule, std::string_view member,
                                                const nlohmann::json& value);
bool IodefHasMember(std::string_view rule, std::string_view member);

}  // namespace ncirt::iodef
