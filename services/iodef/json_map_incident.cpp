// Incident, RelatedActivity and History from RFC 8727 JSON; MapJson(), the entry point.
#include "iodef/json_map.hpp"

#include "iodef/json_map_classes.hpp"
#include "iodef/map_prune.hpp"

namespace ncirt::iodef {
namespace {

std::unexpected<common::Error> Unmappable(const std::string& pointer, std::string message) {
  return common::Fail(common::ErrorKind::kUnmappable, std::move(message), pointer);
}

// ThreatActor and Campaign: the model keeps one identifier of each.
template <typename T>
void MapActorLike(JsonMapContext& ctx, const JsonAt& at, std::string_view id_name, T& target) {
  if (!at.IsObject()) return;
  const std::vector<JsonAt> ids = at.Items(id_name);
  if (!ids.empty() && ids.front().value.is_string()) target.set_id(ids.front().value.get<std::string>());
  if (ids.size() > 1) {
    ctx.Warn(ids[1].pointer, "the model keeps one " + std::string(id_name) + "; " +
                                 std::to_string(ids.size() - 1) + " more kept only in the source");
  }
  for (const JsonAt& url : at.Items("URL")) {
    if (auto text = ctx.Url(url)) target.add_urls(*text);
  }
  ctx.ReadLocalized(at, "Description", target.mutable_descriptions());
  ctx.ReadRestriction(at, target.mutable_restriction());
}

common::Result<v1::IncidentId> RequiredIncidentId(JsonMapContext& ctx, const JsonAt& at) {
  const auto member = at.Member("IncidentID");
  if (!member || !member->IsObject()) {
    return Unmappable(at.pointer, "Incident without IncidentID");
  }
  v1::IncidentId id = MapJsonIncidentId(ctx, *member);
  if (id.name().empty()) {
    return Unmappable(member->pointer, "IncidentID without a name (the issuing CSIRT)");
  }
  if (id.id().empty()) return Unmappable(member->pointer, "IncidentID without an id");
  return id;
}

void MapBody(JsonMapContext& ctx, const JsonAt& at, v1::Incident& incident) {
  if (const auto alternative = at.Member("AlternativeID")) {
    for (const JsonAt& id : alternative->Items("IncidentID")) {
      *incident.add_alternative_ids() = MapJsonIncidentId(ctx, id);
    }
  }
  for (const JsonAt& item : at.Items("RelatedActivity")) {
    *incident.add_related_activities() = MapJsonRelatedActivity(ctx, item);
  }
  if (auto t = ctx.MemberTime(at, "DetectTime")) *incident.mutable_detect_time() = *t;
  if (auto t = ctx.MemberTime(at, "StartTime")) *incident.mutable_start_time() = *t;
  if (auto t = ctx.MemberTime(at, "EndTime")) *incident.mutable_end_time() = *t;
  if (auto t = ctx.MemberTime(at, "RecoveryTime")) *incident.mutable_recovery_time() = *t;
  if (auto t = ctx.MemberTime(at, "ReportTime")) *incident.mutable_report_time() = *t;
  ctx.ReadLocalized(at, "Description", incident.mutable_descriptions());
  for (const JsonAt& item : at.Items("Discovery")) {
    *incident.add_discoveries() = MapJsonDiscovery(ctx, item);
  }
  for (const JsonAt& item : at.Items("Assessment")) {
    *incident.add_assessments() = MapJsonAssessment(ctx, item);
  }
  for (const JsonAt& item : at.Items("Method")) *incident.add_methods() = MapJsonMethod(ctx, item);
  for (const JsonAt& item : at.Items("Contact")) {
    *incident.add_contacts() = MapJsonContact(ctx, item);
  }
  for (const JsonAt& item : at.Items("EventData")) {
    *incident.add_event_data() = MapJsonEventData(ctx, item);
  }
  for (const JsonAt& item : at.Items("Indicator")) {
    *incident.add_indicators() = MapJsonIndicator(ctx, item);
  }
  if (const auto history = at.Member("History")) {
    for (const JsonAt& item : history->Items("HistoryItem")) {
      *incident.add_history() = MapJsonHistoryItem(ctx, item);
    }
  }
  ctx.ReadExtensions(at, "AdditionalData", incident.mutable_additional_data());
}

common::Result<v1::Incident> MapIncident(JsonMapContext& ctx, const JsonAt& at,
                                         const std::optional<std::string>& document_lang) {
  if (!at.IsObject()) return Unmappable(at.pointer, "an Incident that is not an object");
  v1::Incident incident;
  common::Result<v1::IncidentId> id = RequiredIncidentId(ctx, at);
  if (!id) return std::unexpected(id.error());
  *incident.mutable_incident_id() = std::move(*id);
  const auto generation = at.Member("GenerationTime");
  if (!generation) return Unmappable(at.pointer, "Incident without GenerationTime");
  std::optional<google::protobuf::Timestamp> time = ctx.Time(*generation);
  if (!time) {
    return Unmappable(generation->pointer,
                      "GenerationTime " + generation->value.dump() + " is not a date-time");
  }
  *incident.mutable_generation_time() = *time;

  const EnumRead<v1::Purpose> purpose = ctx.Enum<v1::Purpose>(at);
  incident.set_purpose(purpose.value);
  incident.set_ext_purpose(purpose.ext);
  const EnumRead<v1::IncidentStatus> status = ctx.Enum<v1::IncidentStatus>(at);
  incident.set_status(status.value);
  incident.set_ext_status(status.ext);
  if (auto lang = ctx.String(at, "lang")) {
    incident.set_lang(*lang);
  } else if (document_lang) {
    incident.set_lang(*document_lang);
  }
  ctx.ReadRestriction(at, incident.mutable_restriction());
  if (auto observable_id = ctx.String(at, "observable-id")) {
    incident.set_observable_id(*observable_id);
  }
  MapBody(ctx, at, incident);
  return incident;
}

}  // namespace

v1::RelatedActivity MapJsonRelatedActivity(JsonMapContext& ctx, const JsonAt& at) {
  v1::RelatedActivity activity;
  if (!at.IsObject()) return activity;
  ctx.ReadRestriction(at, activity.mutable_restriction());
  for (const JsonAt& item : at.Items("IncidentID")) {
    *activity.add_incident_ids() = MapJsonIncidentId(ctx, item);
  }
  for (const JsonAt& url : at.Items("URL")) {
    if (auto text = ctx.Url(url)) activity.add_urls(*text);
  }
  for (const JsonAt& item : at.Items("ThreatActor")) {
    MapActorLike(ctx, item, "ThreatActorID", *activity.add_threat_actors());
  }
  for (const JsonAt& item : at.Items("Campaign")) {
    MapActorLike(ctx, item, "CampaignID", *activity.add_campaigns());
  }
  for (const JsonAt& item : at.Items("IndicatorID")) {
    if (!item.IsObject()) continue;
    v1::IndicatorId& id = *activity.add_indicator_ids();
    id.set_id(ctx.String(item, "id").value_or(""));
    id.set_name(ctx.String(item, "name").value_or(""));
    id.set_version(ctx.String(item, "version").value_or(""));
  }
  if (const auto confidence = at.Member("Confidence")) {
    *activity.mutable_confidence() = MapJsonConfidence(ctx, *confidence);
  }
  ctx.ReadLocalized(at, "Description", activity.mutable_descriptions());
  return activity;
}

v1::HistoryItem MapJsonHistoryItem(JsonMapContext& ctx, const JsonAt& at) {
  v1::HistoryItem item;
  if (!at.IsObject()) return item;
  const TokenRead action = ctx.Token(at, EnumAttr::kAction);
  item.set_action(action.token);
  item.set_ext_action(action.ext);
  ctx.ReadRestriction(at, item.mutable_restriction());
  if (auto t = ctx.MemberTime(at, "DateTime")) *item.mutable_date_time() = *t;
  if (const auto id = at.Member("IncidentID")) *item.mutable_incident_id() = MapJsonIncidentId(ctx, *id);
  if (const auto contact = at.Member("Contact")) {
    *item.mutable_contact() = MapJsonContact(ctx, *contact);
  }
  ctx.ReadLocalized(at, "Description", item.mutable_descriptions());
  return item;
}

common::Result<JsonMapped> MapJson(const nlohmann::json& document) {
  const JsonAt root{document, ""};
  if (!document.is_object() || !document.contains("Incident")) {
    return common::Fail(common::ErrorKind::kInvalidDocument,
                        "not an IODEF JSON document: the root is not an object with an "
                        "\"Incident\" member (RFC 8727 §4)");
  }
  JsonMapped mapped;
  JsonMapContext ctx(&mapped.issues);
  const std::optional<std::string> document_lang = ctx.String(root, "lang");
  const std::vector<JsonAt> incidents = root.Items("Incident");
  if (incidents.empty()) return Unmappable("/Incident", "IODEF-Document without Incident");
  for (const JsonAt& at : incidents) {
    common::Result<v1::Incident> incident = MapIncident(ctx, at, document_lang);
    if (!incident) return std::unexpected(incident.error());
    PruneEmptyMessages(*incident);
    mapped.incidents.push_back(std::move(*incident));
  }
  return mapped;
}

}  // namespace ncirt::iodef
