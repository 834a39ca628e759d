// RenderJson(): the model as an RFC 8727 IODEF-Document, with Incident, RelatedActivity and
// History; the classes inside come from json_render_*.cpp.
#include <string>
#include <vector>

#include "iodef/codec.hpp"
#include "iodef/json_data_model.hpp"
#include "iodef/json_render_classes.hpp"

namespace ncirt::iodef {
namespace {

Json WriteActorLike(JsonRenderContext& ctx, std::string_view rule,
                    std::string_view id_member, const std::string& id,
                    const google::protobuf::RepeatedPtrField<std::string>& urls,
                    const google::protobuf::RepeatedPtrField<v1::LocalizedText>& texts,
                    const v1::RestrictionValue& restriction, const std::string& path) {
  Json object = Json::object();
  ctx.Restriction(object, rule, path, restriction);
  if (!id.empty()) object[std::string(id_member)] = Json::array({id});
  ctx.Urls(object, path, "URL", urls);
  ctx.LocalizedList(object, path, "Description", texts);
  return object;
}

Json WriteRelatedActivity(JsonRenderContext& ctx, const v1::RelatedActivity& activity,
                          const std::string& path) {
  Json object = Json::object();
  ctx.Restriction(object, "RelatedActivity", path, activity.restriction());
  Json ids = Json::array();
  for (int i = 0; i < activity.incident_ids_size(); ++i) {
    if (auto id = WriteIncidentId(ctx, activity.incident_ids(i), PathOf(path, "IncidentID", i))) {
      ids.push_back(std::move(*id));
    }
  }
  if (!ids.empty()) object["IncidentID"] = std::move(ids);
  ctx.Urls(object, path, "URL", activity.urls());
  Json actors = Json::array();
  for (int i = 0; i < activity.threat_actors_size(); ++i) {
    const v1::ThreatActor& actor = activity.threat_actors(i);
    actors.push_back(WriteActorLike(ctx, "ThreatActor", "ThreatActorID", actor.id(), actor.urls(),
                                    actor.descriptions(), actor.restriction(),
                                    PathOf(path, "ThreatActor", i)));
  }
  if (!actors.empty()) object["ThreatActor"] = std::move(actors);
  Json campaigns = Json::array();
  for (int i = 0; i < activity.campaigns_size(); ++i) {
    const v1::Campaign& campaign = activity.campaigns(i);
    campaigns.push_back(WriteActorLike(ctx, "Campaign", "CampaignID", campaign.id(),
                                       campaign.urls(), campaign.descriptions(),
                                       campaign.restriction(), PathOf(path, "Campaign", i)));
  }
  if (!campaigns.empty()) object["Campaign"] = std::move(campaigns);
  Json indicator_ids = Json::array();
  for (int i = 0; i < activity.indicator_ids_size(); ++i) {
    const v1::IndicatorId& id = activity.indicator_ids(i);
    const std::string here = PathOf(path, "IndicatorID", i);
    Json item = Json::object();
    ctx.Text(item, "IndicatorID", here, "id", id.id());
    if (!item.contains("id")) {
      ctx.Omit(here, "an IndicatorID needs an id of xs:ID form; left out");
      continue;
    }
    item["name"] = id.name();
    item["version"] = id.version();
    indicator_ids.push_back(std::move(item));
  }
  if (!indicator_ids.empty()) object["IndicatorID"] = std::move(indicator_ids);
  if (activity.has_confidence()) {
    if (auto confidence = WriteConfidence(ctx, activity.confidence(), PathOf(path, "Confidence"))) {
      object["Confidence"] = std::move(*confidence);
    }
  }
  // RFC 8727 gives RelatedActivity plain-text descriptions.
  ctx.TextList(object, path, "Description", activity.descriptions());
  return object;
}

std::optional<Json> WriteHistoryItem(JsonRenderContext& ctx, const v1::HistoryItem& item,
                                     const std::string& path) {
  Json object = Json::object();
  ctx.Token(object, "HistoryItem", path, EnumAttr::kAction, item.action(), item.ext_action());
  if (!object.contains("action") || !item.has_date_time()) {
    ctx.Omit(path, "a HistoryItem needs an action and a DateTime; left out");
    return std::nullopt;
  }
  ctx.Time(object, path, "DateTime", item.date_time());
  if (!object.contains("DateTime")) return std::nullopt;
  ctx.Restriction(object, "HistoryItem", path, item.restriction());
  if (item.has_incident_id()) {
    if (auto id = WriteIncidentId(ctx, item.incident_id(), PathOf(path, "IncidentID"))) {
      object["IncidentID"] = std::move(*id);
    }
  }
  if (item.has_contact()) {
    if (auto contact = WriteContact(ctx, item.contact(), PathOf(path, "Contact"))) {
      object["Contact"] = std::move(*contact);
    }
  }
  ctx.LocalizedList(object, path, "Description", item.descriptions());
  return object;
}

template <typename T, typename Writer>
void WriteList(Json& out, std::string_view member, const std::string& path,
               const google::protobuf::RepeatedPtrField<T>& items, Writer writer) {
  Json list = Json::array();
  for (int i = 0; i < items.size(); ++i) {
    std::optional<Json> written = writer(items[i], PathOf(path, member, i));
    if (written) list.push_back(std::move(*written));
  }
  if (!list.empty()) out[std::string(member)] = std::move(list);
}

common::Result<Json> WriteIncident(JsonRenderContext& ctx, const v1::Incident& incident,
                                   const std::string& path) {
  auto refuse = [&](const std::string& why) {
    return common::Fail(common::ErrorKind::kUnmappable,
                        path + " (IncidentID '" + incident.incident_id().id() + "' of '" +
                            incident.incident_id().name() + "') cannot be written as RFC 8727 "
                            "JSON: " + why);
  };
  if (incident.incident_id().id().empty() || incident.incident_id().name().empty()) {
    return refuse("it has no IncidentID with an id and a name");
  }
  if (!incident.has_generation_time()) return refuse("it has no GenerationTime");
  Json object = Json::object();
  ctx.Enum(object, "Incident", path, incident.purpose(), incident.ext_purpose());
  if (!object.contains("purpose")) return refuse("it has no purpose RFC 8727 can write");
  ctx.Enum(object, "Incident", path, incident.status(), incident.ext_status());
  ctx.Text(object, "Incident", path, "lang", incident.lang());
  ctx.Restriction(object, "Incident", path, incident.restriction());
  ctx.Text(object, "Incident", path, "observable-id", incident.observable_id());
  object["IncidentID"] = *WriteIncidentId(ctx, incident.incident_id(), PathOf(path, "IncidentID"));
  if (!incident.alternative_ids().empty()) {
    Json ids = Json::array();
    for (int i = 0; i < incident.alternative_ids_size(); ++i) {
      if (auto id = WriteIncidentId(ctx, incident.alternative_ids(i),
                                    PathOf(path, "AlternativeID/IncidentID", i))) {
        ids.push_back(std::move(*id));
      }
    }
    if (!ids.empty()) object["AlternativeID"] = Json{{"IncidentID", std::move(ids)}};
  }
  WriteList(object, "RelatedActivity", path, incident.related_activities(),
            [&](const v1::RelatedActivity& a, const std::string& p) {
              return std::optional<Json>(WriteRelatedActivity(ctx, a, p));
            });
  if (incident.has_detect_time()) ctx.Time(object, path, "DetectTime", incident.detect_time());
  if (incident.has_start_time()) ctx.Time(object, path, "StartTime", incident.start_time());
  if (incident.has_end_time()) ctx.Time(object, path, "EndTime", incident.end_time());
  if (incident.has_recovery_time()) {
    ctx.Time(object, path, "RecoveryTime", incident.recovery_time());
  }
  if (incident.has_report_time()) ctx.Time(object, path, "ReportTime", incident.report_time());
  ctx.Time(object, path, "GenerationTime", incident.generation_time());
  if (!object.contains("GenerationTime")) return refuse("its GenerationTime cannot be written");
  ctx.LocalizedList(object, path, "Description", incident.descriptions());
  WriteList(object, "Discovery", path, incident.discoveries(),
            [&](const v1::Discovery& d, const std::string& p) {
              return std::optional<Json>(WriteDiscovery(ctx, d, p));
            });
  WriteList(object, "Assessment", path, incident.assessments(),
            [&](const v1::Assessment& a, const std::string& p) {
              return WriteAssessment(ctx, a, p);
            });
  WriteList(object, "Method", path, incident.methods(),
            [&](const v1::Method& m, const std::string& p) {
              return std::optional<Json>(WriteMethod(ctx, m, p));
            });
  WriteContacts(ctx, object, path, "Contact", incident.contacts());
  if (!object.contains("Contact")) {
    return refuse("it has no Contact with a role and a type, and RFC 8727 requires one");
  }
  WriteList(object, "EventData", path, incident.event_data(),
            [&](const v1::EventData& e, const std::string& p) {
              return std::optional<Json>(WriteEventData(ctx, e, p));
            });
  WriteList(object, "Indicator", path, incident.indicators(),
            [&](const v1::IodefIndicator& i, const std::string& p) {
              return WriteIndicator(ctx, i, p);
            });
  Json history = Json::object();
  WriteList(history, "HistoryItem", path + "/History", incident.history(),
            [&](const v1::HistoryItem& h, const std::string& p) {
              return WriteHistoryItem(ctx, h, p);
            });
  if (!history.empty()) object["History"] = std::move(history);
  ctx.Extensions(object, path, "AdditionalData", incident.additional_data());
  return object;
}

// Removes the value a JSON pointer names (and nothing else).
bool RemoveAt(Json& document, const std::string& pointer) {
  if (pointer.empty()) return false;
  const auto slash = pointer.rfind('/');
  const Json::json_pointer parent_pointer(pointer.substr(0, slash));
  std::string token = pointer.substr(slash + 1);
  for (std::size_t at = token.find('~'); at != std::string::npos; at = token.find('~', at + 1)) {
    token.replace(at, 2, token.compare(at, 2, "~1") == 0 ? "/" : "~");
  }
  if (!document.contains(parent_pointer)) return false;
  Json& parent = document[parent_pointer];
  if (parent.is_object()) return parent.erase(token) > 0;
  if (parent.is_array()) {
    const std::size_t index = std::stoul(token);
    if (index >= parent.size()) return false;
    parent.erase(index);
    return true;
  }
  return false;
}

}  // namespace

common::Result<Rendered> RenderJson(const std::vector<v1::Incident>& incidents) {
  if (incidents.empty()) {
    return common::Fail(common::ErrorKind::kUnmappable,
                        "an IODEF document needs at least one incident");
  }
  JsonRenderContext ctx;
  Json document = Json::object();
  document["version"] = "2.0";
  Json list = Json::array();
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    common::Result<Json> incident =
        WriteIncident(ctx, incidents[i], "Incident[" + std::to_string(i) + "]");
    if (!incident) return std::unexpected(incident.error());
    list.push_back(std::move(*incident));
  }
  document["Incident"] = std::move(list);

  // Every writer asks the data model before writing, so this finds nothing; should a writer
  // ever be wrong, the offending value is taken out (and named) rather than a document RFC 8727
  // refuses going out.
  for (int pass = 0; pass < 64; ++pass) {
    const std::vector<cddl::Violation> violations = CheckIodefJson(document, 100);
    if (violations.empty()) {
      return Rendered{document.dump(2, ' ', false, Json::error_handler_t::replace),
                      std::move(ctx.omitted())};
    }
    for (auto it = violations.rbegin(); it != violations.rend(); ++it) {
      if (!RemoveAt(document, it->pointer)) {
        return common::Fail(common::ErrorKind::kUnmappable,
                            "the model cannot be written as valid RFC 8727 JSON: " +
                                it->pointer + ": " + it->message);
      }
      ctx.Omit(it->pointer, "left out because writing it broke RFC 8727's data model (" +
                                it->message + ")");
    }
  }
  return common::Fail(common::ErrorKind::kUnmappable,
                      "the model cannot be written as valid RFC 8727 JSON");
}

}  // namespace ncirt::iodef
