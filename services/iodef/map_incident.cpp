// Incident, RelatedActivity, History; and MapXml(), the entry point.
#include <algorithm>

#include <google/protobuf/util/time_util.h>

#include "iodef/map_classes.hpp"
#include "iodef/map_prune.hpp"
#include "iodef/map_values.hpp"
#include "iodef/map_xml.hpp"

namespace ncirt::iodef {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

common::Error Unmappable(const xmlNode* node, std::string message) {
  return common::Error{common::ErrorKind::kUnmappable, std::move(message),
                       "line " + std::to_string(xmlGetLineNo(node)) + ", " + SchemaPath(node)};
}

void MapThreatActorLike(MapContext& ctx, const xmlNode* node, std::string_view id_name,
                        std::string* id, google::protobuf::RepeatedPtrField<std::string>* urls,
                        google::protobuf::RepeatedPtrField<v1::LocalizedText>* descriptions,
                        v1::RestrictionValue* restriction) {
  const std::vector<const xmlNode*> ids = ctx.Children(node, id_name);
  if (!ids.empty()) *id = Text(ids.front());
  if (ids.size() > 1) {
    ctx.Warn(ids[1], "the model keeps one " + std::string(id_name) + "; " +
                         std::to_string(ids.size() - 1) + " more kept only in the source");
  }
  ctx.ReadStrings(node, "URL", urls);
  ctx.ReadLocalized(node, "Description", descriptions);
  ctx.ReadRestriction(node, restriction);
}

// The latest time a v1 document without ReportTime states: the closest lower bound on when it
// was written. Looks at the Incident's own times, its EventData (nested too) and its History.
void CollectTimes(MapContext& ctx, const xmlNode* node, std::vector<Timestamp>& out) {
  for (const std::string_view name : {"DetectTime", "StartTime", "EndTime"}) {
    for (const xmlNode* child : ctx.Children(node, name)) {
      if (auto t = ReadDateTime(RawText(child)).value) out.push_back(*t);
    }
  }
  for (const xmlNode* event : ctx.Children(node, "EventData")) CollectTimes(ctx, event, out);
  for (const xmlNode* history : ctx.Children(node, "History")) {
    for (const xmlNode* item : ctx.Children(history, "HistoryItem")) {
      for (const xmlNode* date : ctx.Children(item, "DateTime")) {
        if (auto t = ReadDateTime(RawText(date)).value) out.push_back(*t);
      }
    }
  }
}

common::Result<Timestamp> V1GenerationTime(MapContext& ctx, const xmlNode* node,
                                           v1::Incident& incident) {
  if (const xmlNode* report = ctx.Child(node, "ReportTime")) {
    if (std::optional<Timestamp> t = ctx.Time(report)) {
      *incident.mutable_report_time() = *t;
      return *t;
    }
    return std::unexpected(Unmappable(report, "ReportTime '" + Text(report) +
                                                  "' is not an xs:dateTime; the model needs it as "
                                                  "the incident's generation time"));
  }
  std::vector<Timestamp> times;
  CollectTimes(ctx, node, times);
  if (times.empty()) {
    return std::unexpected(Unmappable(
        node, "IODEF v1 Incident without ReportTime, and no other time (DetectTime, StartTime, "
              "EndTime, EventData or History DateTime) to take the generation time from"));
  }
  const Timestamp latest = *std::max_element(times.begin(), times.end());
  ctx.Warn(node, "IODEF v1 Incident without ReportTime; generation time taken as " +
                     TimeUtil::ToString(latest) + ", the latest time the incident states");
  return latest;
}

common::Result<Timestamp> V2GenerationTime(MapContext& ctx, const xmlNode* node) {
  const xmlNode* generation = ctx.Child(node, "GenerationTime");
  if (generation == nullptr) {
    return std::unexpected(Unmappable(node, "Incident without GenerationTime"));
  }
  if (std::optional<Timestamp> t = ctx.Time(generation)) return *t;
  return std::unexpected(
      Unmappable(generation, "GenerationTime '" + Text(generation) + "' is not an xs:dateTime"));
}

std::optional<std::string> LangOf(MapContext& ctx, const xmlNode* node) {
  xmlChar* lang = xmlGetNsProp(node, reinterpret_cast<const xmlChar*>("lang"), XML_XML_NAMESPACE);
  if (lang != nullptr) {
    std::string out(reinterpret_cast<const char*>(lang));
    xmlFree(lang);
    return out;
  }
  if (ctx.v1()) return Attribute(node, "lang");
  return std::nullopt;
}

common::Result<v1::IncidentId> RequiredIncidentId(MapContext& ctx, const xmlNode* node) {
  const xmlNode* id_node = ctx.Child(node, "IncidentID");
  if (id_node == nullptr) return std::unexpected(Unmappable(node, "Incident without IncidentID"));
  v1::IncidentId id = MapIncidentId(ctx, id_node);
  if (id.name().empty()) {
    return std::unexpected(
        Unmappable(id_node, "IncidentID without a name attribute (the issuing CSIRT)"));
  }
  if (id.id().empty()) return std::unexpected(Unmappable(id_node, "IncidentID is empty"));
  return id;
}

void MapBody(MapContext& ctx, const xmlNode* node, v1::Incident& incident) {
  if (const xmlNode* alternative = ctx.Child(node, "AlternativeID")) {
    for (const xmlNode* id : ctx.Children(alternative, "IncidentID")) {
      *incident.add_alternative_ids() = MapIncidentId(ctx, id);
    }
  }
  for (const xmlNode* child : ctx.Children(node, "RelatedActivity")) {
    *incident.add_related_activities() = MapRelatedActivity(ctx, child);
  }
  if (auto t = ctx.ChildTime(node, "DetectTime")) *incident.mutable_detect_time() = *t;
  if (auto t = ctx.ChildTime(node, "StartTime")) *incident.mutable_start_time() = *t;
  if (auto t = ctx.ChildTime(node, "EndTime")) *incident.mutable_end_time() = *t;
  if (auto t = ctx.ChildTime(node, "RecoveryTime")) *incident.mutable_recovery_time() = *t;
  ctx.ReadLocalized(node, "Description", incident.mutable_descriptions());
  for (const xmlNode* child : ctx.Children(node, "Discovery")) {
    *incident.add_discoveries() = MapDiscovery(ctx, child);
  }
  for (const xmlNode* child : ctx.Children(node, "Assessment")) {
    *incident.add_assessments() = MapAssessment(ctx, child);
  }
  for (const xmlNode* child : ctx.Children(node, "Method")) {
    *incident.add_methods() = MapMethod(ctx, child);
  }
  const std::vector<const xmlNode*> contacts = ctx.Children(node, "Contact");
  if (contacts.empty()) ctx.Warn(node, "Incident without Contact");
  for (const xmlNode* child : contacts) *incident.add_contacts() = MapContact(ctx, child);
  for (const xmlNode* child : ctx.Children(node, "EventData")) {
    *incident.add_event_data() = MapEventData(ctx, child);
  }
  for (const xmlNode* data : ctx.Children(node, "IndicatorData")) {
    for (const xmlNode* child : ctx.Children(data, "Indicator")) {
      *incident.add_indicators() = MapIndicator(ctx, child);
    }
  }
  for (const xmlNode* history : ctx.Children(node, "History")) {
    for (const xmlNode* child : ctx.Children(history, "HistoryItem")) {
      *incident.add_history() = MapHistoryItem(ctx, child);
    }
  }
  ctx.ReadExtensions(node, "AdditionalData", incident.mutable_additional_data());
}

common::Result<v1::Incident> MapIncident(MapContext& ctx, const xmlNode* node,
                                         const std::optional<std::string>& document_lang) {
  v1::Incident incident;
  common::Result<v1::IncidentId> id = RequiredIncidentId(ctx, node);
  if (!id) return std::unexpected(id.error());
  *incident.mutable_incident_id() = std::move(*id);
  common::Result<Timestamp> generation =
      ctx.v1() ? V1GenerationTime(ctx, node, incident) : V2GenerationTime(ctx, node);
  if (!generation) return std::unexpected(generation.error());
  *incident.mutable_generation_time() = *generation;
  if (!ctx.v1()) {
    if (auto t = ctx.ChildTime(node, "ReportTime")) *incident.mutable_report_time() = *t;
  }

  const EnumRead<v1::Purpose> purpose = ctx.Enum<v1::Purpose>(node);
  if (purpose.status == TokenStatus::kAbsent) ctx.Warn(node, "Incident without purpose");
  incident.set_purpose(purpose.value);
  incident.set_ext_purpose(purpose.ext);
  if (!ctx.v1()) {
    const EnumRead<v1::IncidentStatus> status = ctx.Enum<v1::IncidentStatus>(node);
    incident.set_status(status.value);
    incident.set_ext_status(status.ext);
  }
  if (std::optional<std::string> lang = LangOf(ctx, node)) {
    incident.set_lang(*lang);
  } else if (document_lang) {
    incident.set_lang(*document_lang);
  }
  ctx.ReadRestriction(node, incident.mutable_restriction());
  if (std::optional<std::string> id_attr = Attribute(node, "observable-id")) {
    incident.set_observable_id(*id_attr);
  }
  MapBody(ctx, node, incident);
  return incident;
}

}  // namespace

