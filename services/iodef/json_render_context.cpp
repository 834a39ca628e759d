#include "iodef/json_render_context.hpp"

#include "iodef/json_data_model.hpp"
#include "iodef/json_formats.hpp"
#include "iodef/json_text.hpp"

namespace ncirt::iodef {
namespace {

std::string Quote(std::string_view text) { return "'" + Abbreviate(text, 80) + "'"; }

}  // namespace

std::string PathOf(const std::string& parent, std::string_view child, int index) {
  return parent + "/" + std::string(child) + "[" + std::to_string(index) + "]";
}

std::string PathOf(const std::string& parent, std::string_view child) {
  return parent + "/" + std::string(child);
}

void JsonRenderContext::Omit(const std::string& path, std::string why) {
  omitted_.push_back(path + ": " + std::move(why));
}

bool JsonRenderContext::Accepts(std::string_view rule, std::string_view member,
                                const Json& value) {
  return !IodefMemberViolation(rule, member, value).has_value();
}

void JsonRenderContext::Token(Json& out, std::string_view rule, const std::string& path,
                              EnumAttr attr, std::string_view token, std::string_view ext,
                              std::string_view member, std::string_view ext_member) {
  const EnumAttrInfo& info = Info(attr);
  if (member.empty()) {
    member = info.attribute;
    ext_member = info.ext_attribute;
  }
  const std::string here = PathOf(path, member);
  if (token.empty()) {
    if (!ext.empty()) Omit(here, Quote(ext) + " without a token beside it; left out");
    return;
  }
  const bool has_ext = !ext_member.empty() && IodefHasMember(rule, ext_member);
  const bool takes_ext_value = has_ext && Accepts(rule, member, Json(kExtValueToken));
  if (token == kExtValueToken) {
    if (ext.empty()) {
      Omit(here, "'ext-value' without the value itself; left out");
    } else if (!takes_ext_value) {
      Omit(here, Quote(ext) + " is outside RFC 8727's list, which has no ext-value; left out");
    } else {
      out[std::string(member)] = kExtValueToken;
      out[std::string(ext_member)] = ext;
    }
    return;
  }
  const std::string_view spelled = AlternativeSpelling(attr, token);
  if (Accepts(rule, member, Json(spelled))) {
    out[std::string(member)] = spelled;
    if (!ext.empty()) Omit(PathOf(path, ext_member), Quote(ext) + " beside a listed value; left out");
    return;
  }
  if (takes_ext_value) {
    out[std::string(member)] = kExtValueToken;
    out[std::string(ext_member)] = token;
    return;
  }
  Omit(here, Quote(token) + " is outside RFC 8727's list, which has no ext-value; left out");
}

template <typename E>
void JsonRenderContext::Enum(Json& out, std::string_view rule, const std::string& path, E value,
                             std::string_view ext) {
  const TokenWrite write = WriteEnum(value, ext);
  if (!write.ok) {
    Omit(PathOf(path, Info(AttrOf<E>()).attribute),
         Quote(write.ext.empty() ? write.token : write.ext) + " cannot be written; left out");
    return;
  }
  Token(out, rule, path, AttrOf<E>(), write.token, write.ext);
}

template void JsonRenderContext::Enum(Json&, std::string_view, const std::string&, v1::Purpose,
                                      std::string_view);
template void JsonRenderContext::Enum(Json&, std::string_view, const std::string&,
                                      v1::IncidentStatus, std::string_view);
template void JsonRenderContext::Enum(Json&, std::string_view, const std::string&,
                                      v1::Restriction, std::string_view);
template void JsonRenderContext::Enum(Json&, std::string_view, const std::string&,
                                      v1::ContactRole, std::string_view);
template void JsonRenderContext::Enum(Json&, std::string_view, const std::string&,
                                      v1::ContactType, std::string_view);
template void JsonRenderContext::Enum(Json&, std::string_view, const std::string&,
                                      v1::ConfidenceRating, std::string_view);
template void JsonRenderContext::Enum(Json&, std::string_view, const std::string&, v1::Severity,
                                      std::string_view);
template void JsonRenderContext::Enum(Json&, std::string_view, const std::string&,
                                      v1::AddressCategory, std::string_view);
template void JsonRenderContext::Enum(Json&, std::string_view, const std::string&,
                                      v1::SystemCategory, std::string_view);

void JsonRenderContext::Restriction(Json& out, std::string_view rule, const std::string& path,
                                    const v1::RestrictionValue& restriction) {
  Enum(out, rule, path, restriction.value(), restriction.ext());
}

void JsonRenderContext::Text(Json& out, std::string_view rule, const std::string& path,
                             std::string_view member, const std::string& value) {
  if (value.empty()) return;
  if (auto why = IodefMemberViolation(rule, member, Json(value))) {
    Omit(PathOf(path, member), *why + "; left out");
    return;
  }
  out[std::string(member)] = value;
}

void JsonRenderContext::Time(Json& out, const std::string& path, std::string_view member,
                             const google::protobuf::Timestamp& time) {
  const std::optional<std::string> text = FormatDateTime(UnixTime{time.seconds(), time.nanos()});
  if (!text) {
    Omit(PathOf(path, member), "a time RFC 3339 cannot write; left out");
    return;
  }
  out[std::string(member)] = *text;
}

Json JsonRenderContext::Localized(const v1::LocalizedText& text, const std::string& path) {
  if (text.lang().empty() && text.translation_id().empty()) return Json(text.text());
  Json object = Json::object();
  object["value"] = text.text();
  if (!text.lang().empty()) {
    if (auto why = IodefMemberViolation("MLStringType", "lang", Json(text.lang()))) {
      Omit(PathOf(path, "lang"), *why + "; left out");
    } else {
      object["lang"] = text.lang();
    }
  }
  if (!text.translation_id().empty()) object["translation-id"] = text.translation_id();
  return object.size() == 1 ? Json(text.text()) : object;
}

void JsonRenderContext::LocalizedList(
    Json& out, const std::string& path, std::string_view member,
    const google::protobuf::RepeatedPtrField<v1::LocalizedText>& texts) {
  if (texts.empty()) return;
  Json list = Json::array();
  for (int i = 0; i < texts.size(); ++i) list.push_back(Localized(texts[i], PathOf(path, member, i)));
  out[std::string(member)] = std::move(list);
}

void JsonRenderContext::TextList(Json& out, const std::string& path, std::string_view member,
                                 const google::protobuf::RepeatedPtrField<v1::LocalizedText>& texts) {
  if (texts.empty()) return;
  Json list = Json::array();
  for (int i = 0; i < texts.size(); ++i) {
    if (!texts[i].lang().empty() || !texts[i].translation_id().empty()) {
      Omit(PathOf(path, member, i), "RFC 8727 gives this text no language or translation-id; "
                                    "written without them");
    }
    list.push_back(texts[i].text());
  }
  out[std::string(member)] = std::move(list);
}

void JsonRenderContext::Strings(Json& out, std::string_view member,
                                const google::protobuf::RepeatedPtrField<std::string>& values) {
  if (values.empty()) return;
  Json list = Json::array();
  for (const std::string& value : values) list.push_back(value);
  out[std::string(member)] = std::move(list);
}

void JsonRenderContext::Urls(Json& out, const std::string& path, std::string_view member,
                             const google::protobuf::RepeatedPtrField<std::string>& urls) {
  Json list = Json::array();
  for (int i = 0; i < urls.size(); ++i) {
    if (IsUri(urls[i])) {
      list.push_back(urls[i]);
    } else {
      Omit(PathOf(path, member, i), Quote(urls[i]) + " is not an absolute URI; left out");
    }
  }
  if (!list.empty()) out[std::string(member)] = std::move(list);
}

void JsonRenderContext::Extensions(
    Json& out, const std::string& path, std::string_view member,
    const google::protobuf::RepeatedPtrField<v1::ExtensionData>& extensions) {
  Json list = Json::array();
  for (int i = 0; i < extensions.size(); ++i) {
    const v1::ExtensionData& data = extensions[i];
    const std::string here = PathOf(path, member, i);
    Json object = Json::object();
    Token(object, "ExtensionType", here, EnumAttr::kDtype, data.dtype(), data.ext_dtype());
    if (!object.contains("dtype")) {
      Omit(here, "an extension without a dtype RFC 8727 can write; left out");
      continue;
    }
    object["value"] = data.value();
    Text(object, "ExtensionType", here, "name", data.name());
    Text(object, "ExtensionType", here, "meaning", data.meaning());
    Text(object, "ExtensionType", here, "formatid", data.format_id());
    Restriction(object, "ExtensionType", here, data.restriction());
    list.push_back(std::move(object));
  }
  if (!list.empty()) out[std::string(member)] = std::move(list);
}

}  // namespace ncirt::iodef
