// XmlWriter: IndicatorData's Indicator, IndicatorExpression and Observable with the observable
// classes the model keeps.
#include <map>
#include <utility>

#include "iodef/map_values.hpp"
#include "iodef/render_xml_writer.hpp"

namespace ncirt::iodef {
namespace {

void IndicatorReference(XmlWriter& w, xmlNode* parent, const v1::IndicatorId& reference) {
  xmlNode* node = w.Element(parent, "IndicatorReference");
  w.Attr(node, "uid-ref", reference.id());
  w.Attr(node, "euid-ref", reference.name());
  w.Attr(node, "version", reference.version());
}

void ObservableReference(XmlWriter& w, xmlNode* parent, const std::string& uid) {
  w.Attr(w.Element(parent, "ObservableReference"), "uid-ref", uid);
}

// FileData holds Files; a File has at most one FileName and one HashData (of one scope). The
// model's names and hashes are laid out over as many Files as that takes: File k has the k-th
// name and the k-th group of same-scope hashes; size and type go with the first File.
void FileData(XmlWriter& w, xmlNode* parent, const v1::FileObservable& file) {
  xmlNode* node = w.Element(parent, "FileData");
  w.Attr(node, "observable-id", file.observable_id());
  std::vector<std::vector<const v1::Hash*>> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> group_of;
  for (const v1::Hash& hash : file.hashes()) {
    const auto key = std::make_pair(hash.scope(), hash.ext_scope());
    auto [it, added] = group_of.emplace(key, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(&hash);
  }
  const std::size_t files =
      std::max<std::size_t>({1, static_cast<std::size_t>(file.file_names_size()), groups.size()});
  for (std::size_t k = 0; k < files; ++k) {
    xmlNode* child = w.Element(node, "File");
    if (k < static_cast<std::size_t>(file.file_names_size())) {
      w.TextElement(child, "FileName", file.file_names(static_cast<int>(k)));
    }
    if (k == 0 && file.has_file_size()) {
      w.TextElement(child, "FileSize", std::to_string(file.file_size()));
    }
    if (k == 0 && !file.file_type().empty()) w.TextElement(child, "FileType", file.file_type());
    if (k >= groups.size()) continue;
    xmlNode* data = w.Element(child, "HashData");
    w.Token(data, EnumAttr::kHashScope, groups[k].front()->scope(),
            groups[k].front()->ext_scope());
    for (const v1::Hash* hash : groups[k]) {
      xmlNode* hash_node = w.Element(data, "Hash");
      w.Attr(w.DsElement(hash_node, "DigestMethod", ""), "Algorithm", hash->algorithm());
      w.DsElement(hash_node, "DigestValue", HexToBase64(hash->value_hex()).value_or(""));
    }
  }
}

void EmailData(XmlWriter& w, xmlNode* parent, const v1::EmailObservable& email) {
  xmlNode* node = w.Element(parent, "EmailData");
  w.Attr(node, "observable-id", email.observable_id());
  w.Strings(node, "EmailTo", email.to());
  if (!email.from().empty()) w.TextElement(node, "EmailFrom", email.from());
  if (!email.subject().empty()) w.TextElement(node, "EmailSubject", email.subject());
  if (!email.x_mailer().empty()) w.TextElement(node, "EmailX-Mailer", email.x_mailer());
}

void BulkObservable(XmlWriter& w, xmlNode* parent, const v1::BulkObservable& bulk) {
  xmlNode* node = w.Element(parent, "BulkObservable");
  w.Token(node, EnumAttr::kBulkObservableType, bulk.type(), bulk.ext_type());
  std::string list;
  for (const std::string& value : bulk.values()) {
    if (!list.empty()) list += '\n';
    list += value;
  }
  w.TextElement(node, "BulkObservableList", list);
}

}  // namespace

void XmlWriter::Observable(xmlNode* parent, const v1::Observable& observable) {
  xmlNode* node = Element(parent, "Observable");
  Restriction(node, observable.restriction());
  switch (observable.content_case()) {
    case v1::Observable::kSystem:
      System(node, observable.system());
      break;
    case v1::Observable::kAddress:
      Address(node, observable.address());
      break;
    case v1::Observable::kDomainData:
      DomainData(node, observable.domain_data());
      break;
    case v1::Observable::kEmailData:
      EmailData(*this, node, observable.email_data());
      break;
    case v1::Observable::kService:
      Service(node, observable.service());
      break;
    case v1::Observable::kFileData:
      FileData(*this, node, observable.file_data());
      break;
    case v1::Observable::kBulkObservable:
      BulkObservable(*this, node, observable.bulk_observable());
      break;
    case v1::Observable::kReference:
      Reference(node, observable.reference());
      break;
    case v1::Observable::kUnmappedClass:  // preparation left these out
    case v1::Observable::CONTENT_NOT_SET:
      break;
  }
}

void XmlWriter::Expression(xmlNode* parent, const v1::IndicatorExpression& expression) {
  xmlNode* node = Element(parent, "IndicatorExpression");
  Token(node, EnumAttr::kIndicatorOperator, expression.operator_(), expression.ext_operator());
  for (const v1::IndicatorExpression& child : expression.expressions()) Expression(node, child);
  for (const v1::Observable& child : expression.observables()) Observable(node, child);
  for (const std::string& uid : expression.observable_references()) {
    ObservableReference(*this, node, uid);
  }
  for (const v1::IndicatorId& reference : expression.indicator_references()) {
    IndicatorReference(*this, node, reference);
  }
  if (expression.has_confidence()) Confidence(node, expression.confidence());
}

void XmlWriter::Indicator(xmlNode* parent, const v1::IodefIndicator& indicator) {
  xmlNode* node = Element(parent, "Indicator");
  Restriction(node, indicator.restriction());
  IndicatorId(node, indicator.id());
  if (!indicator.alternative_ids().empty()) {
    xmlNode* alternative = Element(node, "AlternativeIndicatorID");
    for (const v1::IndicatorId& id : indicator.alternative_ids()) IndicatorId(alternative, id);
  }
  Localized(node, "Description", indicator.descriptions());
  if (indicator.has_start_time()) Time(node, "StartTime", indicator.start_time());
  if (indicator.has_end_time()) Time(node, "EndTime", indicator.end_time());
  if (indicator.has_confidence()) Confidence(node, indicator.confidence());
  for (const v1::Contact& contact : indicator.contacts()) Contact(node, contact);
  switch (indicator.content_case()) {
    case v1::IodefIndicator::kObservable:
      Observable(node, indicator.observable());
      break;
    case v1::IodefIndicator::kUidRef:
      ObservableReference(*this, node, indicator.uid_ref());
      break;
    case v1::IodefIndicator::kExpression:
      Expression(node, indicator.expression());
      break;
    case v1::IodefIndicator::kIndicatorReference:
      IndicatorReference(*this, node, indicator.indicator_reference());
      break;
    case v1::IodefIndicator::CONTENT_NOT_SET:
      break;
  }
  for (const v1::NodeRole& role : indicator.node_roles()) NodeRole(node, role);
  for (const v1::Reference& reference : indicator.references()) Reference(node, reference);
}

}  // namespace ncirt::iodef
