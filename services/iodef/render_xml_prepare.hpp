#pragma once
// The first half of RenderXml(): decides what of a model can be written as IODEF v2 XML that the
// official schema (iodef-2.0.xsd) accepts, and changes a copy of the model to exactly that.
//
// The second half (render_xml.cpp and render_xml_write_*.cpp) then writes the prepared model
// as it is, making no decision of its own. Splitting it this way gives the round trip a precise
// statement: mapping the rendering of `incidents` yields PrepareForXml(incidents).incidents,
// field for field (tests/unit/iodef/xml_roundtrip_test.cpp checks it on the whole corpus).
//
// What preparation does, per incident:
// - Refuses (kUnmappable) an incident without IncidentID (id and name), purpose, GenerationTime,
//   or a Contact with both role and type; the message names the incident and what is missing.
// - Writes every enumerated value in its official form: unregistered values as ext-value plus
//   ext-* (enums.hpp), the XSD's spelling for aliases, IODEF v2's default made explicit where
//   mapping would make it explicit (Address@category ipv6-addr).
// - Upgrades IODEF v1 content: a v1 Impact becomes a SystemImpact (its v1 type, unregistered in
//   v2 except "policy" and "unknown", as ext-value), v1 NodeName becomes DomainData/Name.
// - Gives DomainData the statuses RFC 7970 §3.19 requires ("unknown" when not known), an
//   AdditionalData without dtype the one its content shows ("xml" for element content, else
//   "string"), and the document a language (the first incident's, else "en") that incidents
//   without one inherit.
// - Leaves out what cannot be written validly and names it in `omitted`, e.g.
//   "Incident[0]/Assessment[1]: no impact; kept only in the source document": an Assessment
//   without impact, a Contact without role or type, a ThreatActor without URL, a Confidence's
//   numeric content (RFC 7970's schema gives Confidence none), a BulkObservable type outside the
//   schema's list (which has no ext-value), unmapped observable classes, malformed or duplicate
//   xs:ID values, references to ids the document does not contain, text with characters XML
//   cannot carry, and the like. docs/iodef.md lists every rule.
//
// Thread-safety: pure.

#include <string>
#include <vector>

#include "common/error/error.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

struct PreparedDocument {
  // The IODEF-Document's xml:lang: the first incident's, else "en". An incident without lang
  // gets this one, which is what a reader of the document would take it to be.
  std::string lang;
  std::vector<v1::Incident> incidents;
  // "Incident[i]/...: why; kept only in the source document", in the order found.
  std::vector<std::string> omitted;
};

common::Result<PreparedDocument> PrepareForXml(const std::vector<v1::Incident>& incidents);

}  // namespace ncirt::iodef
