// PrepareForXml(): IndicatorData, its expressions and observables.
#include <algorithm>

#include "iodef/map_values.hpp"
#include "iodef/render_xml_preparer.hpp"

namespace ncirt::iodef {

bool Preparer::IndicatorIdOk(const v1::IndicatorId& id) const {
  // IndicatorID's content is an xs:ID; name and version are required attributes.
  return IsNcName(id.id()) && !id.name().empty() && !id.version().empty();
}

namespace {

std::string OperatorOf(const v1::IndicatorExpression& expression) {
  return expression.operator_().empty() ? "and" : expression.operator_();
}

}  // namespace

// Leaving out a part of an "or" only narrows what the indicator matches; leaving out a part of
// "and" (the default), "not" or "xor" would make it match what its writer did not mean.
bool LosingPartsIsSafe(const v1::IndicatorExpression& expression) {
  return OperatorOf(expression) == "or";
}

namespace {

bool ReferenceOk(const v1::IndicatorId& reference) {
  return IsNcName(reference.id()) || (reference.id().empty() && !reference.name().empty());
}

}  // namespace

bool Preparer::Observable(v1::Observable* observable, const std::string& path) {
  Restriction(observable->mutable_restriction(), path);
  switch (observable->content_case()) {
    case v1::Observable::kSystem:
      System(observable->mutable_system(), Sub(path, "System"));
      return true;
    case v1::Observable::kAddress:
      return Address(observable->mutable_address(), Sub(path, "Address"));
    case v1::Observable::kDomainData:
      DomainData(observable->mutable_domain_data(), Sub(path, "DomainData"));
      return true;
    case v1::Observable::kEmailData:
    case v1::Observable::kService:
      if (observable->has_service()) Service(observable->mutable_service(), Sub(path, "Service"));
      return true;
    case v1::Observable::kFileData: {
      v1::FileObservable* file = observable->mutable_file_data();
      KeepIf(file->mutable_hashes(), [&](v1::Hash* hash, int i) {
        const std::string here = Indexed(path, "FileData/File/HashData/Hash", i);
        if (hash->algorithm().empty() || hash->value_hex().empty() ||
            !HexToBase64(hash->value_hex())) {
          Omit(here, "Hash needs a DigestMethod algorithm and a digest of whole bytes");
          return false;
        }
        for (char& c : *hash->mutable_value_hex()) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        // Hashes of a File are of its contents unless the source said otherwise.
        if (hash->scope().empty() && hash->ext_scope().empty()) hash->set_scope("file-contents");
        return Token(EnumAttr::kHashScope, hash->mutable_scope(), hash->mutable_ext_scope(), here,
                     true);
      });
      // A File's HashData has one scope: hashes are written grouped by scope, in the order each
      // scope first appears, so that is their order.
      std::vector<v1::Hash> hashes(file->hashes().begin(), file->hashes().end());
      std::stable_sort(hashes.begin(), hashes.end(), [&](const v1::Hash& a, const v1::Hash& b) {
        const auto first = [&](const v1::Hash& h) {
          for (int i = 0; i < file->hashes_size(); ++i) {
            if (file->hashes(i).scope() == h.scope() &&
                file->hashes(i).ext_scope() == h.ext_scope()) {
              return i;
            }
          }
          return 0;
        };
        return first(a) < first(b);
      });
      file->clear_hashes();
      for (v1::Hash& hash : hashes) *file->add_hashes() = std::move(hash);
      return true;
    }
    case v1::Observable::kBulkObservable: {
      v1::BulkObservable* bulk = observable->mutable_bulk_observable();
      // BulkObservableList is one value per line: a value is a line, trimmed, never empty.
      std::vector<std::string> lines;
      for (const std::string& value : bulk->values()) {
        std::size_t start = 0;
        while (start <= value.size()) {
          std::size_t end = value.find_first_of("\r\n", start);
          if (end == std::string::npos) end = value.size();
          const std::string_view line =
              TrimXmlSpace(std::string_view(value).substr(start, end - start));
          if (!line.empty()) lines.emplace_back(line);
          start = end + 1;
        }
      }
      bulk->clear_values();
      for (std::string& line : lines) bulk->add_values(std::move(line));
      return Token(EnumAttr::kBulkObservableType, bulk->mutable_type(), bulk->mutable_ext_type(),
                   Sub(path, "BulkObservable"), true);
    }
    case v1::Observable::kReference:
      Reference(observable->mutable_reference(), Sub(path, "Reference"));
      return true;
    case v1::Observable::kUnmappedClass:
      Omit(path, observable->unmapped_class() + " is not in the model");
      return false;
    case v1::Observable::CONTENT_NOT_SET:
      break;
  }
  Omit(path, "Observable without content");
  return false;
}

bool Preparer::Expression(v1::IndicatorExpression* expression, const std::string& path) {
  if (emptied_.contains(expression)) return false;
  if (!expression->operator_().empty() || !expression->ext_operator().empty()) {
    // Writing a different operator would change what the indicator means: leave it all out.
    if (!Token(EnumAttr::kIndicatorOperator, expression->mutable_operator_(),
               expression->mutable_ext_operator(), path, true)) {
      return false;
    }
  }
  const int parts = expression->expressions_size() + expression->observables_size() +
                    expression->observable_references_size() +
                    expression->indicator_references_size();
  KeepIf(expression->mutable_expressions(), [&](v1::IndicatorExpression* child, int i) {
    return Expression(child, Indexed(path, "IndicatorExpression", i));
  });
  KeepIf(expression->mutable_observables(), [&](v1::Observable* child, int i) {
    return Observable(child, Indexed(path, "Observable", i));
  });
  KeepIf(expression->mutable_observable_references(), [&](std::string* uid, int i) {
    if (IsNcName(*uid)) return true;
    Omit(Indexed(path, "ObservableReference", i), "uid-ref '" + *uid + "' is not an xs:IDREF");
    return false;
  });
  KeepIf(expression->mutable_indicator_references(), [&](v1::IndicatorId* reference, int i) {
    if (ReferenceOk(*reference)) return true;
    Omit(Indexed(path, "IndicatorReference", i), "neither a valid uid-ref nor an euid-ref");
    return false;
  });
  if (expression->has_confidence() &&
      !ConfidenceOk(expression->mutable_confidence(), Sub(path, "Confidence"))) {
    expression->clear_confidence();
  }
  const int left = expression->expressions_size() + expression->observables_size() +
                   expression->observable_references_size() +
                   expression->indicator_references_size();
  if (left < parts && !LosingPartsIsSafe(*expression)) {
    Omit(path, "'" + OperatorOf(*expression) +
                   "' expression lost a part, and without it would say something else");
    return false;
  }
  if (expression->expressions().empty() && expression->observables().empty() &&
      expression->observable_references().empty() &&
      expression->indicator_references().empty()) {
    Omit(path, "IndicatorExpression with nothing left to combine");
    return false;
  }
  return true;
}

bool Preparer::Indicator(v1::IodefIndicator* indicator, const std::string& path) {
  if (!IndicatorIdOk(indicator->id())) {
    Omit(path, "IndicatorID '" + indicator->id().id() +
                   "' needs an xs:ID value, a name and a version");
    return false;
  }
  KeepIf(indicator->mutable_alternative_ids(), [&](v1::IndicatorId* id, int i) {
    if (IndicatorIdOk(*id)) return true;
    Omit(Indexed(path, "AlternativeIndicatorID/IndicatorID", i),
         "IndicatorID '" + id->id() + "' needs an xs:ID value, a name and a version");
    return false;
  });
  Texts(indicator->mutable_descriptions(), path, "Description");
  if (indicator->has_confidence() &&
      !ConfidenceOk(indicator->mutable_confidence(), Sub(path, "Confidence"))) {
    indicator->clear_confidence();
  }
  Contacts(indicator->mutable_contacts(), path);
  bool content = true;
  switch (indicator->content_case()) {
    case v1::IodefIndicator::kObservable:
      content = Observable(indicator->mutable_observable(), Sub(path, "Observable"));
      break;
    case v1::IodefIndicator::kUidRef:
      content = IsNcName(indicator->uid_ref());
      if (!content) {
        Omit(Sub(path, "ObservableReference"),
             "uid-ref '" + indicator->uid_ref() + "' is not an xs:IDREF");
      }
      break;
    case v1::IodefIndicator::kExpression:
      content = Expression(indicator->mutable_expression(), Sub(path, "IndicatorExpression"));
      break;
    case v1::IodefIndicator::kIndicatorReference:
      content = ReferenceOk(indicator->indicator_reference());
      if (!content) Omit(Sub(path, "IndicatorReference"), "neither a valid uid-ref nor an euid-ref");
      break;
    case v1::IodefIndicator::CONTENT_NOT_SET:
      content = false;
      break;
  }
  if (!content) {
    Omit(path, "Indicator without an Observable, reference or expression it can write");
    return false;
  }
  KeepIf(indicator->mutable_node_roles(), [&](v1::NodeRole* role, int i) {
    return NodeRole(role, Indexed(path, "NodeRole", i));
  });
  for (int i = 0; i < indicator->references_size(); ++i) {
    Reference(indicator->mutable_references(i), Indexed(path, "Reference", i));
  }
  Restriction(indicator->mutable_restriction(), path);
  return true;
}

}  // namespace ncirt::iodef
