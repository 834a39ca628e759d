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
// Beyond the CDDL, one rule of ncirt's strict profile: "version" must be "2.0", the value every
// example of RFC 8727 carries (JSON and CBOR alike). The CDDL types it as any text; "2.00" is the
// XML binding's value (RFC 7970) and marks the working group's pre-RFC JSON drafts and converter
// output. The rule is reported like a CDDL violation, so a tolerant decode shows it as a warning.
//
// Thread-safety: the model is compiled once, on first use, and immutable afterwards.

#include <cstddef>
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

}  // namespace ncirt::iodef
