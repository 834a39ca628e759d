#pragma once
// The writing side shared by RenderJson()'s class writers (json_render_*.cpp): every value goes
// through here, which writes it only when RFC 8727's data model accepts it, and otherwise
// leaves it out and says so in `omitted` ("Incident[0]/Contact[1]/Timezone: '+25:00' ...").
//
// Enumerations follow IODEF's rule for values outside a list: a token the data model's list
// lacks travels as "ext-value" plus the token in the ext-* member; a list without "ext-value"
// (severity, occurrence) leaves such a value out. Tokens are written in RFC 8727's spelling
// ("vendor-support", "count"); the model holds RFC 7970's XSD spelling (enums.hpp).
//
// What is written is exactly what MapJson() reads back into the same model, so a model whose
// rendering omits nothing survives model -> JSON -> model unchanged
// (tests/unit/iodef/json_roundtrip_test.cpp).
//
// Internal to the codec. Thread-safety: a JsonRenderContext belongs to one RenderJson() call.

#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/repeated_ptr_field.h>
#include <google/protobuf/timestamp.pb.h>
#include <nlohmann/json.hpp>

#include "iodef/enums.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

using Json = nlohmann::json;

// "Incident[0]/Assessment[1]".
std::string PathOf(const std::string& parent, std::string_view child, int index);
std::string PathOf(const std::string& parent, std::string_view child);

class JsonRenderContext {
 public:
  void Omit(const std::string& path, std::string why);
  std::vector<std::string>& omitted() { return omitted_; }

  // Whether the data model accepts `value` for member `member` of class `rule`.
  static bool Accepts(std::string_view rule, std::string_view member, const Json& value);

  // Writes an enumerated member (named by Info(attr) unless given) from a model token and ext.
  void Token(Json& out, std::string_view rule, const std::string& path, EnumAttr attr,
             std::string_view token, std::string_view ext, std::string_view member = {},
             std::string_view ext_member = {});
  template <typename E>
  void Enum(Json& out, std::string_view rule, const std::string& path, E value,
            std::string_view ext);
  void Restriction(Json& out, std::string_view rule, const std::string& path,
                   const v1::RestrictionValue& restriction);

  // Plain text members: written when non-empty and accepted (patterns: IDtype, Timezone...).
  void Text(Json& out, std::string_view rule, const std::string& path, std::string_view member,
            const std::string& value);
  void Time(Json& out, const std::string& path, std::string_view member,
            const google::protobuf::Timestamp& time);
  // MLStringType: a plain string when there is no lang or translation-id, else the object.
  Json Localized(const v1::LocalizedText& text, const std::string& path);
  void LocalizedList(Json& out, const std::string& path, std::string_view member,
                     const google::protobuf::RepeatedPtrField<v1::LocalizedText>& texts);
  // A list of plain texts (RFC 8727 gives some Descriptions no language): a text with a language
  // is written without it, and that is reported.
  void TextList(Json& out, const std::string& path, std::string_view member,
                const google::protobuf::RepeatedPtrField<v1::LocalizedText>& texts);
  void Strings(Json& out, std::string_view member,
               const google::protobuf::RepeatedPtrField<std::string>& values);
  // URLs that are URIs; the others are reported.
  void Urls(Json& out, const std::string& path, std::string_view member,
            const google::protobuf::RepeatedPtrField<std::string>& urls);
  void Extensions(Json& out, const std::string& path, std::string_view member,
                  const google::protobuf::RepeatedPtrField<v1::ExtensionData>& extensions);

 private:
  std::vector<std::string> omitted_;
};

}  // namespace ncirt::iodef
