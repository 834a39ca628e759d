// System, Node, Address, DomainData, Service and NodeRole (v2 and v1).
#include <limits>

#include "iodef/map_classes.hpp"

namespace ncirt::iodef {
namespace {

std::optional<std::int32_t> ReadInt32(MapContext& ctx, const xmlNode* node, std::string_view text,
                                      std::string_view what, std::string_view attribute = {}) {
  const std::optional<std::int64_t> value = ctx.Integer(node, text, what, attribute);
  if (!value) return std::nullopt;
  if (*value < std::numeric_limits<std::int32_t>::min() ||
      *value > std::numeric_limits<std::int32_t>::max()) {
    ctx.Warn(node, std::string(what) + " " + std::to_string(*value) + " is out of range; left unset");
    return std::nullopt;
  }
  return static_cast<std::int32_t>(*value);
}

// Node's content goes to the System's Node; v1's NodeRole (inside Node) goes to the System,
// where v2 has it.
void MapNodeInto(MapContext& ctx, const xmlNode* node, v1::System& system) {
  v1::Node& target = *system.mutable_node();
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (ctx.Is(child, "Address")) {
      *target.add_addresses() = MapAddress(ctx, child);
    } else if (ctx.Is(child, "DomainData") && !ctx.v1()) {
      *target.add_domain_data() = MapDomainData(ctx, child);
    } else if (ctx.Is(child, "NodeName") && ctx.v1()) {
      target.add_node_names(Text(child));
    }
  }
  ctx.ReadLocalized(node, "Location", target.mutable_locations());
  if (ctx.v1()) {
    for (const xmlNode* child : ctx.Children(node, "NodeRole")) {
      *system.add_node_roles() = MapNodeRole(ctx, child);
    }
  }
  for (const xmlNode* child : ctx.Children(node, "Counter")) {
    *target.add_counters() = MapCounter(ctx, child);
  }
}

}  // namespace

v1::System MapSystem(MapContext& ctx, const xmlNode* node) {
  v1::System system;
  const EnumRead<v1::SystemCategory> category = ctx.Enum<v1::SystemCategory>(node);
  system.set_category(category.value);
  system.set_ext_category(category.ext);
  if (std::optional<std::string> interface = Attribute(node, "interface")) {
    system.set_interface(*interface);
  }
  system.set_spoofed(ctx.Token(node, EnumAttr::kYesNoUnknown, "spoofed", "").token);
  if (!ctx.v1()) {
    system.set_virtual_(ctx.Token(node, EnumAttr::kYesNoUnknown, "virtual", "").token);
    const TokenRead ownership = ctx.Token(node, EnumAttr::kSystemOwnership);
    system.set_ownership(ownership.token);
    system.set_ext_ownership(ownership.ext);
  }
  ctx.ReadRestriction(node, system.mutable_restriction());
  if (std::optional<std::string> id = Attribute(node, "observable-id")) {
    system.set_observable_id(*id);
  }
  const std::vector<const xmlNode*> nodes = ctx.Children(node, "Node");
  if (nodes.empty()) ctx.Warn(node, "System without Node");
  if (nodes.size() > 1) {
    ctx.Warn(nodes[1], "System has " + std::to_string(nodes.size()) +
                           " Node elements where the schema allows one; their content is merged");
  }
  for (const xmlNode* child : nodes) MapNodeInto(ctx, child, system);
  if (!ctx.v1()) {
    for (const xmlNode* child : ctx.Children(node, "NodeRole")) {
      *system.add_node_roles() = MapNodeRole(ctx, child);
    }
  }
  for (const xmlNode* child : ctx.Children(node, "Service")) {
    *system.add_services() = MapService(ctx, child);
  }
  for (const xmlNode* child : ctx.Children(node, "Counter")) {
    *system.add_counters() = MapCounter(ctx, child);
  }
  ctx.ReadStrings(node, "AssetID", system.mutable_asset_ids());
  ctx.ReadLocalized(node, "Description", system.mutable_descriptions());
  return system;
}

