// Contact (v2 and v1) and IncidentID.
#include "iodef/map_classes.hpp"

namespace ncirt::iodef {
namespace {

// v1 carries e-mail, telephone, fax and postal address as text with an optional @meaning; the
// meaning becomes the v2 class's Description.
void AddMeaning(const xmlNode* node,
                google::protobuf::RepeatedPtrField<v1::LocalizedText>* descriptions) {
  if (std::optional<std::string> meaning = Attribute(node, "meaning")) {
    descriptions->Add()->set_text(*meaning);
  }
}

void MapV2Means(MapContext& ctx, const xmlNode* node, v1::Contact& contact) {
  for (const xmlNode* child : ctx.Children(node, "PostalAddress")) {
    v1::PostalAddress& address = *contact.add_postal_addresses();
    if (const xmlNode* text = ctx.Child(child, "PAddress")) {
      *address.mutable_address() = ctx.Localized(text);
    } else {
      ctx.Warn(child, "PostalAddress without PAddress");
    }
    const TokenRead type = ctx.Token(child, EnumAttr::kPostalAddressType);
    address.set_type(type.token);
    address.set_ext_type(type.ext);
    ctx.ReadLocalized(child, "Description", address.mutable_descriptions());
  }
  for (const xmlNode* child : ctx.Children(node, "Email")) {
    v1::Email& email = *contact.add_emails();
    if (std::optional<std::string> to = ctx.ChildText(child, "EmailTo")) {
      email.set_address(*to);
    } else {
      ctx.Warn(child, "Email without EmailTo");
    }
    const TokenRead type = ctx.Token(child, EnumAttr::kEmailType);
    email.set_type(type.token);
    email.set_ext_type(type.ext);
    ctx.ReadLocalized(child, "Description", email.mutable_descriptions());
  }
  for (const xmlNode* child : ctx.Children(node, "Telephone")) {
    v1::Telephone& telephone = *contact.add_telephones();
    if (std::optional<std::string> number = ctx.ChildText(child, "TelephoneNumber")) {
      telephone.set_number(*number);
    } else {
      ctx.Warn(child, "Telephone without TelephoneNumber");
    }
    const TokenRead type = ctx.Token(child, EnumAttr::kTelephoneType);
    telephone.set_type(type.token);
    telephone.set_ext_type(type.ext);
    ctx.ReadLocalized(child, "Description", telephone.mutable_descriptions());
  }
}

void MapV1Means(MapContext& ctx, const xmlNode* node, v1::Contact& contact) {
  for (const xmlNode* child : ctx.Children(node, "PostalAddress")) {
    v1::PostalAddress& address = *contact.add_postal_addresses();
    *address.mutable_address() = ctx.Localized(child);
    AddMeaning(child, address.mutable_descriptions());
  }
  for (const xmlNode* child : ctx.Children(node, "Email")) {
    v1::Email& email = *contact.add_emails();
    email.set_address(Text(child));
    AddMeaning(child, email.mutable_descriptions());
  }
  for (const xmlNode* child : ctx.Children(node, "Telephone")) {
    v1::Telephone& telephone = *contact.add_telephones();
    telephone.set_number(Text(child));
    AddMeaning(child, telephone.mutable_descriptions());
  }
  for (const xmlNode* child : ctx.Children(node, "Fax")) {
    v1::Telephone& fax = *contact.add_telephones();
    fax.set_number(Text(child));
    fax.set_type("fax");
    AddMeaning(child, fax.mutable_descriptions());
  }
}

}  // namespace

v1::Contact MapContact(MapContext& ctx, const xmlNode* node) {
  v1::Contact contact;
  const EnumRead<v1::ContactRole> role = ctx.Enum<v1::ContactRole>(node);
  contact.set_role(role.value);
  contact.set_ext_role(role.ext);
  const EnumRead<v1::ContactType> type = ctx.Enum<v1::ContactType>(node);
  contact.set_type(type.value);
  contact.set_ext_type(type.ext);
  if (role.status == TokenStatus::kAbsent) ctx.Warn(node, "Contact without role");
  if (type.status == TokenStatus::kAbsent) ctx.Warn(node, "Contact without type");
  ctx.ReadRestriction(node, contact.mutable_restriction());
  ctx.ReadLocalized(node, "ContactName", contact.mutable_names());
  ctx.ReadLocalized(node, "ContactTitle", contact.mutable_titles());
  ctx.ReadLocalized(node, "Description", contact.mutable_descriptions());
  for (const xmlNode* child : ctx.Children(node, "RegistryHandle")) {
    v1::RegistryHandle& handle = *contact.add_registry_handles();
    handle.set_handle(Text(child));
    const TokenRead registry = ctx.Token(child, EnumAttr::kRegistry);
    handle.set_registry(registry.token);
    handle.set_ext_registry(registry.ext);
  }
  if (ctx.v1()) {
    MapV1Means(ctx, node, contact);
  } else {
    MapV2Means(ctx, node, contact);
  }
  if (std::optional<std::string> timezone = ctx.ChildText(node, "Timezone")) {
    contact.set_timezone(*timezone);
  }
  for (const xmlNode* child : ctx.Children(node, "Contact")) {
    *contact.add_contacts() = MapContact(ctx, child);
  }
  ctx.ReadExtensions(node, "AdditionalData", contact.mutable_additional_data());
  return contact;
}

v1::IncidentId MapIncidentId(MapContext& ctx, const xmlNode* node) {
  v1::IncidentId id;
  id.set_id(Text(node));
  if (std::optional<std::string> name = Attribute(node, "name")) id.set_name(*name);
  if (std::optional<std::string> instance = Attribute(node, "instance")) {
    id.set_instance(*instance);
  }
  ctx.ReadRestriction(node, id.mutable_restriction());
  return id;
}

}  // namespace ncirt::iodef
