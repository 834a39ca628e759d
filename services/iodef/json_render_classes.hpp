#pragma once
// One writer per IODEF class of the model, for RenderJson() (json_render.cpp is the entry
// point). A writer returns nullopt when RFC 8727 cannot hold the class without something the
// model lacks (a Contact without role, an Assessment without impact); it has then said why in
// the context's `omitted`, and the caller leaves the class out.
//
// Internal to the codec. Thread-safety: each call uses only its JsonRenderContext.

#include <optional>
#include <string>

#include "iodef/json_render_context.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

// json_render_event.cpp
std::optional<Json> WriteContact(JsonRenderContext& ctx, const v1::Contact& contact,
                                 const std::string& path);
std::optional<Json> WriteIncidentId(JsonRenderContext& ctx, const v1::IncidentId& id,
                                    const std::string& path);
Json WriteDiscovery(JsonRenderContext& ctx, const v1::Discovery& discovery,
                    const std::string& path);
Json WriteMethod(JsonRenderContext& ctx, const v1::Method& method, const std::string& path);
Json WriteReference(JsonRenderContext& ctx, const v1::Reference& reference,
                    const std::string& path);
Json WriteExpectation(JsonRenderContext& ctx, const v1::Expectation& expectation,
                      const std::string& path);
Json WriteEventData(JsonRenderContext& ctx, const v1::EventData& event, const std::string& path);
// Writes each contact that can be written into `out[member]` (nothing when none can).
void WriteContacts(JsonRenderContext& ctx, Json& out, const std::string& path,
                   std::string_view member,
                   const google::protobuf::RepeatedPtrField<v1::Contact>& contacts);

// json_render_assessment.cpp
std::optional<Json> WriteAssessment(JsonRenderContext& ctx, const v1::Assessment& assessment,
                                    const std::string& path);
std::optional<Json> WriteConfidence(JsonRenderContext& ctx, const v1::Confidence& confidence,
                                    const std::string& path);
std::optional<Json> WriteCounter(JsonRenderContext& ctx, const v1::Counter& counter,
                                 const std::string& path);
void WriteCounters(JsonRenderContext& ctx, Json& out, const std::string& path,
                   const google::protobuf::RepeatedPtrField<v1::Counter>& counters);

// json_render_system.cpp
std::optional<Json> WriteSystem(JsonRenderContext& ctx, const v1::System& system,
                                const std::string& path);
Json WriteAddress(JsonRenderContext& ctx, const v1::Address& address, const std::string& path);
Json WriteDomainData(JsonRenderContext& ctx, const v1::DomainData& domain,
                     const std::string& path);
Json WriteService(JsonRenderContext& ctx, const v1::Service& service, const std::string& path);
void WriteNodeRoles(JsonRenderContext& ctx, Json& out, const std::string& path,
                    const google::protobuf::RepeatedPtrField<v1::NodeRole>& roles);

// json_render_indicator.cpp
std::optional<Json> WriteIndicator(JsonRenderContext& ctx, const v1::IodefIndicator& indicator,
                                   const std::string& path);
Json WriteObservable(JsonRenderContext& ctx, const v1::Observable& observable,
                     const std::string& path);

}  // namespace ncirt::iodef
