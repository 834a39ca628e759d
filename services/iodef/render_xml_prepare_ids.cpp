// PrepareForXml(): the whole-document rules. xs:ID values are unique NCNames, references name
// an id the document holds, and every string is text XML 1.0 can carry, trimmed where the mapper
// trims it.
#include <set>

#include <google/protobuf/descriptor.h>

#include "iodef/map_values.hpp"
#include "iodef/render_xml_preparer.hpp"

namespace ncirt::iodef {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Fields written as element content, which the mapper reads trimmed.
const std::set<std::string>& TrimmedFields() {
  static const std::set<std::string> fields = {
      "ncirt.v1.IncidentId.id",         "ncirt.v1.LocalizedText.text",
      "ncirt.v1.RelatedActivity.urls",  "ncirt.v1.ThreatActor.id",
      "ncirt.v1.ThreatActor.urls",      "ncirt.v1.Campaign.id",
      "ncirt.v1.Campaign.urls",         "ncirt.v1.RegistryHandle.handle",
      "ncirt.v1.Email.address",         "ncirt.v1.Telephone.number",
      "ncirt.v1.Contact.timezone",      "ncirt.v1.Reference.name",
      "ncirt.v1.Reference.urls",        "ncirt.v1.DomainData.name",
      "ncirt.v1.DomainData.nameservers", "ncirt.v1.Nameserver.server",
      "ncirt.v1.Address.value",         "ncirt.v1.Node.node_names",
      "ncirt.v1.System.asset_ids",      "ncirt.v1.Service.port_list",
      "ncirt.v1.Service.iana_service",  "ncirt.v1.Service.urls",
      "ncirt.v1.IndicatorId.id",        "ncirt.v1.EmailObservable.to",
      "ncirt.v1.EmailObservable.from",  "ncirt.v1.EmailObservable.subject",
      "ncirt.v1.EmailObservable.x_mailer", "ncirt.v1.FileObservable.file_names",
      "ncirt.v1.FileObservable.file_type", "ncirt.v1.ExtensionData.value",
  };
  return fields;
}

// Decodes one UTF-8 sequence at `pos`; -1 when malformed.
long DecodeUtf8(std::string_view text, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char first = byte(pos);
  std::size_t length = first < 0x80 ? 1 : (first >> 5) == 0x6 ? 2 : (first >> 4) == 0xE ? 3
                       : (first >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || pos + length > text.size()) return -1;
  long code = length == 1 ? first : first & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return -1;
    code = (code << 6) | (byte(pos + i) & 0x3F);
  }
  static constexpr long kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinForLength[length]) return -1;  // overlong
  pos += length;
  return code;
}

bool IsXmlChar(long c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// The text without what XML 1.0 cannot carry (control characters, invalid UTF-8); true when
// something was removed.
bool KeepXmlChars(std::string* text) {
  std::string out;
  bool removed = false;
  std::size_t pos = 0;
  while (pos < text->size()) {
    const std::size_t start = pos;
    const long code = DecodeUtf8(*text, pos);
    if (code < 0) {
      pos = start + 1;
      removed = true;
      continue;
    }
    if (!IsXmlChar(code)) {
      removed = true;
      continue;
    }
    out.append(*text, start, pos - start);
  }
  if (removed) *text = std::move(out);
  return removed;
}

std::string FieldPath(const std::string& path, const FieldDescriptor* field, int index) {
  return path + "." + field->name() + (index >= 0 ? "[" + std::to_string(index) + "]" : "");
}

}  // namespace

void Preparer::CleanStrings(Message& message, const std::string& path) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const bool trimmed = TrimmedFields().contains(field->full_name());
    const auto clean = [&](std::string value, const std::string& where) {
      if (KeepXmlChars(&value)) Omit(where, "characters XML cannot carry removed");
      if (trimmed) value = std::string(TrimXmlSpace(value));
      return value;
    };
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
        field->type() != FieldDescriptor::TYPE_BYTES) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          reflection->SetRepeatedString(
              &message, field, i,
              clean(reflection->GetRepeatedString(message, field, i), FieldPath(path, field, i)));
        }
      } else {
        reflection->SetString(&message, field,
                              clean(reflection->GetString(message, field), FieldPath(path, field, -1)));
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          CleanStrings(*reflection->MutableRepeatedMessage(&message, field, i),
                       FieldPath(path, field, i));
        }
      } else {
        CleanStrings(*reflection->MutableMessage(&message, field), FieldPath(path, field, -1));
      }
    }
  }
}

namespace {

class IdClaims {
 public:
  IdClaims(std::set<std::string>& ids, Preparer& preparer) : ids_(ids), preparer_(preparer) {}
  bool changed() const { return changed_; }

  // True when `id` may be written: an NCName not used before. Otherwise reported.
  bool Claim(const std::string& id, const std::string& path) {
    if (!IsNcName(id)) {
      preparer_.Omit(path, "'" + id + "' is not an xs:ID (an XML name)");
    } else if (!ids_.insert(id).second) {
      preparer_.Omit(path, "'" + id + "' is already an id in this document");
    } else {
      return true;
    }
    changed_ = true;
    return false;
  }

