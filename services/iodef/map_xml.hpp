#pragma once
// Maps a parsed IODEF XML document (v2, v1, or a bare v1 <Incident>) to model incidents.
//
// Works on the libxml2 tree the parser built; does no parsing and no I/O itself. It does not
// validate against the schema (the validator does); it checks only what the model needs and
// reports values it had to carry as ext-value, or could not map, as issues.
//
// Thread-safety: pure; safe to call concurrently on different documents.

#include <vector>

#include <libxml/tree.h>

#include "common/error/error.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

struct Mapped {
  // One per Incident element, in document order. `source`, `warnings` and
  // `normalized_indicators` are left empty: the codec's front door fills them.
  std::vector<v1::Incident> incidents;
  // Mapping findings, located (line from the node, schema path from the element's ancestry).
  std::vector<v1::ValidationIssue> issues;
};

// `format` is SOURCE_FORMAT_IODEF_V2_XML or SOURCE_FORMAT_IODEF_V1_XML, decided by the root's
// namespace. Fails with kUnmappable (message naming the element and line) when an incident lacks
// what the model requires: IncidentID with a name, and GenerationTime (v2) or ReportTime (v1).
// A v1 incident without ReportTime takes as generation time the latest time it states
// (DetectTime, StartTime, EndTime, EventData times, History DateTime), with a warning issue; with
// no time at all it is unmappable. Fails with kInvalidDocument when the root is not an IODEF
// element of `format`'s namespace.
common::Result<Mapped> MapXml(const xmlDoc& doc, v1::SourceFormat format);

}  // namespace ncirt::iodef