v1::RelatedActivity MapRelatedActivity(MapContext& ctx, const xmlNode* node) {
  v1::RelatedActivity activity;
  ctx.ReadRestriction(node, activity.mutable_restriction());
  for (const xmlNode* child : ctx.Children(node, "IncidentID")) {
    *activity.add_incident_ids() = MapIncidentId(ctx, child);
  }
  ctx.ReadStrings(node, "URL", activity.mutable_urls());
  for (const xmlNode* child : ctx.Children(node, "ThreatActor")) {
    v1::ThreatActor& actor = *activity.add_threat_actors();
    MapThreatActorLike(ctx, child, "ThreatActorID", actor.mutable_id(), actor.mutable_urls(),
                       actor.mutable_descriptions(), actor.mutable_restriction());
  }
  for (const xmlNode* child : ctx.Children(node, "Campaign")) {
    v1::Campaign& campaign = *activity.add_campaigns();
    MapThreatActorLike(ctx, child, "CampaignID", campaign.mutable_id(), campaign.mutable_urls(),
                       campaign.mutable_descriptions(), campaign.mutable_restriction());
  }
  for (const xmlNode* child : ctx.Children(node, "IndicatorID")) {
    v1::IndicatorId& id = *activity.add_indicator_ids();
    id.set_id(Text(child));
    id.set_name(Attribute(child, "name").value_or(""));
    id.set_version(Attribute(child, "version").value_or(""));
  }
  if (const xmlNode* child = ctx.Child(node, "Confidence")) {
    *activity.mutable_confidence() = MapConfidence(ctx, child);
  }
  ctx.ReadLocalized(node, "Description", activity.mutable_descriptions());
  return activity;
}