  // observable-id attributes anywhere, and the IndicatorIDs that are not an Indicator's own.
  void Walk(Message& message, const std::string& path) {
    const Reflection* reflection = message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      if (field->name() == "observable_id" &&
          field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        if (!Claim(reflection->GetString(message, field), FieldPath(path, field, -1))) {
          reflection->ClearField(&message, field);
        }
        continue;
      }
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
      if (field->is_repeated()) {
        if (IsIndicatorIdList(field)) {
          KeepIndicatorIds(message, field, path);
          continue;
        }
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          Walk(*reflection->MutableRepeatedMessage(&message, field, i), FieldPath(path, field, i));
        }
      } else {
        Walk(*reflection->MutableMessage(&message, field), FieldPath(path, field, -1));
      }
    }
  }

 private:
  static bool IsIndicatorIdList(const FieldDescriptor* field) {
    const std::string& name = field->full_name();
    return name == "ncirt.v1.IodefIndicator.alternative_ids" ||
           name == "ncirt.v1.RelatedActivity.indicator_ids";
  }

  void KeepIndicatorIds(Message& message, const FieldDescriptor* field, const std::string& path) {
    auto* indicator = dynamic_cast<v1::IodefIndicator*>(&message);
    auto* activity = dynamic_cast<v1::RelatedActivity*>(&message);
    auto* ids = indicator != nullptr ? indicator->mutable_alternative_ids()
                                     : activity->mutable_indicator_ids();
    KeepIf(ids, [&](v1::IndicatorId* id, int i) {
      return Claim(id->id(), FieldPath(path, field, i));
    });
  }

  std::set<std::string>& ids_;
  Preparer& preparer_;
  bool changed_ = false;
};

}  // namespace

bool Preparer::UniqueIds(std::vector<v1::Incident>& incidents) {
  ids_.clear();
  IdClaims claims(ids_, *this);
  // An Indicator's own IndicatorID first: a RelatedActivity naming the same id is the copy.
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    const std::string path = "Incident[" + std::to_string(i) + "]";
    KeepIf(incidents[i].mutable_indicators(), [&](v1::IodefIndicator* indicator, int k) {
      return claims.Claim(indicator->id().id(), Indexed(path, "IndicatorData/Indicator", k) +
                                                    "/IndicatorID");
    });
  }
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    claims.Walk(incidents[i], "Incident[" + std::to_string(i) + "]");
  }
  return claims.changed();
}

namespace {

class References {
 public:
  References(const std::set<std::string>& ids, Preparer& preparer)
      : ids_(ids), preparer_(preparer) {}
  bool changed() const { return changed_; }

  void Indicator(v1::IodefIndicator* indicator, const std::string& path) {
    if (indicator->has_uid_ref() && !Known(indicator->uid_ref())) {
      Drop(Sub(path, "ObservableReference"), indicator->uid_ref());
      indicator->clear_uid_ref();
    } else if (indicator->has_indicator_reference()) {
      if (!Reference(indicator->mutable_indicator_reference(), Sub(path, "IndicatorReference"))) {
        indicator->clear_indicator_reference();
      }
    } else if (indicator->has_expression()) {
      Expression(indicator->mutable_expression(), Sub(path, "IndicatorExpression"));
    }
  }

 private:
  bool Known(const std::string& id) const { return ids_.contains(id); }

  void Drop(const std::string& path, const std::string& id) {
    preparer_.Omit(path, "uid-ref '" + id + "' names no id in this document");
    changed_ = true;
  }

  // An IndicatorReference whose uid-ref is unknown keeps its euid-ref, if it has one.
  bool Reference(v1::IndicatorId* reference, const std::string& path) {
    if (reference->id().empty() || Known(reference->id())) return true;
    Drop(path, reference->id());
    reference->clear_id();
    return !reference->name().empty();
  }

  void Expression(v1::IndicatorExpression* expression, const std::string& path) {
    for (int i = 0; i < expression->expressions_size(); ++i) {
      Expression(expression->mutable_expressions(i), Indexed(path, "IndicatorExpression", i));
    }
    const int before =
        expression->observable_references_size() + expression->indicator_references_size();
    KeepIf(expression->mutable_observable_references(), [&](std::string* uid, int i) {
      if (Known(*uid)) return true;
      Drop(Indexed(path, "ObservableReference", i), *uid);
      return false;
    });
    KeepIf(expression->mutable_indicator_references(), [&](v1::IndicatorId* reference, int i) {
      return Reference(reference, Indexed(path, "IndicatorReference", i));
    });
    const int after =
        expression->observable_references_size() + expression->indicator_references_size();
    if (after < before && !LosingPartsIsSafe(*expression)) {
      // Emptied, the next structural pass leaves the whole expression out (and says so).
      preparer_.Omit(path, "an expression that is not 'or' lost a reference; it goes as a whole");
      expression->clear_expressions();
      expression->clear_observables();
      expression->clear_observable_references();
      expression->clear_indicator_references();
      preparer_.MarkEmptied(expression);
    }
  }

  const std::set<std::string>& ids_;
  Preparer& preparer_;
  bool changed_ = false;
};

}  // namespace

bool Preparer::ResolveReferences(std::vector<v1::Incident>& incidents) {
  References references(ids_, *this);
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    const std::string path = "Incident[" + std::to_string(i) + "]";
    for (int k = 0; k < incidents[i].indicators_size(); ++k) {
      references.Indicator(incidents[i].mutable_indicators(k),
                           Indexed(path, "IndicatorData/Indicator", k));
    }
  }
  return references.changed();
}

}  // namespace ncirt::iodef
