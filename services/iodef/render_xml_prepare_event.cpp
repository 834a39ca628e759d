// PrepareForXml(): EventData and what it holds, Method, History and RelatedActivity.
#include "iodef/map_values.hpp"
#include "iodef/render_xml_preparer.hpp"

namespace ncirt::iodef {
void Preparer::EventData(v1::EventData* event, const std::string& path) {
  Restriction(event->mutable_restriction(), path);
  Texts(event->mutable_descriptions(), path, "Description");
  Contacts(event->mutable_contacts(), path);
  for (int i = 0; i < event->discoveries_size(); ++i) {
    v1::Discovery* discovery = event->mutable_discoveries(i);
    const std::string here = Indexed(path, "Discovery", i);
    Token(EnumAttr::kDiscoverySource, discovery->mutable_source(),
          discovery->mutable_ext_source(), here);
    Restriction(discovery->mutable_restriction(), here);
    Texts(discovery->mutable_descriptions(), here, "Description");
    Contacts(discovery->mutable_contacts(), here);
  }
  if (event->has_assessment() && !Assessment(event->mutable_assessment(), Sub(path, "Assessment"))) {
    event->clear_assessment();
  }
  for (int i = 0; i < event->methods_size(); ++i) {
    Method(event->mutable_methods(i), Indexed(path, "Method", i));
  }
  for (int i = 0; i < event->systems_size(); ++i) {
    System(event->mutable_systems(i), Indexed(path, "Flow/System", i));
  }
  for (int i = 0; i < event->expectations_size(); ++i) {
    v1::Expectation* expectation = event->mutable_expectations(i);
    const std::string here = Indexed(path, "Expectation", i);
    Token(EnumAttr::kAction, expectation->mutable_action(), expectation->mutable_ext_action(),
          here);
    Restriction(expectation->mutable_restriction(), here);
    Texts(expectation->mutable_descriptions(), here, "Description");
    if (expectation->has_contact() &&
        !Contact(expectation->mutable_contact(), Sub(here, "Contact"))) {
      expectation->clear_contact();
    }
  }
  for (int i = 0; i < event->event_data_size(); ++i) {
    EventData(event->mutable_event_data(i), Indexed(path, "EventData", i));
  }
  Extensions(event->mutable_additional_data(), path);
}

void Preparer::System(v1::System* system, const std::string& path) {
  system->set_category(Canon(system->category(), system->mutable_ext_category(), path));
  Plain(EnumAttr::kYesNoUnknown, system->mutable_spoofed(), path);
  Plain(EnumAttr::kYesNoUnknown, system->mutable_virtual_(), path);
  Token(EnumAttr::kSystemOwnership, system->mutable_ownership(), system->mutable_ext_ownership(),
        path);
  Restriction(system->mutable_restriction(), path);
  v1::Node* node = system->mutable_node();
  const std::string node_path = Sub(path, "Node");
  // IODEF v1 NodeName: v2 names a node with DomainData/Name.
  for (const std::string& name : node->node_names()) node->add_domain_data()->set_name(name);
  node->clear_node_names();
  for (int i = 0; i < node->domain_data_size(); ++i) {
    DomainData(node->mutable_domain_data(i), Indexed(node_path, "DomainData", i));
  }
  KeepIf(node->mutable_addresses(), [&](v1::Address* address, int i) {
    return Address(address, Indexed(node_path, "Address", i));
  });
  Texts(node->mutable_locations(), node_path, "Location");
  KeepIf(node->mutable_counters(), [&](v1::Counter* counter, int i) {
    return Counter(counter, Indexed(node_path, "Counter", i));
  });
  KeepIf(system->mutable_node_roles(), [&](v1::NodeRole* role, int i) {
    return NodeRole(role, Indexed(path, "NodeRole", i));
  });
  for (int i = 0; i < system->services_size(); ++i) {
    Service(system->mutable_services(i), Indexed(path, "Service", i));
  }
  KeepIf(system->mutable_counters(), [&](v1::Counter* counter, int i) {
    return Counter(counter, Indexed(path, "Counter", i));
  });
  Texts(system->mutable_descriptions(), path, "Description");
}

bool Preparer::Address(v1::Address* address, const std::string& path) {
  // No category means IODEF v2's default; written out, as the mapper makes it explicit.
  if (address->category() == v1::ADDRESS_CATEGORY_UNSPECIFIED && address->ext_category().empty()) {
    address->set_category(v1::ADDRESS_CATEGORY_IPV6_ADDR);
  }
  address->set_category(Canon(address->category(), address->mutable_ext_category(), path));
  (void)path;
  return true;
}

void Preparer::DomainData(v1::DomainData* domain, const std::string& path) {
  Token(EnumAttr::kDomainSystemStatus, domain->mutable_system_status(),
        domain->mutable_ext_system_status(), path);
  Token(EnumAttr::kDomainDomainStatus, domain->mutable_domain_status(),
        domain->mutable_ext_domain_status(), path);
  // RFC 7970 §3.19 requires both statuses (the XSD does not say so); "unknown" is their value
  // when the source did not state them (or stated them unreadably).
  if (domain->system_status().empty()) domain->set_system_status("unknown");
  if (domain->domain_status().empty()) domain->set_domain_status("unknown");
  KeepIf(domain->mutable_nameserver_records(), [&](v1::Nameserver* record, int i) {
    const std::string here = Indexed(path, "Nameservers", i);
    KeepIf(record->mutable_addresses(), [&](v1::Address* address, int k) {
      return Address(address, Indexed(here, "Address", k));
    });
    if (record->server().empty() || record->addresses().empty()) {
      Omit(here, "Nameservers needs a Server and at least one Address");
      return false;
    }
    return true;
  });
  // The names list follows the records; a name without a record has no address to write.
  std::vector<std::string> names;
  for (const v1::Nameserver& record : domain->nameserver_records()) names.push_back(record.server());
  std::size_t next = 0;
  for (const std::string& name : domain->nameservers()) {
    if (next < names.size() && names[next] == name) {
      ++next;
    } else {
      Omit(Sub(path, "Nameservers"), "name server '" + name + "' without its addresses");
    }
  }
  domain->clear_nameservers();
  for (const std::string& name : names) domain->add_nameservers(name);
}

void Preparer::Service(v1::Service* service, const std::string& path) {
  if (!service->port_list().empty() && !IsPortlist(service->port_list())) {
    Omit(Sub(path, "Portlist"), "'" + service->port_list() + "' is not a port list");
    service->clear_port_list();
  }
}

bool Preparer::NodeRole(v1::NodeRole* role, const std::string& path) {
  Texts(role->mutable_descriptions(), path, "Description");
  return Token(EnumAttr::kNodeRoleCategory, role->mutable_category(), role->mutable_ext_category(),
               path, true);
}

void Preparer::Reference(v1::Reference* reference, const std::string& path) {
  Texts(reference->mutable_descriptions(), path, "Description");
}

void Preparer::Method(v1::Method* method, const std::string& path) {
  Restriction(method->mutable_restriction(), path);
  for (int i = 0; i < method->references_size(); ++i) {
    Reference(method->mutable_references(i), Indexed(path, "Reference", i));
  }
  Texts(method->mutable_descriptions(), path, "Description");
  Extensions(method->mutable_additional_data(), path);
}

bool Preparer::HistoryItem(v1::HistoryItem* item, const std::string& path) {
  if (!item->has_date_time()) {
    Omit(path, "HistoryItem without DateTime, which the schema requires");
    return false;
  }
  if (!Token(EnumAttr::kAction, item->mutable_action(), item->mutable_ext_action(), path, true)) {
    return false;
  }
  Restriction(item->mutable_restriction(), path);
  if (item->has_incident_id() && !IncidentId(item->mutable_incident_id(), Sub(path, "IncidentID"))) {
    item->clear_incident_id();
  }
  if (item->has_contact() && !Contact(item->mutable_contact(), Sub(path, "Contact"))) {
    item->clear_contact();
  }
  Texts(item->mutable_descriptions(), path, "Description");
  return true;
}

void Preparer::RelatedActivity(v1::RelatedActivity* activity, const std::string& path) {
  Restriction(activity->mutable_restriction(), path);
  KeepIf(activity->mutable_incident_ids(), [&](v1::IncidentId* id, int i) {
    return IncidentId(id, Indexed(path, "IncidentID", i));
  });
  KeepIf(activity->mutable_threat_actors(), [&](v1::ThreatActor* actor, int i) {
    const std::string here = Indexed(path, "ThreatActor", i);
    if (actor->urls().empty()) {
      Omit(here, "ThreatActor without URL, which RFC 7970's schema requires");
      return false;
    }
    Restriction(actor->mutable_restriction(), here);
    Texts(actor->mutable_descriptions(), here, "Description");
    return true;
  });
  for (int i = 0; i < activity->campaigns_size(); ++i) {
    v1::Campaign* campaign = activity->mutable_campaigns(i);
    Restriction(campaign->mutable_restriction(), Indexed(path, "Campaign", i));
    Texts(campaign->mutable_descriptions(), Indexed(path, "Campaign", i), "Description");
  }
  KeepIf(activity->mutable_indicator_ids(), [&](v1::IndicatorId* id, int i) {
    if (IndicatorIdOk(*id)) return true;
    Omit(Indexed(path, "IndicatorID", i),
         "IndicatorID '" + id->id() + "' needs an xs:ID value, a name and a version");
    return false;
  });
  if (activity->has_confidence() &&
      !ConfidenceOk(activity->mutable_confidence(), Sub(path, "Confidence"))) {
    activity->clear_confidence();
  }
  Texts(activity->mutable_descriptions(), path, "Description");
}

}  // namespace ncirt::iodef
