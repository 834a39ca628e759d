#pragma once
// Maps a parsed RFC 8727 (IODEF JSON) document to model incidents: the JSON counterpart of
// map_xml.hpp, giving the same model for the same IODEF content.
//
// It does not judge the document against the data model (json_data_model.hpp does); it reads
// what the model holds, member by member as RFC 8727 names them, and reports as warnings (JSON
// pointer in schema_path, no line yet) the values it had to carry as ext-value, change or leave
// out. Where RFC 8727 reshapes RFC 7970 the model follows RFC 7970's classes: EventData's
// System list is the model's (RFC 8727 dropped Flow), an Indicator's uid-ref is its
// ObservableReference, a File's HashData scope goes on each of its hashes. The working group's
// pre-RFC shapes that tolerant decoding meets in practice are read too, with a warning:
// impacts directly in Assessment, BulkObservableList as an array, numbers inside strings.
//
// Internal to the codec. Thread-safety: pure; safe to call concurrently.

#include <vector>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

struct JsonMapped {
  // One per element of "Incident", in order. `source`, `warnings` and `normalized_indicators`
  // are left empty, as MapXml() leaves them.
  std::vector<v1::Incident> incidents;
  std::vector<v1::ValidationIssue> issues;
};

// Fails with kInvalidDocument when the root is not an object with an "Incident" member, and with
// kUnmappable (`where` is the JSON pointer) when an incident lacks what the model requires: an
// IncidentID with id and name, and a readable GenerationTime.
common::Result<JsonMapped> MapJson(const nlohmann::json& document);

}  // namespace ncirt::iodef
