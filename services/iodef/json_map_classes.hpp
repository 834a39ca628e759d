#pragma once
// One function per IODEF class the model maps from RFC 8727 JSON (json_map_*.cpp); MapJson()
// (json_map.hpp) is the entry point. Each takes the class's JSON value with its pointer; a value
// of the wrong JSON type yields an empty message (the data-model check reports the type).
//
// Internal to the codec. Thread-safety: each call uses only its JsonMapContext.

#include <optional>

#include "iodef/json_map_context.hpp"
#include "iodef/json_reader.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

// json_map_contact.cpp
v1::Contact MapJsonContact(JsonMapContext& ctx, const JsonAt& at);
v1::IncidentId MapJsonIncidentId(JsonMapContext& ctx, const JsonAt& at);

// json_map_assessment.cpp
v1::Assessment MapJsonAssessment(JsonMapContext& ctx, const JsonAt& at);
v1::Confidence MapJsonConfidence(JsonMapContext& ctx, const JsonAt& at);
v1::Counter MapJsonCounter(JsonMapContext& ctx, const JsonAt& at);

// json_map_event.cpp
v1::EventData MapJsonEventData(JsonMapContext& ctx, const JsonAt& at);
v1::Method MapJsonMethod(JsonMapContext& ctx, const JsonAt& at);
v1::Reference MapJsonReference(JsonMapContext& ctx, const JsonAt& at);
v1::Discovery MapJsonDiscovery(JsonMapContext& ctx, const JsonAt& at);
v1::Expectation MapJsonExpectation(JsonMapContext& ctx, const JsonAt& at);

// json_map_system.cpp
v1::System MapJsonSystem(JsonMapContext& ctx, const JsonAt& at);
v1::Address MapJsonAddress(JsonMapContext& ctx, const JsonAt& at);
v1::DomainData MapJsonDomainData(JsonMapContext& ctx, const JsonAt& at);
v1::Service MapJsonService(JsonMapContext& ctx, const JsonAt& at);
v1::NodeRole MapJsonNodeRole(JsonMapContext& ctx, const JsonAt& at);

// json_map_indicator.cpp
v1::IodefIndicator MapJsonIndicator(JsonMapContext& ctx, const JsonAt& at);
v1::Observable MapJsonObservable(JsonMapContext& ctx, const JsonAt& at);
std::optional<v1::Hash> MapJsonHash(JsonMapContext& ctx, const JsonAt& at);

// json_map_incident.cpp
v1::RelatedActivity MapJsonRelatedActivity(JsonMapContext& ctx, const JsonAt& at);
v1::HistoryItem MapJsonHistoryItem(JsonMapContext& ctx, const JsonAt& at);

}  // namespace ncirt::iodef
