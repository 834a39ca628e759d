#pragma once
// The IODEF codec's front door: bytes in, incidents of the model out, and back.
//
// Decode() takes a document as submitted (IODEF v2 XML, IODEF v1 XML, a bare v1 <Incident>, or
// RFC 8727 JSON), parses it safely (no network, no DTD, no entity expansion, bounded by Limits),
// validates it against the official schema (or, for JSON, RFC 8727's data model), and maps every
// Incident in it to ncirt::v1::Incident, with the verbatim document attached to each.
//
// Two policies decide what is accepted:
// - kStrict rejects a document with any violation.
// - kTolerant accepts a well-formed document in an IODEF namespace that carries what the model
//   needs (IncidentID with a name, and a GenerationTime or v1 ReportTime; a v1 incident without
//   ReportTime takes the latest time it states, with a warning); its violations are kept as
//   warnings on each incident.
//
// RenderXml()/RenderJson() write IODEF v2 that the official schema accepts from any model,
// including one decoded from a tolerated document: values outside an enumeration travel as
// ext-value, and what cannot be rendered validly is left out and named in Rendered::omitted
// (it remains in the verbatim source document).
//
// No I/O: the official XSDs are compiled into the library. Thread-safety: all functions are
// safe to call concurrently (the compiled schemas are immutable and shared).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"
#include "iodef/limits.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

enum class Policy { kStrict, kTolerant };

// "strict" / "tolerant"; anything else is a kBadRequest error naming the accepted values.
common::Result<Policy> ParsePolicy(std::string_view name);
std::string_view PolicyName(Policy policy);

// The validation verdict for one document, always complete: every violation, located.
struct Report {
  v1::SourceFormat format = v1::SOURCE_FORMAT_UNSPECIFIED;
  bool accepted = false;
  // Errors (what strict rejects) and warnings, in document order.
  std::vector<v1::ValidationIssue> issues;
};

struct Decoded {
  Report report;
  // One per Incident in the document, in document order; empty when rejected.
  std::vector<v1::Incident> incidents;
  // Set when the document is rejected: kInvalidDocument (not well-formed, bad encoding, a DTD,
  // not IODEF), kSchemaViolation (strict policy), kUnmappable (tolerant, but the model's needs
  // are missing) or kTooLarge. Its message is the first error; report.issues has them all.
  std::optional<common::Error> error;

  bool ok() const { return !error.has_value(); }
};

// Decodes XML or JSON, told apart by the first non-blank byte (after any BOM). Every incident
// returned has its normalized_indicators filled (normalize.hpp).
Decoded Decode(std::string_view document, Policy policy, const Limits& limits = {});

struct Rendered {
  std::string document;
  // Human-readable names of model content that could not be rendered validly and was left out,
  // e.g. "Incident[0]/Assessment[1]: no impact".
  std::vector<std::string> omitted;
};

// IODEF v2 XML (an IODEF-Document holding every incident, in order). Fails (kUnmappable) only
// when no incident is given, or when an incident lacks what IODEF v2 cannot do without: IncidentID (its text and a name), a
// purpose (ext-value counts only with its ext-purpose), GenerationTime, or at least one Contact
// with both a role and a type; the message names the incident ("Incident[1] (csirt.example.com
// 42)") and what is missing. Everything else that cannot be written validly is left out and
// named in `omitted` (render_xml_prepare.hpp and docs/iodef.md list the rules).
common::Result<Rendered> RenderXml(const std::vector<v1::Incident>& incidents);

// RFC 8727 JSON of the same document.
common::Result<Rendered> RenderJson(const std::vector<v1::Incident>& incidents);

}  // namespace ncirt::iodef
