// XmlWriter: Assessment, Method, Reference, Discovery, EventData and Flow/System with what a
// System holds.
#include "iodef/map_values.hpp"
#include "iodef/render_xml_writer.hpp"

namespace ncirt::iodef {
namespace {

void BusinessImpact(XmlWriter& w, xmlNode* parent, std::string_view name,
                    const v1::BusinessImpact& impact) {
  xmlNode* node = w.Element(parent, name);
  w.Token(node, EnumAttr::kBusinessImpactSeverity, impact.severity(), impact.ext_severity());
  w.Token(node, EnumAttr::kBusinessImpactType, impact.type(), impact.ext_type());
  w.Localized(node, "Description", impact.descriptions());
}

void Impact(XmlWriter& w, xmlNode* parent, const v1::Impact& impact) {
  switch (impact.kind_case()) {
    case v1::Impact::kSystem: {
      const v1::SystemImpact& s = impact.system();
      xmlNode* node = w.Element(parent, "SystemImpact");
      w.Enum(node, s.severity(), "");
      w.Attr(node, "completion", s.completion());
      w.Token(node, EnumAttr::kSystemImpactType, s.type(), s.ext_type());
      w.Localized(node, "Description", s.descriptions());
      return;
    }
    case v1::Impact::kBusiness:
      BusinessImpact(w, parent, "BusinessImpact", impact.business());
      return;
    case v1::Impact::kIntended:
      BusinessImpact(w, parent, "IntendedImpact", impact.intended());
      return;
    case v1::Impact::kTime: {
      const v1::TimeImpact& t = impact.time();
      xmlNode* node = w.TextElement(parent, "TimeImpact", WriteDouble(t.value()));
      w.Enum(node, t.severity(), "");
      w.Token(node, EnumAttr::kTimeImpactMetric, t.metric(), t.ext_metric());
      w.Token(node, EnumAttr::kDuration, t.duration(), t.ext_duration());
      return;
    }
    case v1::Impact::kMonetary: {
      const v1::MonetaryImpact& m = impact.monetary();
      xmlNode* node = w.TextElement(parent, "MonetaryImpact", WriteDouble(m.value()));
      w.Enum(node, m.severity(), "");
      w.Attr(node, "currency", m.currency());
      return;
    }
    case v1::Impact::kV1Impact:   // preparation upgraded it to kSystem
    case v1::Impact::KIND_NOT_SET:  // preparation left it out
      return;
  }
}

}  // namespace

void XmlWriter::Assessment(xmlNode* parent, const v1::Assessment& assessment) {
  xmlNode* node = Element(parent, "Assessment");
  Attr(node, "occurrence", assessment.occurrence());
  Restriction(node, assessment.restriction());
  Attr(node, "observable-id", assessment.observable_id());
  Localized(node, "IncidentCategory", assessment.incident_categories());
  for (const v1::Impact& impact : assessment.impacts()) Impact(*this, node, impact);
  for (const v1::Counter& counter : assessment.counters()) Counter(node, counter);
  Localized(node, "MitigatingFactor", assessment.mitigating_factors());
  Localized(node, "Cause", assessment.causes());
  if (assessment.has_confidence()) Confidence(node, assessment.confidence());
  Extensions(node, "AdditionalData", assessment.additional_data());
}

void XmlWriter::Reference(xmlNode* parent, const v1::Reference& reference) {
  xmlNode* node = Element(parent, "Reference");
  Attr(node, "observable-id", reference.observable_id());
  if (!reference.name().empty() || !reference.name_spec_index().empty() ||
      !reference.name_id().empty()) {
    xmlNode* name = EnumNsElement(node, "ReferenceName", reference.name());
    Attr(name, "specIndex", reference.name_spec_index());
    Attr(name, "ID", reference.name_id());
  }
  Strings(node, "URL", reference.urls());
  Localized(node, "Description", reference.descriptions());
}

void XmlWriter::Method(xmlNode* parent, const v1::Method& method) {
  xmlNode* node = Element(parent, "Method");
  Restriction(node, method.restriction());
  for (const v1::Reference& reference : method.references()) Reference(node, reference);
  Localized(node, "Description", method.descriptions());
  Extensions(node, "AdditionalData", method.additional_data());
}

void XmlWriter::Discovery(xmlNode* parent, const v1::Discovery& discovery) {
  xmlNode* node = Element(parent, "Discovery");
  Token(node, EnumAttr::kDiscoverySource, discovery.source(), discovery.ext_source());
  Restriction(node, discovery.restriction());
  Localized(node, "Description", discovery.descriptions());
  for (const v1::Contact& contact : discovery.contacts()) Contact(node, contact);
}

void XmlWriter::EventData(xmlNode* parent, const v1::EventData& event) {
  xmlNode* node = Element(parent, "EventData");
  Restriction(node, event.restriction());
  Attr(node, "observable-id", event.observable_id());
  Localized(node, "Description", event.descriptions());
  if (event.has_detect_time()) Time(node, "DetectTime", event.detect_time());
  if (event.has_start_time()) Time(node, "StartTime", event.start_time());
  if (event.has_end_time()) Time(node, "EndTime", event.end_time());
  if (event.has_recovery_time()) Time(node, "RecoveryTime", event.recovery_time());
  if (event.has_report_time()) Time(node, "ReportTime", event.report_time());
  for (const v1::Contact& contact : event.contacts()) Contact(node, contact);
  for (const v1::Discovery& discovery : event.discoveries()) Discovery(node, discovery);
  if (event.has_assessment()) Assessment(node, event.assessment());
  for (const v1::Method& method : event.methods()) Method(node, method);
  // The model keeps Systems without their Flow grouping; they go out as one Flow.
  if (!event.systems().empty()) {
    xmlNode* flow = Element(node, "Flow");
    for (const v1::System& system : event.systems()) System(flow, system);
  }
  for (const v1::Expectation& expectation : event.expectations()) {
    xmlNode* child = Element(node, "Expectation");
    Token(child, EnumAttr::kAction, expectation.action(), expectation.ext_action());
    Enum(child, expectation.severity(), "");
    Restriction(child, expectation.restriction());
    Localized(child, "Description", expectation.descriptions());
    if (expectation.has_start_time()) Time(child, "StartTime", expectation.start_time());
    if (expectation.has_end_time()) Time(child, "EndTime", expectation.end_time());
    if (expectation.has_contact()) Contact(child, expectation.contact());
  }
  for (const v1::EventData& nested : event.event_data()) EventData(node, nested);
  Extensions(node, "AdditionalData", event.additional_data());
}

void XmlWriter::System(xmlNode* parent, const v1::System& system) {
  xmlNode* node = Element(parent, "System");
  Enum(node, system.category(), system.ext_category());
  Attr(node, "interface", system.interface());
  Attr(node, "spoofed", system.spoofed());
  Attr(node, "virtual", system.virtual_());
  Token(node, EnumAttr::kSystemOwnership, system.ownership(), system.ext_ownership());
  Restriction(node, system.restriction());
  Attr(node, "observable-id", system.observable_id());
  xmlNode* child = Element(node, "Node");
  for (const v1::DomainData& domain : system.node().domain_data()) DomainData(child, domain);
  for (const v1::Address& address : system.node().addresses()) Address(child, address);
  Localized(child, "Location", system.node().locations());
  for (const v1::Counter& counter : system.node().counters()) Counter(child, counter);
  for (const v1::NodeRole& role : system.node_roles()) NodeRole(node, role);
  for (const v1::Service& service : system.services()) Service(node, service);
  for (const v1::Counter& counter : system.counters()) Counter(node, counter);
  Strings(node, "AssetID", system.asset_ids());
  Localized(node, "Description", system.descriptions());
}

void XmlWriter::Address(xmlNode* parent, const v1::Address& address) {
  xmlNode* node = TextElement(parent, "Address", address.value());
  Enum(node, address.category(), address.ext_category());
  Attr(node, "vlan-name", address.vlan_name());
  if (address.has_vlan_num()) Attr(node, "vlan-num", std::to_string(address.vlan_num()));
  Attr(node, "observable-id", address.observable_id());
}

void XmlWriter::DomainData(xmlNode* parent, const v1::DomainData& domain) {
  xmlNode* node = Element(parent, "DomainData");
  Token(node, EnumAttr::kDomainSystemStatus, domain.system_status(), domain.ext_system_status());
  Token(node, EnumAttr::kDomainDomainStatus, domain.domain_status(), domain.ext_domain_status());
  Attr(node, "observable-id", domain.observable_id());
  TextElement(node, "Name", domain.name());
  if (domain.has_date_domain_was_checked()) {
    Time(node, "DateDomainWasChecked", domain.date_domain_was_checked());
  }
  if (domain.has_registration_date()) Time(node, "RegistrationDate", domain.registration_date());
  if (domain.has_expiration_date()) Time(node, "ExpirationDate", domain.expiration_date());
  for (const v1::Nameserver& record : domain.nameserver_records()) {
    xmlNode* child = Element(node, "Nameservers");
    TextElement(child, "Server", record.server());
    for (const v1::Address& address : record.addresses()) Address(child, address);
  }
}

void XmlWriter::Service(xmlNode* parent, const v1::Service& service) {
  xmlNode* node = Element(parent, "Service");
  if (service.has_ip_protocol()) Attr(node, "ip-protocol", std::to_string(service.ip_protocol()));
  Attr(node, "observable-id", service.observable_id());
  if (!service.iana_service().empty() || !service.urls().empty()) {
    xmlNode* name = Element(node, "ServiceName");
    if (!service.iana_service().empty()) TextElement(name, "IANAService", service.iana_service());
    Strings(name, "URL", service.urls());
  }
  if (service.has_port()) TextElement(node, "Port", std::to_string(service.port()));
  if (!service.port_list().empty()) TextElement(node, "Portlist", service.port_list());
}

void XmlWriter::NodeRole(xmlNode* parent, const v1::NodeRole& role) {
  xmlNode* node = Element(parent, "NodeRole");
  Token(node, EnumAttr::kNodeRoleCategory, role.category(), role.ext_category());
  Localized(node, "Description", role.descriptions());
}

}  // namespace ncirt::iodef
