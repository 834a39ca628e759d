// System, Node, Address, DomainData, Service and NodeRole as RFC 8727 JSON.
#include "iodef/json_render_classes.hpp"

namespace ncirt::iodef {
namespace {

// RFC 8727's Node holds DomainData or Address (not both), and must hold one of them. IODEF v1's
// NodeName has no place of its own in IODEF v2; like RenderXml(), a name is written as the
// DomainData it stands for.
std::optional<Json> WriteNode(JsonRenderContext& ctx, const v1::Node& node,
                              const std::string& path) {
  Json object = Json::object();
  if (!node.addresses().empty()) {
    Json addresses = Json::array();
    for (int i = 0; i < node.addresses_size(); ++i) {
      addresses.push_back(WriteAddress(ctx, node.addresses(i), PathOf(path, "Address", i)));
    }
    object["Address"] = std::move(addresses);
    for (int i = 0; i < node.domain_data_size(); ++i) {
      ctx.Omit(PathOf(path, "DomainData", i),
               "RFC 8727's Node holds Address or DomainData, not both; left out");
    }
  } else if (!node.domain_data().empty()) {
    Json domains = Json::array();
    for (int i = 0; i < node.domain_data_size(); ++i) {
      domains.push_back(WriteDomainData(ctx, node.domain_data(i), PathOf(path, "DomainData", i)));
    }
    object["DomainData"] = std::move(domains);
  } else if (!node.node_names().empty()) {
    Json domains = Json::array();
    for (const std::string& name : node.node_names()) {
      v1::DomainData domain;
      domain.set_name(name);
      domains.push_back(WriteDomainData(ctx, domain, PathOf(path, "NodeName")));
    }
    object["DomainData"] = std::move(domains);
  } else {
    ctx.Omit(path, "a Node needs an Address or a DomainData in RFC 8727");
    return std::nullopt;
  }
  if (!node.addresses().empty() || !node.domain_data().empty()) {
    for (int i = 0; i < node.node_names_size(); ++i) {
      ctx.Omit(PathOf(path, "NodeName", i), "a NodeName beside Address or DomainData has no "
                                            "place in RFC 8727; left out");
    }
  }
  ctx.LocalizedList(object, path, "Location", node.locations());
  WriteCounters(ctx, object, path, node.counters());
  return object;
}

}  // namespace

std::optional<Json> WriteSystem(JsonRenderContext& ctx, const v1::System& system,
                                const std::string& path) {
  std::optional<Json> node = WriteNode(ctx, system.node(), PathOf(path, "Node"));
  if (!node) {
    ctx.Omit(path, "a System needs a Node with an Address or a DomainData; left out");
    return std::nullopt;
  }
  Json object = Json::object();
  ctx.Enum(object, "System", path, system.category(), system.ext_category());
  ctx.Text(object, "System", path, "interface", system.interface());
  ctx.Token(object, "System", path, EnumAttr::kYesNoUnknown, system.spoofed(), "", "spoofed", "");
  ctx.Token(object, "System", path, EnumAttr::kYesNoUnknown, system.virtual_(), "", "virtual",
            "");
  ctx.Token(object, "System", path, EnumAttr::kSystemOwnership, system.ownership(),
            system.ext_ownership());
  ctx.Restriction(object, "System", path, system.restriction());
  ctx.Text(object, "System", path, "observable-id", system.observable_id());
  object["Node"] = std::move(*node);
  WriteNodeRoles(ctx, object, path, system.node_roles());
  Json services = Json::array();
  for (int i = 0; i < system.services_size(); ++i) {
    services.push_back(WriteService(ctx, system.services(i), PathOf(path, "Service", i)));
  }
  if (!services.empty()) object["Service"] = std::move(services);
  WriteCounters(ctx, object, path, system.counters());
  ctx.Strings(object, "AssetID", system.asset_ids());
  ctx.LocalizedList(object, path, "Description", system.descriptions());
  return object;
}

Json WriteAddress(JsonRenderContext& ctx, const v1::Address& address, const std::string& path) {
  Json object = Json::object();
  object["value"] = address.value();
  // RFC 8727 requires the category; its default, ipv6-addr, is what an absent one means.
  ctx.Enum(object, "Address", path,
           address.category() == v1::ADDRESS_CATEGORY_UNSPECIFIED ? v1::ADDRESS_CATEGORY_IPV6_ADDR
                                                                  : address.category(),
           address.ext_category());
  if (!object.contains("category")) object["category"] = "ipv6-addr";
  ctx.Text(object, "Address", path, "vlan-name", address.vlan_name());
  if (address.has_vlan_num()) object["vlan-num"] = address.vlan_num();
  ctx.Text(object, "Address", path, "observable-id", address.observable_id());
  return object;
}

Json WriteDomainData(JsonRenderContext& ctx, const v1::DomainData& domain,
                     const std::string& path) {
  Json object = Json::object();
  // Both statuses are required; "unknown" is what a model without them knows.
  ctx.Token(object, "DomainData", path, EnumAttr::kDomainSystemStatus,
            domain.system_status().empty() ? "unknown" : domain.system_status(),
            domain.ext_system_status());
  ctx.Token(object, "DomainData", path, EnumAttr::kDomainDomainStatus,
            domain.domain_status().empty() ? "unknown" : domain.domain_status(),
            domain.ext_domain_status());
  if (!object.contains("system-status")) object["system-status"] = "unknown";
  if (!object.contains("domain-status")) object["domain-status"] = "unknown";
  ctx.Text(object, "DomainData", path, "observable-id", domain.observable_id());
  object["Name"] = domain.name();
  if (domain.has_date_domain_was_checked()) {
    ctx.Time(object, path, "DateDomainWasChecked", domain.date_domain_was_checked());
  }
  if (domain.has_registration_date()) {
    ctx.Time(object, path, "RegistrationDate", domain.registration_date());
  }
  if (domain.has_expiration_date()) {
    ctx.Time(object, path, "ExpirationDate", domain.expiration_date());
  }
  Json servers = Json::array();
  for (int i = 0; i < domain.nameserver_records_size(); ++i) {
    const v1::Nameserver& record = domain.nameserver_records(i);
    const std::string here = PathOf(path, "NameServers", i);
    if (record.addresses().empty()) {
      ctx.Omit(here, "RFC 8727's NameServers needs at least one Address; left out");
      continue;
    }
    Json server = Json::object();
    server["Server"] = record.server();
    Json addresses = Json::array();
    for (int j = 0; j < record.addresses_size(); ++j) {
      addresses.push_back(WriteAddress(ctx, record.addresses(j), PathOf(here, "Address", j)));
    }
    server["Address"] = std::move(addresses);
    servers.push_back(std::move(server));
  }
  if (domain.nameserver_records().empty() && !domain.nameservers().empty()) {
    ctx.Omit(PathOf(path, "NameServers"), "name servers without addresses, which RFC 8727 "
                                          "requires; left out");
  }
  if (!servers.empty()) object["NameServers"] = std::move(servers);
  return object;
}

Json WriteService(JsonRenderContext& ctx, const v1::Service& service, const std::string& path) {
  Json object = Json::object();
  if (service.has_ip_protocol()) object["ip-protocol"] = service.ip_protocol();
  ctx.Text(object, "Service", path, "observable-id", service.observable_id());
  if (!service.iana_service().empty() || !service.urls().empty()) {
    Json name = Json::object();
    ctx.Text(name, "ServiceName", PathOf(path, "ServiceName"), "IANAService",
             service.iana_service());
    ctx.Urls(name, PathOf(path, "ServiceName"), "URL", service.urls());
    if (!name.empty()) object["ServiceName"] = std::move(name);
  }
  if (service.has_port()) object["Port"] = service.port();
  ctx.Text(object, "Service", path, "Portlist", service.port_list());
  return object;
}

void WriteNodeRoles(JsonRenderContext& ctx, Json& out, const std::string& path,
                    const google::protobuf::RepeatedPtrField<v1::NodeRole>& roles) {
  Json list = Json::array();
  for (int i = 0; i < roles.size(); ++i) {
    const std::string here = PathOf(path, "NodeRole", i);
    Json object = Json::object();
    ctx.Token(object, "NodeRole", here, EnumAttr::kNodeRoleCategory, roles[i].category(),
              roles[i].ext_category());
    if (!object.contains("category")) {
      ctx.Omit(here, "a NodeRole needs a category; left out");
      continue;
    }
    ctx.LocalizedList(object, here, "Description", roles[i].descriptions());
    list.push_back(std::move(object));
  }
  if (!list.empty()) out["NodeRole"] = std::move(list);
}

}  // namespace ncirt::iodef
