// System, Node, Address, DomainData, Service and NodeRole from RFC 8727 JSON.
#include "iodef/json_map_classes.hpp"

namespace ncirt::iodef {
namespace {

void MapNodeInto(JsonMapContext& ctx, const JsonAt& at, v1::System& system) {
  if (!at.IsObject()) return;
  v1::Node& node = *system.mutable_node();
  for (const JsonAt& item : at.Items("DomainData")) {
    *node.add_domain_data() = MapJsonDomainData(ctx, item);
  }
  for (const JsonAt& item : at.Items("Address")) *node.add_addresses() = MapJsonAddress(ctx, item);
  ctx.ReadLocalized(at, "Location", node.mutable_locations());
  for (const JsonAt& item : at.Items("Counter")) *node.add_counters() = MapJsonCounter(ctx, item);
}

}  // namespace

v1::System MapJsonSystem(JsonMapContext& ctx, const JsonAt& at) {
  v1::System system;
  if (!at.IsObject()) return system;
  const EnumRead<v1::SystemCategory> category = ctx.Enum<v1::SystemCategory>(at);
  system.set_category(category.value);
  system.set_ext_category(category.ext);
  if (auto interface = ctx.String(at, "interface")) system.set_interface(*interface);
  system.set_spoofed(ctx.Token(at, EnumAttr::kYesNoUnknown, "spoofed", "").token);
  system.set_virtual_(ctx.Token(at, EnumAttr::kYesNoUnknown, "virtual", "").token);
  const TokenRead ownership = ctx.Token(at, EnumAttr::kSystemOwnership);
  system.set_ownership(ownership.token);
  system.set_ext_ownership(ownership.ext);
  ctx.ReadRestriction(at, system.mutable_restriction());
  if (auto id = ctx.String(at, "observable-id")) system.set_observable_id(*id);
  if (const auto node = at.Member("Node")) MapNodeInto(ctx, *node, system);
  for (const JsonAt& item : at.Items("NodeRole")) {
    *system.add_node_roles() = MapJsonNodeRole(ctx, item);
  }
  for (const JsonAt& item : at.Items("Service")) *system.add_services() = MapJsonService(ctx, item);
  for (const JsonAt& item : at.Items("Counter")) *system.add_counters() = MapJsonCounter(ctx, item);
  ctx.ReadStrings(at, "AssetID", system.mutable_asset_ids());
  ctx.ReadLocalized(at, "Description", system.mutable_descriptions());
  return system;
}

v1::Address MapJsonAddress(JsonMapContext& ctx, const JsonAt& at) {
  v1::Address address;
  if (!at.IsObject()) return address;
  address.set_value(ctx.String(at, "value").value_or(""));
  const EnumRead<v1::AddressCategory> category = ctx.Enum<v1::AddressCategory>(at);
  address.set_category(category.value);
  address.set_ext_category(category.ext);
  // RFC 7970's and RFC 8727's default.
  if (category.status == TokenStatus::kAbsent) {
    address.set_category(v1::ADDRESS_CATEGORY_IPV6_ADDR);
  }
  if (auto name = ctx.String(at, "vlan-name")) address.set_vlan_name(*name);
  if (auto number = ctx.Integer(at, "vlan-num")) address.set_vlan_num(*number);
  if (auto id = ctx.String(at, "observable-id")) address.set_observable_id(*id);
  return address;
}

v1::DomainData MapJsonDomainData(JsonMapContext& ctx, const JsonAt& at) {
  v1::DomainData domain;
  if (!at.IsObject()) return domain;
  if (auto name = ctx.String(at, "Name")) domain.set_name(*name);
  const TokenRead system_status = ctx.Token(at, EnumAttr::kDomainSystemStatus);
  domain.set_system_status(system_status.token);
  domain.set_ext_system_status(system_status.ext);
  const TokenRead domain_status = ctx.Token(at, EnumAttr::kDomainDomainStatus);
  domain.set_domain_status(domain_status.token);
  domain.set_ext_domain_status(domain_status.ext);
  if (auto id = ctx.String(at, "observable-id")) domain.set_observable_id(*id);
  if (auto t = ctx.MemberTime(at, "DateDomainWasChecked")) {
    *domain.mutable_date_domain_was_checked() = *t;
  }
  if (auto t = ctx.MemberTime(at, "RegistrationDate")) *domain.mutable_registration_date() = *t;
  if (auto t = ctx.MemberTime(at, "ExpirationDate")) *domain.mutable_expiration_date() = *t;
  for (const JsonAt& item : at.Items("NameServers")) {
    if (!item.IsObject()) continue;
    v1::Nameserver& record = *domain.add_nameserver_records();
    record.set_server(ctx.String(item, "Server").value_or(""));
    domain.add_nameservers(record.server());
    for (const JsonAt& address : item.Items("Address")) {
      *record.add_addresses() = MapJsonAddress(ctx, address);
    }
  }
  return domain;
}

v1::Service MapJsonService(JsonMapContext& ctx, const JsonAt& at) {
  v1::Service service;
  if (!at.IsObject()) return service;
  if (auto protocol = ctx.Integer32(at, "ip-protocol")) service.set_ip_protocol(*protocol);
  if (const auto name = at.Member("ServiceName"); name && name->IsObject()) {
    if (auto iana = ctx.String(*name, "IANAService")) service.set_iana_service(*iana);
    for (const JsonAt& url : name->Items("URL")) {
      if (auto text = ctx.Url(url)) service.add_urls(*text);
    }
  }
  if (auto port = ctx.Integer32(at, "Port")) service.set_port(*port);
  if (auto list = ctx.String(at, "Portlist")) service.set_port_list(*list);
  if (auto id = ctx.String(at, "observable-id")) service.set_observable_id(*id);
  return service;
}

v1::NodeRole MapJsonNodeRole(JsonMapContext& ctx, const JsonAt& at) {
  v1::NodeRole role;
  if (!at.IsObject()) return role;
  const TokenRead category = ctx.Token(at, EnumAttr::kNodeRoleCategory);
  role.set_category(category.token);
  role.set_ext_category(category.ext);
  ctx.ReadLocalized(at, "Description", role.mutable_descriptions());
  return role;
}

}  // namespace ncirt::iodef