v1::Address MapAddress(MapContext& ctx, const xmlNode* node) {
  v1::Address address;
  address.set_value(Text(node));
  const EnumRead<v1::AddressCategory> category = ctx.Enum<v1::AddressCategory>(node);
  address.set_category(category.value);
  address.set_ext_category(category.ext);
  if (category.status == TokenStatus::kAbsent) {
    // The schemas' defaults differ: RFC 5070 says ipv4-addr, RFC 7970 says ipv6-addr.
    address.set_category(ctx.v1() ? v1::ADDRESS_CATEGORY_IPV4_ADDR
                                  : v1::ADDRESS_CATEGORY_IPV6_ADDR);
  }
  if (std::optional<std::string> name = Attribute(node, "vlan-name")) {
    address.set_vlan_name(*name);
  }
  if (std::optional<std::string> num = Attribute(node, "vlan-num")) {
    if (std::optional<std::int64_t> value = ctx.Integer(node, *num, "vlan-num", "vlan-num")) {
      address.set_vlan_num(*value);
    }
  }
  if (std::optional<std::string> id = Attribute(node, "observable-id")) {
    address.set_observable_id(*id);
  }
  return address;
}

v1::DomainData MapDomainData(MapContext& ctx, const xmlNode* node) {
  v1::DomainData domain;
  if (std::optional<std::string> name = ctx.ChildText(node, "Name")) {
    domain.set_name(*name);
  } else {
    ctx.Warn(node, "DomainData without Name");
  }
  const TokenRead system_status = ctx.Token(node, EnumAttr::kDomainSystemStatus);
  domain.set_system_status(system_status.token);
  domain.set_ext_system_status(system_status.ext);
  const TokenRead domain_status = ctx.Token(node, EnumAttr::kDomainDomainStatus);
  domain.set_domain_status(domain_status.token);
  domain.set_ext_domain_status(domain_status.ext);
  if (std::optional<std::string> id = Attribute(node, "observable-id")) {
    domain.set_observable_id(*id);
  }
  if (auto t = ctx.ChildTime(node, "DateDomainWasChecked")) {
    *domain.mutable_date_domain_was_checked() = *t;
  }
  if (auto t = ctx.ChildTime(node, "RegistrationDate")) *domain.mutable_registration_date() = *t;
  if (auto t = ctx.ChildTime(node, "ExpirationDate")) *domain.mutable_expiration_date() = *t;
  for (const xmlNode* child : ctx.Children(node, "Nameservers")) {
    v1::Nameserver& record = *domain.add_nameserver_records();
    record.set_server(ctx.ChildText(child, "Server").value_or(""));
    domain.add_nameservers(record.server());
    for (const xmlNode* address : ctx.Children(child, "Address")) {
      *record.add_addresses() = MapAddress(ctx, address);
    }
  }
  return domain;
}

v1::Service MapService(MapContext& ctx, const xmlNode* node) {
  v1::Service service;
  const std::string_view protocol_name = ctx.v1() ? "ip_protocol" : "ip-protocol";
  if (std::optional<std::string> protocol = Attribute(node, protocol_name)) {
    if (auto value = ReadInt32(ctx, node, *protocol, protocol_name, protocol_name)) {
      service.set_ip_protocol(*value);
    }
  }
  if (const xmlNode* name = ctx.Child(node, "ServiceName")) {
    if (std::optional<std::string> iana = ctx.ChildText(name, "IANAService")) {
      service.set_iana_service(*iana);
    }
    ctx.ReadStrings(name, "URL", service.mutable_urls());
  }
  if (const xmlNode* port = ctx.Child(node, "Port")) {
    if (auto value = ReadInt32(ctx, port, RawText(port), "Port")) service.set_port(*value);
  }
  if (std::optional<std::string> list = ctx.ChildText(node, "Portlist")) {
    service.set_port_list(*list);
  }
  if (std::optional<std::string> id = Attribute(node, "observable-id")) {
    service.set_observable_id(*id);
  }
  return service;
}

v1::NodeRole MapNodeRole(MapContext& ctx, const xmlNode* node) {
  v1::NodeRole role;
  const TokenRead category = ctx.Token(node, EnumAttr::kNodeRoleCategory);
  role.set_category(category.token);
  role.set_ext_category(category.ext);
  if (ctx.v1()) {
    // v1 NodeRole is an MLString: its text is the description v2 has as an element.
    v1::LocalizedText text = ctx.Localized(node);
    if (!text.text().empty()) *role.add_descriptions() = std::move(text);
  } else {
    ctx.ReadLocalized(node, "Description", role.mutable_descriptions());
  }
  return role;
}

}  // namespace ncirt::iodef
