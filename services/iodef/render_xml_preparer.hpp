#pragma once
// The state and rules of PrepareForXml() (render_xml_prepare.hpp), shared by its files:
// render_xml_prepare.cpp (incident, contacts, assessment, events, systems),
// render_xml_prepare_indicator.cpp (indicators and observables) and
// render_xml_prepare_ids.cpp (xs:ID uniqueness, references, characters, trimming).
//
// Each Prepare*() function edits its message in place to what the writer will write, records
// what it had to leave out, and returns false when the whole message must go (its caller then
// removes it and says so).
//
// Internal to the codec. Thread-safety: one Preparer per PrepareForXml() call.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "iodef/enums.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

class Preparer {
 public:
  std::vector<std::string>& omitted() { return omitted_; }

  void Omit(const std::string& path, std::string_view why);

  // Rewrites (token, ext) to what WriteToken() gives. Returns false when the value cannot be
  // written; then, if `required`, the caller drops the element; otherwise the value is cleared
  // and the loss recorded.
  bool Token(EnumAttr attr, std::string* token, std::string* ext, const std::string& path,
             bool required = false);
  // The same for an attribute without ext-* (severity is a proto enum; these are strings).
  bool Plain(EnumAttr attr, std::string* token, const std::string& path);
  // The enum value a (value, ext) pair is written as (see CanonicalEnum()), with ext cleared
  // unless the value is *_EXT_VALUE. *_EXT_VALUE without an ext value says nothing and is
  // written as absent (recorded).
  template <typename E>
  E Canon(E value, std::string* ext, const std::string& path) {
    const E canonical = CanonicalEnum(value, *ext);
    if (iodef::Token(canonical) != kExtValueToken) {
      ext->clear();
      return canonical;
    }
    if (!ext->empty()) return canonical;
    Omit(path + "/@" + std::string(Info(AttrOf<E>()).attribute),
         "'ext-value' without its " + std::string(Info(AttrOf<E>()).ext_attribute) + " value");
    return E{};
  }
  void Restriction(v1::RestrictionValue* restriction, const std::string& path) {
    restriction->set_value(Canon(restriction->value(), restriction->mutable_ext(), path));
  }

  void Texts(google::protobuf::RepeatedPtrField<v1::LocalizedText>* texts,
             const std::string& path, std::string_view element);
  void Text(v1::LocalizedText* text, const std::string& path);
  void Extensions(google::protobuf::RepeatedPtrField<v1::ExtensionData>* data,
                  const std::string& path);

  // Classes (render_xml_prepare.cpp).
  bool Contact(v1::Contact* contact, const std::string& path);
  void Contacts(google::protobuf::RepeatedPtrField<v1::Contact>* contacts,
                const std::string& path);
  bool Assessment(v1::Assessment* assessment, const std::string& path);
  void EventData(v1::EventData* event, const std::string& path);
  void System(v1::System* system, const std::string& path);
  bool Address(v1::Address* address, const std::string& path);
  void DomainData(v1::DomainData* domain, const std::string& path);
  void Service(v1::Service* service, const std::string& path);
  bool Counter(v1::Counter* counter, const std::string& path);
  bool ConfidenceOk(v1::Confidence* confidence, const std::string& path);
  bool IncidentId(v1::IncidentId* id, const std::string& path);
  void Reference(v1::Reference* reference, const std::string& path);
  void Method(v1::Method* method, const std::string& path);
  bool HistoryItem(v1::HistoryItem* item, const std::string& path);
  void RelatedActivity(v1::RelatedActivity* activity, const std::string& path);
  bool NodeRole(v1::NodeRole* role, const std::string& path);

  // Indicators (render_xml_prepare_indicator.cpp).
  bool Indicator(v1::IodefIndicator* indicator, const std::string& path);
  bool Observable(v1::Observable* observable, const std::string& path);
  bool Expression(v1::IndicatorExpression* expression, const std::string& path);
  bool IndicatorIdOk(const v1::IndicatorId& id) const;

  // Whole-document passes (render_xml_prepare_ids.cpp). Each returns true when it changed
  // something, so that the structural pass runs again.
  bool UniqueIds(std::vector<v1::Incident>& incidents);
  bool ResolveReferences(std::vector<v1::Incident>& incidents);
  void CleanStrings(google::protobuf::Message& message, const std::string& path);
  void MarkEmptied(const v1::IndicatorExpression* expression) { emptied_.insert(expression); }

 private:
  std::vector<std::string> omitted_;
  std::set<std::string> ids_;
  // Expressions emptied by ResolveReferences() because they lost a part; already reported.
  std::set<const v1::IndicatorExpression*> emptied_;
};

// True when an IndicatorExpression may lose a part and still mean no more than it said ("or").
bool LosingPartsIsSafe(const v1::IndicatorExpression& expression);

// Removes the elements for which `keep(element, index)` returns false, keeping the order.
template <typename T, typename Keep>
void KeepIf(google::protobuf::RepeatedPtrField<T>* items, Keep keep) {
  int out = 0;
  for (int i = 0; i < items->size(); ++i) {
    if (keep(items->Mutable(i), i)) {
      if (out != i) items->SwapElements(out, i);
      ++out;
    }
  }
  while (items->size() > out) items->RemoveLast();
}

inline std::string Indexed(const std::string& path, std::string_view name, int index) {
  return path + "/" + std::string(name) + "[" + std::to_string(index) + "]";
}

inline std::string Sub(const std::string& path, std::string_view name) {
  return path + "/" + std::string(name);
}

}  // namespace ncirt::iodef
