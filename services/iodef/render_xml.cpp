// RenderXml(): prepare the model (render_xml_prepare.hpp), then write it (render_xml_writer.hpp).
#include <memory>

#include "iodef/codec.hpp"
#include "iodef/render_xml_prepare.hpp"
#include "iodef/render_xml_writer.hpp"
#include "iodef/xml_parser.hpp"

namespace ncirt::iodef {
namespace {

void RelatedActivity(XmlWriter& w, xmlNode* parent, const v1::RelatedActivity& activity) {
  xmlNode* node = w.Element(parent, "RelatedActivity");
  w.Restriction(node, activity.restriction());
  for (const v1::IncidentId& id : activity.incident_ids()) w.IncidentId(node, id);
  w.Strings(node, "URL", activity.urls());
  for (const v1::ThreatActor& actor : activity.threat_actors()) {
    xmlNode* child = w.Element(node, "ThreatActor");
    w.Restriction(child, actor.restriction());
    if (!actor.id().empty()) w.TextElement(child, "ThreatActorID", actor.id());
    w.Strings(child, "URL", actor.urls());
    w.Localized(child, "Description", actor.descriptions());
  }
  for (const v1::Campaign& campaign : activity.campaigns()) {
    xmlNode* child = w.Element(node, "Campaign");
    w.Restriction(child, campaign.restriction());
    if (!campaign.id().empty()) w.TextElement(child, "CampaignID", campaign.id());
    w.Strings(child, "URL", campaign.urls());
    w.Localized(child, "Description", campaign.descriptions());
  }
  for (const v1::IndicatorId& id : activity.indicator_ids()) w.IndicatorId(node, id);
  if (activity.has_confidence()) w.Confidence(node, activity.confidence());
  w.Localized(node, "Description", activity.descriptions());
}

void HistoryItem(XmlWriter& w, xmlNode* parent, const v1::HistoryItem& item) {
  xmlNode* node = w.Element(parent, "HistoryItem");
  w.Token(node, EnumAttr::kAction, item.action(), item.ext_action());
  w.Restriction(node, item.restriction());
  w.Time(node, "DateTime", item.date_time());
  if (item.has_incident_id()) w.IncidentId(node, item.incident_id());
  if (item.has_contact()) w.Contact(node, item.contact());
  w.Localized(node, "Description", item.descriptions());
}

void Incident(XmlWriter& w, const v1::Incident& incident) {
  xmlNode* node = w.Element(w.root(), "Incident");
  w.Enum(node, incident.purpose(), incident.ext_purpose());
  w.Enum(node, incident.status(), incident.ext_status());
  w.Lang(node, incident.lang());
  w.Restriction(node, incident.restriction());
  w.Attr(node, "observable-id", incident.observable_id());
  w.IncidentId(node, incident.incident_id());
  if (!incident.alternative_ids().empty()) {
    xmlNode* alternative = w.Element(node, "AlternativeID");
    for (const v1::IncidentId& id : incident.alternative_ids()) w.IncidentId(alternative, id);
  }
  for (const v1::RelatedActivity& activity : incident.related_activities()) {
    RelatedActivity(w, node, activity);
  }
  if (incident.has_detect_time()) w.Time(node, "DetectTime", incident.detect_time());
  if (incident.has_start_time()) w.Time(node, "StartTime", incident.start_time());
  if (incident.has_end_time()) w.Time(node, "EndTime", incident.end_time());
  if (incident.has_recovery_time()) w.Time(node, "RecoveryTime", incident.recovery_time());
  if (incident.has_report_time()) w.Time(node, "ReportTime", incident.report_time());
  w.Time(node, "GenerationTime", incident.generation_time());
  w.Localized(node, "Description", incident.descriptions());
  for (const v1::Discovery& discovery : incident.discoveries()) w.Discovery(node, discovery);
  for (const v1::Assessment& assessment : incident.assessments()) w.Assessment(node, assessment);
  for (const v1::Method& method : incident.methods()) w.Method(node, method);
  for (const v1::Contact& contact : incident.contacts()) w.Contact(node, contact);
  for (const v1::EventData& event : incident.event_data()) w.EventData(node, event);
  if (!incident.indicators().empty()) {
    xmlNode* data = w.Element(node, "IndicatorData");
    for (const v1::IodefIndicator& indicator : incident.indicators()) w.Indicator(data, indicator);
  }
  if (!incident.history().empty()) {
    xmlNode* history = w.Element(node, "History");
    for (const v1::HistoryItem& item : incident.history()) HistoryItem(w, history, item);
  }
  w.Extensions(node, "AdditionalData", incident.additional_data());
}

}  // namespace

common::Result<Rendered> RenderXml(const std::vector<v1::Incident>& incidents) {
  if (incidents.empty()) {
    return common::Fail(common::ErrorKind::kUnmappable,
                        "an IODEF-Document needs at least one Incident; none given");
  }
  // Rendering may be a process's first use of libxml2, from many threads at once (a receiver's
  // first window of Shares): libxml2's lazy initialisation is not thread-safe.
  InitXmlLibrary();
  common::Result<PreparedDocument> prepared = PrepareForXml(incidents);
  if (!prepared) return std::unexpected(prepared.error());

  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")), &xmlFreeDoc);
  XmlWriter writer(doc.get());
  writer.Attr(writer.root(), "version", "2.00");
  writer.Lang(writer.root(), prepared->lang);
  for (const v1::Incident& incident : prepared->incidents) Incident(writer, incident);

  xmlChar* bytes = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc.get(), &bytes, &size, "UTF-8", 1);
  if (bytes == nullptr) {
    // Only an allocation failure gets here.
    throw std::bad_alloc();
  }
  Rendered rendered;
  rendered.document.assign(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  xmlFree(bytes);
  rendered.omitted = std::move(prepared->omitted);
  return rendered;
}

}  // namespace ncirt::iodef
