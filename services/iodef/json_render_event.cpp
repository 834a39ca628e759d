// Contact, IncidentID, Discovery, Method, Reference, Expectation and EventData as RFC 8727 JSON.
#include "iodef/json_render_classes.hpp"

namespace ncirt::iodef {
namespace {

// PostalAddress, Email and Telephone: a type pair, the content member, descriptions.
template <typename T>
Json WriteMeans(JsonRenderContext& ctx, std::string_view rule, EnumAttr attr,
                const T& means, std::string_view content_member, Json content,
                const std::string& path) {
  Json object = Json::object();
  ctx.Token(object, rule, path, attr, means.type(), means.ext_type());
  object[std::string(content_member)] = std::move(content);
  ctx.LocalizedList(object, path, "Description", means.descriptions());
  return object;
}

}  // namespace

std::optional<Json> WriteContact(JsonRenderContext& ctx, const v1::Contact& contact,
                                 const std::string& path) {
  Json object = Json::object();
  ctx.Enum(object, "Contact", path, contact.role(), contact.ext_role());
  ctx.Enum(object, "Contact", path, contact.type(), contact.ext_type());
  if (!object.contains("role") || !object.contains("type")) {
    ctx.Omit(path, "a Contact needs a role and a type in RFC 8727; left out");
    return std::nullopt;
  }
  ctx.Restriction(object, "Contact", path, contact.restriction());
  ctx.LocalizedList(object, path, "ContactName", contact.names());
  ctx.LocalizedList(object, path, "ContactTitle", contact.titles());
  ctx.LocalizedList(object, path, "Description", contact.descriptions());
  Json handles = Json::array();
  for (int i = 0; i < contact.registry_handles_size(); ++i) {
    const v1::RegistryHandle& handle = contact.registry_handles(i);
    const std::string here = PathOf(path, "RegistryHandle", i);
    Json item = Json::object();
    item["handle"] = handle.handle();
    ctx.Token(item, "RegistryHandle", here, EnumAttr::kRegistry, handle.registry(),
              handle.ext_registry());
    if (item.contains("registry")) {
      handles.push_back(std::move(item));
    } else {
      ctx.Omit(here, "a RegistryHandle needs a registry; left out");
    }
  }
  if (!handles.empty()) object["RegistryHandle"] = std::move(handles);
  Json postal = Json::array();
  for (int i = 0; i < contact.postal_addresses_size(); ++i) {
    const v1::PostalAddress& address = contact.postal_addresses(i);
    const std::string here = PathOf(path, "PostalAddress", i);
    postal.push_back(WriteMeans(ctx, "PostalAddress", EnumAttr::kPostalAddressType, address,
                                "PAddress", ctx.Localized(address.address(), here), here));
  }
  if (!postal.empty()) object["PostalAddress"] = std::move(postal);
  Json emails = Json::array();
  for (int i = 0; i < contact.emails_size(); ++i) {
    const v1::Email& email = contact.emails(i);
    emails.push_back(WriteMeans(ctx, "Email", EnumAttr::kEmailType, email, "EmailTo",
                                Json(email.address()), PathOf(path, "Email", i)));
  }
  if (!emails.empty()) object["Email"] = std::move(emails);
  Json telephones = Json::array();
  for (int i = 0; i < contact.telephones_size(); ++i) {
    const v1::Telephone& telephone = contact.telephones(i);
    telephones.push_back(WriteMeans(ctx, "Telephone", EnumAttr::kTelephoneType, telephone,
                                    "TelephoneNumber", Json(telephone.number()),
                                    PathOf(path, "Telephone", i)));
  }
  if (!telephones.empty()) object["Telephone"] = std::move(telephones);
  ctx.Text(object, "Contact", path, "Timezone", contact.timezone());
  WriteContacts(ctx, object, path, "Contact", contact.contacts());
  ctx.Extensions(object, path, "AdditionalData", contact.additional_data());
  return object;
}

void WriteContacts(JsonRenderContext& ctx, Json& out, const std::string& path,
                   std::string_view member,
                   const google::protobuf::RepeatedPtrField<v1::Contact>& contacts) {
  Json list = Json::array();
  for (int i = 0; i < contacts.size(); ++i) {
    if (auto contact = WriteContact(ctx, contacts[i], PathOf(path, member, i))) {
      list.push_back(std::move(*contact));
    }
  }
  if (!list.empty()) out[std::string(member)] = std::move(list);
}

std::optional<Json> WriteIncidentId(JsonRenderContext& ctx, const v1::IncidentId& id,
                                    const std::string& path) {
  if (id.name().empty()) {
    ctx.Omit(path, "an IncidentID needs a name; left out");
    return std::nullopt;
  }
  Json object = Json::object();
  object["id"] = id.id();
  object["name"] = id.name();
  ctx.Text(object, "IncidentID", path, "instance", id.instance());
  ctx.Restriction(object, "IncidentID", path, id.restriction());
  return object;
}

Json WriteDiscovery(JsonRenderContext& ctx, const v1::Discovery& discovery,
                    const std::string& path) {
  Json object = Json::object();
  ctx.Token(object, "Discovery", path, EnumAttr::kDiscoverySource, discovery.source(),
            discovery.ext_source());
  ctx.Restriction(object, "Discovery", path, discovery.restriction());
  ctx.LocalizedList(object, path, "Description", discovery.descriptions());
  WriteContacts(ctx, object, path, "Contact", discovery.contacts());
  return object;
}

Json WriteReference(JsonRenderContext& ctx, const v1::Reference& reference,
                    const std::string& path) {
  Json object = Json::object();
  ctx.Text(object, "Reference", path, "observable-id", reference.observable_id());
  if (!reference.name().empty()) {
    ctx.Omit(PathOf(path, "ReferenceName"),
             "RFC 8727's ReferenceName has specIndex and ID but no name text; '" +
                 reference.name() + "' left out");
  }
  if (!reference.name_spec_index().empty() || !reference.name_id().empty()) {
    Json name = Json::object();
    std::size_t used = 0;
    long long index = 0;
    try {
      index = std::stoll(reference.name_spec_index(), &used);
    } catch (const std::exception&) {
      used = 0;
    }
    const bool index_ok = used != 0 && used == reference.name_spec_index().size();
    if (index_ok) name["specIndex"] = index;
    ctx.Text(name, "ReferenceName", PathOf(path, "ReferenceName"), "ID", reference.name_id());
    if (index_ok && name.contains("ID")) {
      object["ReferenceName"] = std::move(name);
    } else {
      ctx.Omit(PathOf(path, "ReferenceName"),
               "RFC 8727 needs both an integer specIndex and an ID; left out");
    }
  }
  ctx.Urls(object, path, "URL", reference.urls());
  ctx.LocalizedList(object, path, "Description", reference.descriptions());
  return object;
}

Json WriteMethod(JsonRenderContext& ctx, const v1::Method& method, const std::string& path) {
  Json object = Json::object();
  ctx.Restriction(object, "Method", path, method.restriction());
  Json references = Json::array();
  for (int i = 0; i < method.references_size(); ++i) {
    references.push_back(WriteReference(ctx, method.references(i), PathOf(path, "Reference", i)));
  }
  if (!references.empty()) object["Reference"] = std::move(references);
  ctx.LocalizedList(object, path, "Description", method.descriptions());
  ctx.Extensions(object, path, "AdditionalData", method.additional_data());
  return object;
}

Json WriteExpectation(JsonRenderContext& ctx, const v1::Expectation& expectation,
                      const std::string& path) {
  Json object = Json::object();
  ctx.Token(object, "Expectation", path, EnumAttr::kAction, expectation.action(),
            expectation.ext_action());
  ctx.Enum(object, "Expectation", path, expectation.severity(), "");
  ctx.Restriction(object, "Expectation", path, expectation.restriction());
  ctx.LocalizedList(object, path, "Description", expectation.descriptions());
  if (expectation.has_start_time()) ctx.Time(object, path, "StartTime", expectation.start_time());
  if (expectation.has_end_time()) ctx.Time(object, path, "EndTime", expectation.end_time());
  if (expectation.has_contact()) {
    if (auto contact = WriteContact(ctx, expectation.contact(), PathOf(path, "Contact"))) {
      object["Contact"] = std::move(*contact);
    }
  }
  return object;
}

Json WriteEventData(JsonRenderContext& ctx, const v1::EventData& event, const std::string& path) {
  Json object = Json::object();
  ctx.Restriction(object, "EventData", path, event.restriction());
  ctx.Text(object, "EventData", path, "observable-id", event.observable_id());
  ctx.LocalizedList(object, path, "Description", event.descriptions());
  if (event.has_detect_time()) ctx.Time(object, path, "DetectTime", event.detect_time());
  if (event.has_start_time()) ctx.Time(object, path, "StartTime", event.start_time());
  if (event.has_end_time()) ctx.Time(object, path, "EndTime", event.end_time());
  if (event.has_recovery_time()) ctx.Time(object, path, "RecoveryTime", event.recovery_time());
  if (event.has_report_time()) ctx.Time(object, path, "ReportTime", event.report_time());
  WriteContacts(ctx, object, path, "Contact", event.contacts());
  Json discoveries = Json::array();
  for (int i = 0; i < event.discoveries_size(); ++i) {
    discoveries.push_back(WriteDiscovery(ctx, event.discoveries(i), PathOf(path, "Discovery", i)));
  }
  if (!discoveries.empty()) object["Discovery"] = std::move(discoveries);
  if (event.has_assessment()) {
    if (auto assessment = WriteAssessment(ctx, event.assessment(), PathOf(path, "Assessment"))) {
      object["Assessment"] = std::move(*assessment);
    }
  }
  Json methods = Json::array();
  for (int i = 0; i < event.methods_size(); ++i) {
    methods.push_back(WriteMethod(ctx, event.methods(i), PathOf(path, "Method", i)));
  }
  if (!methods.empty()) object["Method"] = std::move(methods);
  Json systems = Json::array();
  for (int i = 0; i < event.systems_size(); ++i) {
    if (auto system = WriteSystem(ctx, event.systems(i), PathOf(path, "System", i))) {
      systems.push_back(std::move(*system));
    }
  }
  if (!systems.empty()) object["System"] = std::move(systems);
  Json expectations = Json::array();
  for (int i = 0; i < event.expectations_size(); ++i) {
    expectations.push_back(
        WriteExpectation(ctx, event.expectations(i), PathOf(path, "Expectation", i)));
  }
  if (!expectations.empty()) object["Expectation"] = std::move(expectations);
  Json nested = Json::array();
  for (int i = 0; i < event.event_data_size(); ++i) {
    nested.push_back(WriteEventData(ctx, event.event_data(i), PathOf(path, "EventData", i)));
  }
  if (!nested.empty()) object["EventData"] = std::move(nested);
  ctx.Extensions(object, path, "AdditionalData", event.additional_data());
  return object;
}

}  // namespace ncirt::iodef