v1::HistoryItem MapHistoryItem(MapContext& ctx, const xmlNode* node) {
  v1::HistoryItem item;
  const TokenRead action = ctx.Token(node, EnumAttr::kAction);
  item.set_action(action.token);
  item.set_ext_action(action.ext);
  ctx.ReadRestriction(node, item.mutable_restriction());
  if (auto t = ctx.ChildTime(node, "DateTime")) *item.mutable_date_time() = *t;
  if (const xmlNode* id = ctx.Child(node, "IncidentID")) {
    *item.mutable_incident_id() = MapIncidentId(ctx, id);
  }
  if (const xmlNode* contact = ctx.Child(node, "Contact")) {
    *item.mutable_contact() = MapContact(ctx, contact);
  }
  ctx.ReadLocalized(node, "Description", item.mutable_descriptions());
  return item;
}

common::Result<Mapped> MapXml(const xmlDoc& doc, v1::SourceFormat format) {
  const xmlNode* root = xmlDocGetRootElement(&doc);
  if (root == nullptr) return common::Fail(common::ErrorKind::kInvalidDocument, "empty document");
  if (format != v1::SOURCE_FORMAT_IODEF_V2_XML && format != v1::SOURCE_FORMAT_IODEF_V1_XML) {
    return common::Fail(common::ErrorKind::kInvalidDocument,
                        "MapXml maps IODEF XML only, not source format " +
                            v1::SourceFormat_Name(format));
  }
  Mapped mapped;
  MapContext ctx(format == v1::SOURCE_FORMAT_IODEF_V1_XML ? IodefVersion::kV1 : IodefVersion::kV2,
                 &mapped.issues);
  if (NamespaceOf(root) != ctx.ns()) {
    return common::Fail(common::ErrorKind::kInvalidDocument,
                        "root element " + std::string(LocalName(root)) + " is in namespace '" +
                            std::string(NamespaceOf(root)) + "', not " + std::string(ctx.ns()),
                        "line " + std::to_string(xmlGetLineNo(root)));
  }
  std::vector<const xmlNode*> incidents;
  std::optional<std::string> document_lang;
  if (ctx.Is(root, "IODEF-Document")) {
    incidents = ctx.Children(root, "Incident");
    document_lang = LangOf(ctx, root);
  } else if (ctx.Is(root, "Incident")) {
    incidents.push_back(root);  // a bare v1 Incident, as XEP-0268 embeds it
  } else {
    return common::Fail(common::ErrorKind::kInvalidDocument,
                        "root element " + std::string(LocalName(root)) +
                            " is neither IODEF-Document nor Incident",
                        "line " + std::to_string(xmlGetLineNo(root)));
  }
  if (incidents.empty()) {
    return std::unexpected(Unmappable(root, "IODEF-Document without Incident"));
  }
  for (const xmlNode* node : incidents) {
    common::Result<v1::Incident> incident = MapIncident(ctx, node, document_lang);
    if (!incident) return std::unexpected(incident.error());
    PruneEmptyMessages(*incident);
    mapped.incidents.push_back(std::move(*incident));
  }
  // Found class by class; reported in document order.
  std::stable_sort(mapped.issues.begin(), mapped.issues.end(),
                   [](const v1::ValidationIssue& a, const v1::ValidationIssue& b) {
                     return a.line() < b.line();
                   });
  return mapped;
}

}  // namespace ncirt::iodef
