#pragma once
// Validation of a parsed IODEF XML document against the official schema of its version.
//
// The version is decided by the root element's namespace: urn:ietf:params:xml:ns:iodef-2.0 is
// IODEF v2 (RFC 7970), urn:ietf:params:xml:ns:iodef-1.0 is IODEF v1 (RFC 5070). The root must be
// IODEF-Document, or, in v1 only, a bare Incident as XMPP embeds it (XEP-0268), which is
// validated as that element.
//
// The schemas are the official XSDs in schemas/iodef, compiled into the library; their imports
// are served from the embedded copies (see xml_parser.hpp, InitXmlLibrary()), so validation does
// no I/O. Each schema is compiled once, on first use, and is immutable afterwards.
//
// Validation never stops at the first violation: a submitter fixing a report, or an analyst
// reading a tolerated one, needs them all. Besides the XSD it checks the one rule of RFC 7970
// §5.1.1 the schema cannot express: an `ext-*` attribute is allowed only beside its base
// attribute set to "ext-value", and "ext-value" requires its `ext-*` attribute.
//
// Thread-safety: all functions are safe to call concurrently (a validation context per call; the
// compiled schemas are shared read-only).

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

inline constexpr std::string_view kIodefV2Namespace = "urn:ietf:params:xml:ns:iodef-2.0";
inline constexpr std::string_view kIodefV1Namespace = "urn:ietf:params:xml:ns:iodef-1.0";

// SOURCE_FORMAT_IODEF_V2_XML or SOURCE_FORMAT_IODEF_V1_XML from the root element. Fails with
// kInvalidDocument when the root is in no IODEF namespace ("not an IODEF document: root element
// {ns}name") or is not an element IODEF documents start with; `where` names the root's line.
common::Result<v1::SourceFormat> DetectFormat(const xmlDoc& doc);

// Every violation of the official schema of `format` (which DetectFormat() gave), in document
// order, then every violation of the ext-value rule, in document order; each at LEVEL_ERROR with its line (column 0 when libxml2
// cannot tell), the element's path from the root ("/IODEF-Document/Incident/Assessment") and a
// message naming the element, the offending value and what was expected. Empty when valid.
// REQUIRES: format is one of the two XML formats.
std::vector<v1::ValidationIssue> ValidateSchema(const xmlDoc& doc, v1::SourceFormat format);

// The pieces ValidateSchema() is made of, exposed for their tests.
namespace detail {

// The compiled official schema of `format`; compiled on first use, never freed. Throws
// std::logic_error if an embedded schema does not compile (a broken build, not bad input).
xmlSchema* CompiledSchema(v1::SourceFormat format);

// libxml2's schema validity message ("Element '{urn:...}Confidence': 'high' is not a valid value
// of the atomic type 'xs:float'.") as a sentence an analyst can act on ("Element 'Confidence':
// 'high' is not a valid number (xs:float)."): namespaces dropped from IODEF names, libxml2's
// jargon replaced, the facts (names, values, expected items) kept.
std::string RewriteSchemaMessage(std::string_view libxml_message);

// "/IODEF-Document/Incident/Assessment/Confidence": element names from the root to `node` (an
// attribute node counts as its element). IODEF elements appear by local name, others as
// prefix:name.
std::string ElementPath(const xmlNode* node);

// Violations of RFC 7970 §5.1.1 (also RFC 5070 §5.1) in document order.
std::vector<v1::ValidationIssue> CheckExtAttributes(const xmlDoc& doc);

}  // namespace detail
}  // namespace ncirt::iodef
