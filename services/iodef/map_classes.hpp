#pragma once
// One function per IODEF class the model maps, shared by IODEF v2 and v1 (the context knows the
// version; v1's differently shaped classes are handled where they occur). docs/iodef.md has the
// class-to-field table; this header only lists the entry points.
//
// Internal to the codec. Thread-safety: each call uses only its MapContext.

#include <libxml/tree.h>

#include "iodef/map_context.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

// map_contact.cpp
v1::Contact MapContact(MapContext& ctx, const xmlNode* node);
v1::IncidentId MapIncidentId(MapContext& ctx, const xmlNode* node);

// map_assessment.cpp
v1::Assessment MapAssessment(MapContext& ctx, const xmlNode* node);
v1::Confidence MapConfidence(MapContext& ctx, const xmlNode* node);
v1::Counter MapCounter(MapContext& ctx, const xmlNode* node);

// map_event.cpp
v1::EventData MapEventData(MapContext& ctx, const xmlNode* node);
v1::Method MapMethod(MapContext& ctx, const xmlNode* node);
v1::Discovery MapDiscovery(MapContext& ctx, const xmlNode* node);
v1::Expectation MapExpectation(MapContext& ctx, const xmlNode* node);
v1::Reference MapReference(MapContext& ctx, const xmlNode* node);

// map_system.cpp
v1::System MapSystem(MapContext& ctx, const xmlNode* node);
v1::Address MapAddress(MapContext& ctx, const xmlNode* node);
v1::DomainData MapDomainData(MapContext& ctx, const xmlNode* node);
v1::Service MapService(MapContext& ctx, const xmlNode* node);
v1::NodeRole MapNodeRole(MapContext& ctx, const xmlNode* node);

// map_indicator.cpp
v1::IodefIndicator MapIndicator(MapContext& ctx, const xmlNode* node);
v1::Observable MapObservable(MapContext& ctx, const xmlNode* node);

// map_incident.cpp
v1::RelatedActivity MapRelatedActivity(MapContext& ctx, const xmlNode* node);
v1::HistoryItem MapHistoryItem(MapContext& ctx, const xmlNode* node);

}  // namespace ncirt::iodef
