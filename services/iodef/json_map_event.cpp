// EventData, Method, Reference, Discovery and Expectation from RFC 8727 JSON.
#include "iodef/json_map_classes.hpp"

namespace ncirt::iodef {

v1::Reference MapJsonReference(JsonMapContext& ctx, const JsonAt& at) {
  v1::Reference reference;
  if (!at.IsObject()) return reference;
  // RFC 8727's ReferenceName has RFC 7495's specIndex and ID, not the name text of the XML
  // element, so `name` stays empty.
  if (const auto name = at.Member("ReferenceName"); name && name->IsObject()) {
    if (auto index = ctx.Integer(*name, "specIndex")) {
      reference.set_name_spec_index(std::to_string(*index));
    }
    if (auto id = ctx.String(*name, "ID")) reference.set_name_id(*id);
  }
  for (const JsonAt& url : at.Items("URL")) {
    if (auto text = ctx.Url(url)) reference.add_urls(*text);
  }
  ctx.ReadLocalized(at, "Description", reference.mutable_descriptions());
  if (auto id = ctx.String(at, "observable-id")) reference.set_observable_id(*id);
  return reference;
}

v1::Method MapJsonMethod(JsonMapContext& ctx, const JsonAt& at) {
  v1::Method method;
  if (!at.IsObject()) return method;
  ctx.ReadRestriction(at, method.mutable_restriction());
  for (const JsonAt& item : at.Items("Reference")) {
    *method.add_references() = MapJsonReference(ctx, item);
  }
  ctx.ReadLocalized(at, "Description", method.mutable_descriptions());
  ctx.ReadExtensions(at, "AdditionalData", method.mutable_additional_data());
  return method;
}

v1::Discovery MapJsonDiscovery(JsonMapContext& ctx, const JsonAt& at) {
  v1::Discovery discovery;
  if (!at.IsObject()) return discovery;
  const TokenRead source = ctx.Token(at, EnumAttr::kDiscoverySource);
  discovery.set_source(source.token);
  discovery.set_ext_source(source.ext);
  ctx.ReadRestriction(at, discovery.mutable_restriction());
  ctx.ReadLocalized(at, "Description", discovery.mutable_descriptions());
  for (const JsonAt& item : at.Items("Contact")) {
    *discovery.add_contacts() = MapJsonContact(ctx, item);
  }
  return discovery;
}

v1::Expectation MapJsonExpectation(JsonMapContext& ctx, const JsonAt& at) {
  v1::Expectation expectation;
  if (!at.IsObject()) return expectation;
  const TokenRead action = ctx.Token(at, EnumAttr::kAction);
  expectation.set_action(action.token);
  expectation.set_ext_action(action.ext);
  expectation.set_severity(ctx.Enum<v1::Severity>(at).value);
  ctx.ReadRestriction(at, expectation.mutable_restriction());
  ctx.ReadLocalized(at, "Description", expectation.mutable_descriptions());
  if (auto t = ctx.MemberTime(at, "StartTime")) *expectation.mutable_start_time() = *t;
  if (auto t = ctx.MemberTime(at, "EndTime")) *expectation.mutable_end_time() = *t;
  if (const auto contact = at.Member("Contact")) {
    *expectation.mutable_contact() = MapJsonContact(ctx, *contact);
  }
  return expectation;
}

v1::EventData MapJsonEventData(JsonMapContext& ctx, const JsonAt& at) {
  v1::EventData event;
  if (!at.IsObject()) return event;
  ctx.ReadRestriction(at, event.mutable_restriction());
  if (auto id = ctx.String(at, "observable-id")) event.set_observable_id(*id);
  ctx.ReadLocalized(at, "Description", event.mutable_descriptions());
  if (auto t = ctx.MemberTime(at, "DetectTime")) *event.mutable_detect_time() = *t;
  if (auto t = ctx.MemberTime(at, "StartTime")) *event.mutable_start_time() = *t;
  if (auto t = ctx.MemberTime(at, "EndTime")) *event.mutable_end_time() = *t;
  if (auto t = ctx.MemberTime(at, "RecoveryTime")) *event.mutable_recovery_time() = *t;
  if (auto t = ctx.MemberTime(at, "ReportTime")) *event.mutable_report_time() = *t;
  for (const JsonAt& item : at.Items("Contact")) *event.add_contacts() = MapJsonContact(ctx, item);
  for (const JsonAt& item : at.Items("Discovery")) {
    *event.add_discoveries() = MapJsonDiscovery(ctx, item);
  }
  const std::vector<JsonAt> assessments = at.Items("Assessment");
  if (!assessments.empty()) {
    *event.mutable_assessment() = MapJsonAssessment(ctx, assessments.front());
    if (assessments.size() > 1) {
      ctx.Warn(assessments[1].pointer, "EventData holds one Assessment; the others are kept "
                                       "only in the source document");
    }
  }
  for (const JsonAt& item : at.Items("Method")) *event.add_methods() = MapJsonMethod(ctx, item);
  // RFC 8727 dropped Flow: EventData holds its Systems directly, as the model does.
  for (const JsonAt& item : at.Items("System")) *event.add_systems() = MapJsonSystem(ctx, item);
  for (const JsonAt& item : at.Items("Expectation")) {
    *event.add_expectations() = MapJsonExpectation(ctx, item);
  }
  for (const JsonAt& item : at.Items("EventData")) {
    *event.add_event_data() = MapJsonEventData(ctx, item);
  }
  ctx.ReadExtensions(at, "AdditionalData", event.mutable_additional_data());
  return event;
}

}  // namespace ncirt::iodef
