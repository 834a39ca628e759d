// EventData, Method, Reference, Discovery and Expectation (v2 and v1).
#include "iodef/map_classes.hpp"

namespace ncirt::iodef {
namespace {

// enum:ReferenceName (RFC 7495) lives in its own namespace in v2; v1 and careless v2 writers
// put ReferenceName in the IODEF namespace.
const xmlNode* ReferenceNameOf(MapContext& ctx, const xmlNode* node) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE || LocalName(child) != "ReferenceName") continue;
    if (NamespaceOf(child) == kIodefEnumNamespace || NamespaceOf(child) == ctx.ns()) {
      if (!ctx.v1() && NamespaceOf(child) == ctx.ns()) {
        ctx.Warn(child, "ReferenceName belongs to the RFC 7495 namespace " +
                            std::string(kIodefEnumNamespace) + "; read anyway");
      }
      return child;
    }
  }
  return nullptr;
}

}  // namespace

v1::Reference MapReference(MapContext& ctx, const xmlNode* node) {
  v1::Reference reference;
  if (const xmlNode* name = ReferenceNameOf(ctx, node)) {
    reference.set_name(Text(name));
    if (std::optional<std::string> index = Attribute(name, "specIndex")) {
      reference.set_name_spec_index(*index);
    }
    if (std::optional<std::string> id = Attribute(name, "ID")) reference.set_name_id(*id);
  }
  ctx.ReadStrings(node, "URL", reference.mutable_urls());
  ctx.ReadLocalized(node, "Description", reference.mutable_descriptions());
  if (std::optional<std::string> id = Attribute(node, "observable-id")) {
    reference.set_observable_id(*id);
  }
  return reference;
}

v1::Method MapMethod(MapContext& ctx, const xmlNode* node) {
  v1::Method method;
  ctx.ReadRestriction(node, method.mutable_restriction());
  for (const xmlNode* child : ctx.Children(node, "Reference")) {
    *method.add_references() = MapReference(ctx, child);
  }
  ctx.ReadLocalized(node, "Description", method.mutable_descriptions());
  ctx.ReadExtensions(node, "AdditionalData", method.mutable_additional_data());
  return method;
}

v1::Discovery MapDiscovery(MapContext& ctx, const xmlNode* node) {
  v1::Discovery discovery;
  const TokenRead source = ctx.Token(node, EnumAttr::kDiscoverySource);
  discovery.set_source(source.token);
  discovery.set_ext_source(source.ext);
  ctx.ReadRestriction(node, discovery.mutable_restriction());
  ctx.ReadLocalized(node, "Description", discovery.mutable_descriptions());
  for (const xmlNode* child : ctx.Children(node, "Contact")) {
    *discovery.add_contacts() = MapContact(ctx, child);
  }
  return discovery;
}

v1::Expectation MapExpectation(MapContext& ctx, const xmlNode* node) {
  v1::Expectation expectation;
  const TokenRead action = ctx.Token(node, EnumAttr::kAction);
  expectation.set_action(action.token);
  expectation.set_ext_action(action.ext);
  expectation.set_severity(ctx.Enum<v1::Severity>(node).value);
  ctx.ReadRestriction(node, expectation.mutable_restriction());
  ctx.ReadLocalized(node, "Description", expectation.mutable_descriptions());
  if (auto t = ctx.ChildTime(node, "StartTime")) *expectation.mutable_start_time() = *t;
  if (auto t = ctx.ChildTime(node, "EndTime")) *expectation.mutable_end_time() = *t;
  if (const xmlNode* contact = ctx.Child(node, "Contact")) {
    *expectation.mutable_contact() = MapContact(ctx, contact);
  }
  return expectation;
}

v1::EventData MapEventData(MapContext& ctx, const xmlNode* node) {
  v1::EventData event;
  ctx.ReadRestriction(node, event.mutable_restriction());
  if (std::optional<std::string> id = Attribute(node, "observable-id")) {
    event.set_observable_id(*id);
  }
  ctx.ReadLocalized(node, "Description", event.mutable_descriptions());
  if (auto t = ctx.ChildTime(node, "DetectTime")) *event.mutable_detect_time() = *t;
  if (auto t = ctx.ChildTime(node, "StartTime")) *event.mutable_start_time() = *t;
  if (auto t = ctx.ChildTime(node, "EndTime")) *event.mutable_end_time() = *t;
  if (auto t = ctx.ChildTime(node, "RecoveryTime")) *event.mutable_recovery_time() = *t;
  if (auto t = ctx.ChildTime(node, "ReportTime")) *event.mutable_report_time() = *t;
  for (const xmlNode* child : ctx.Children(node, "Contact")) {
    *event.add_contacts() = MapContact(ctx, child);
  }
  for (const xmlNode* child : ctx.Children(node, "Discovery")) {
    *event.add_discoveries() = MapDiscovery(ctx, child);
  }
  if (const xmlNode* child = ctx.Child(node, "Assessment")) {
    *event.mutable_assessment() = MapAssessment(ctx, child);
  }
  for (const xmlNode* child : ctx.Children(node, "Method")) {
    *event.add_methods() = MapMethod(ctx, child);
  }
  // The model keeps the Systems of every Flow, in document order, without the grouping.
  for (const xmlNode* flow : ctx.Children(node, "Flow")) {
    for (const xmlNode* system : ctx.Children(flow, "System")) {
      *event.add_systems() = MapSystem(ctx, system);
    }
  }
  for (const xmlNode* child : ctx.Children(node, "Expectation")) {
    *event.add_expectations() = MapExpectation(ctx, child);
  }
  for (const xmlNode* child : ctx.Children(node, "EventData")) {
    *event.add_event_data() = MapEventData(ctx, child);
  }
  ctx.ReadExtensions(node, "AdditionalData", event.mutable_additional_data());
  return event;
}

}  // namespace ncirt::iodef
