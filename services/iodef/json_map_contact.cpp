// Contact and IncidentID from RFC 8727 JSON.
#include "iodef/json_map_classes.hpp"

namespace ncirt::iodef {
namespace {

void MapMeans(JsonMapContext& ctx, const JsonAt& at, v1::Contact& contact) {
  for (const JsonAt& item : at.Items("PostalAddress")) {
    v1::PostalAddress& address = *contact.add_postal_addresses();
    if (const auto text = item.Member("PAddress")) {
      if (auto localized = ctx.Localized(*text)) *address.mutable_address() = *localized;
    }
    const TokenRead type = ctx.Token(item, EnumAttr::kPostalAddressType);
    address.set_type(type.token);
    address.set_ext_type(type.ext);
    ctx.ReadLocalized(item, "Description", address.mutable_descriptions());
  }
  for (const JsonAt& item : at.Items("Email")) {
    v1::Email& email = *contact.add_emails();
    email.set_address(ctx.String(item, "EmailTo").value_or(""));
    const TokenRead type = ctx.Token(item, EnumAttr::kEmailType);
    email.set_type(type.token);
    email.set_ext_type(type.ext);
    ctx.ReadLocalized(item, "Description", email.mutable_descriptions());
  }
  for (const JsonAt& item : at.Items("Telephone")) {
    v1::Telephone& telephone = *contact.add_telephones();
    telephone.set_number(ctx.String(item, "TelephoneNumber").value_or(""));
    const TokenRead type = ctx.Token(item, EnumAttr::kTelephoneType);
    telephone.set_type(type.token);
    telephone.set_ext_type(type.ext);
    ctx.ReadLocalized(item, "Description", telephone.mutable_descriptions());
  }
}

}  // namespace

v1::Contact MapJsonContact(JsonMapContext& ctx, const JsonAt& at) {
  v1::Contact contact;
  if (!at.IsObject()) return contact;
  const EnumRead<v1::ContactRole> role = ctx.Enum<v1::ContactRole>(at);
  contact.set_role(role.value);
  contact.set_ext_role(role.ext);
  const EnumRead<v1::ContactType> type = ctx.Enum<v1::ContactType>(at);
  contact.set_type(type.value);
  contact.set_ext_type(type.ext);
  ctx.ReadRestriction(at, contact.mutable_restriction());
  ctx.ReadLocalized(at, "ContactName", contact.mutable_names());
  ctx.ReadLocalized(at, "ContactTitle", contact.mutable_titles());
  ctx.ReadLocalized(at, "Description", contact.mutable_descriptions());
  for (const JsonAt& item : at.Items("RegistryHandle")) {
    v1::RegistryHandle& handle = *contact.add_registry_handles();
    handle.set_handle(ctx.String(item, "handle").value_or(""));
    const TokenRead registry = ctx.Token(item, EnumAttr::kRegistry);
    handle.set_registry(registry.token);
    handle.set_ext_registry(registry.ext);
  }
  MapMeans(ctx, at, contact);
  if (auto timezone = ctx.String(at, "Timezone")) contact.set_timezone(*timezone);
  for (const JsonAt& item : at.Items("Contact")) *contact.add_contacts() = MapJsonContact(ctx, item);
  ctx.ReadExtensions(at, "AdditionalData", contact.mutable_additional_data());
  return contact;
}

v1::IncidentId MapJsonIncidentId(JsonMapContext& ctx, const JsonAt& at) {
  v1::IncidentId id;
  if (!at.IsObject()) return id;
  if (auto text = ctx.String(at, "id")) id.set_id(*text);
  if (auto name = ctx.String(at, "name")) id.set_name(*name);
  if (auto instance = ctx.String(at, "instance")) id.set_instance(*instance);
  ctx.ReadRestriction(at, id.mutable_restriction());
  return id;
}

}  // namespace ncirt::iodef
