// IndicatorData: Indicator, IndicatorExpression, Observable and the observable classes the model
// keeps (EmailData, FileData, BulkObservable; System, Address, DomainData, Service and Reference
// come from their own files).
#include "iodef/map_classes.hpp"
#include "iodef/map_values.hpp"

namespace ncirt::iodef {
namespace {

v1::IndicatorId MapIndicatorId(const xmlNode* node) {
  v1::IndicatorId id;
  id.set_id(Text(node));
  if (std::optional<std::string> name = Attribute(node, "name")) id.set_name(*name);
  if (std::optional<std::string> version = Attribute(node, "version")) id.set_version(*version);
  return id;
}

// IndicatorReference points at an Indicator by uid-ref (an IndicatorID in this document) or
// euid-ref (one elsewhere); the model keeps uid-ref as `id` and euid-ref as `name`.
v1::IndicatorId MapIndicatorReference(const xmlNode* node) {
  v1::IndicatorId id;
  if (std::optional<std::string> uid = Attribute(node, "uid-ref")) id.set_id(*uid);
  if (std::optional<std::string> euid = Attribute(node, "euid-ref")) id.set_name(*euid);
  if (std::optional<std::string> version = Attribute(node, "version")) id.set_version(*version);
  return id;
}

const xmlNode* DsChild(const xmlNode* parent, std::string_view name) {
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE && LocalName(child) == name &&
        NamespaceOf(child) == kXmlDsigNamespace) {
      return child;
    }
  }
  return nullptr;
}

// XML-DSig says DigestValue is base64. Some writers put the hex digest there; when the text is
// exactly as many hex digits as the algorithm's digest has, it is read as hex (and reported).
std::optional<v1::Hash> MapHash(MapContext& ctx, const xmlNode* node) {
  const xmlNode* method = DsChild(node, "DigestMethod");
  const xmlNode* value = DsChild(node, "DigestValue");
  if (method == nullptr || value == nullptr) {
    ctx.Warn(node, "Hash without ds:DigestMethod and ds:DigestValue; not mapped");
    return std::nullopt;
  }
  v1::Hash hash;
  hash.set_algorithm(Attribute(method, "Algorithm").value_or(""));
  // base64Binary may be broken over lines; so may the hex some writers put there.
  std::string text;
  for (const char c : RawText(value)) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') text += c;
  }
  const std::optional<std::size_t> length = DigestLength(hash.algorithm());
  if (length && text.size() == 2 * *length && IsHex(text)) {
    ctx.Warn(value, "DigestValue holds hex digits, not base64 as XML-DSig requires; read as hex");
    std::string hex = text;
    for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    hash.set_value_hex(hex);
  } else if (std::optional<std::string> hex = Base64ToHex(text)) {
    hash.set_value_hex(*hex);
  } else {
    ctx.Warn(value, "DigestValue '" + text + "' is not base64; hash not mapped");
    return std::nullopt;
  }
  return hash;
}

v1::FileObservable MapFileData(MapContext& ctx, const xmlNode* node) {
  v1::FileObservable file;
  if (std::optional<std::string> id = Attribute(node, "observable-id")) {
    file.set_observable_id(*id);
  }
  for (const xmlNode* child : ctx.Children(node, "File")) {
    if (std::optional<std::string> name = ctx.ChildText(child, "FileName")) {
      file.add_file_names(*name);
    }
    if (const xmlNode* size = ctx.Child(child, "FileSize")) {
      if (file.has_file_size()) {
        ctx.Warn(size, "a second FileSize in one FileData; only the first is kept");
      } else if (auto value = ctx.Integer(size, RawText(size), "FileSize")) {
        file.set_file_size(*value);
      }
    }
    if (std::optional<std::string> type = ctx.ChildText(child, "FileType")) {
      if (file.file_type().empty()) file.set_file_type(*type);
    }
    if (const xmlNode* data = ctx.Child(child, "HashData")) {
      const TokenRead scope = ctx.Token(data, EnumAttr::kHashScope);
      for (const xmlNode* hash_node : ctx.Children(data, "Hash")) {
        if (std::optional<v1::Hash> hash = MapHash(ctx, hash_node)) {
          hash->set_scope(scope.token);
          hash->set_ext_scope(scope.ext);
          *file.add_hashes() = std::move(*hash);
        }
      }
    }
  }
  return file;
}

v1::EmailObservable MapEmailData(MapContext& ctx, const xmlNode* node) {
  v1::EmailObservable email;
  ctx.ReadStrings(node, "EmailTo", email.mutable_to());
  if (auto from = ctx.ChildText(node, "EmailFrom")) email.set_from(*from);
  if (auto subject = ctx.ChildText(node, "EmailSubject")) email.set_subject(*subject);
  if (auto mailer = ctx.ChildText(node, "EmailX-Mailer")) email.set_x_mailer(*mailer);
  if (std::optional<std::string> id = Attribute(node, "observable-id")) {
    email.set_observable_id(*id);
  }
  return email;
}

v1::BulkObservable MapBulkObservable(MapContext& ctx, const xmlNode* node) {
  v1::BulkObservable bulk;
  const TokenRead type = ctx.Token(node, EnumAttr::kBulkObservableType);
  bulk.set_type(type.token);
  bulk.set_ext_type(type.ext);
  if (const xmlNode* list = ctx.Child(node, "BulkObservableList")) {
    const std::string text = RawText(list);
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find_first_of("\r\n", start);
      if (end == std::string::npos) end = text.size();
      const std::string_view line = TrimXmlSpace(std::string_view(text).substr(start, end - start));
      if (!line.empty()) bulk.add_values(std::string(line));
      start = end + 1;
    }
  }
  return bulk;
}

v1::IndicatorExpression MapExpression(MapContext& ctx, const xmlNode* node) {
  v1::IndicatorExpression expression;
  const TokenRead op = ctx.Token(node, EnumAttr::kIndicatorOperator);
  expression.set_operator_(op.token);
  expression.set_ext_operator(op.ext);
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (ctx.Is(child, "IndicatorExpression")) {
      *expression.add_expressions() = MapExpression(ctx, child);
    } else if (ctx.Is(child, "Observable")) {
      *expression.add_observables() = MapObservable(ctx, child);
    } else if (ctx.Is(child, "ObservableReference")) {
      expression.add_observable_references(Attribute(child, "uid-ref").value_or(""));
    } else if (ctx.Is(child, "IndicatorReference")) {
      *expression.add_indicator_references() = MapIndicatorReference(child);
    }
  }
  if (const xmlNode* child = ctx.Child(node, "Confidence")) {
    *expression.mutable_confidence() = MapConfidence(ctx, child);
  }
  return expression;
}

}  // namespace

v1::Observable MapObservable(MapContext& ctx, const xmlNode* node) {
  v1::Observable observable;
  ctx.ReadRestriction(node, observable.mutable_restriction());
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE || NamespaceOf(child) != ctx.ns()) continue;
    const std::string_view name = LocalName(child);
    if (name == "System") {
      *observable.mutable_system() = MapSystem(ctx, child);
    } else if (name == "Address") {
      *observable.mutable_address() = MapAddress(ctx, child);
    } else if (name == "DomainData") {
      *observable.mutable_domain_data() = MapDomainData(ctx, child);
    } else if (name == "EmailData") {
      *observable.mutable_email_data() = MapEmailData(ctx, child);
    } else if (name == "Service") {
      *observable.mutable_service() = MapService(ctx, child);
    } else if (name == "FileData") {
      *observable.mutable_file_data() = MapFileData(ctx, child);
    } else if (name == "BulkObservable") {
      *observable.mutable_bulk_observable() = MapBulkObservable(ctx, child);
    } else if (name == "Reference") {
      *observable.mutable_reference() = MapReference(ctx, child);
    } else {
      observable.set_unmapped_class(std::string(name));
    }
    break;  // Observable holds one class (a choice); the validator reports more.
  }
  return observable;
}

v1::IodefIndicator MapIndicator(MapContext& ctx, const xmlNode* node) {
  v1::IodefIndicator indicator;
  if (const xmlNode* id = ctx.Child(node, "IndicatorID")) {
    *indicator.mutable_id() = MapIndicatorId(id);
  } else {
    ctx.Warn(node, "Indicator without IndicatorID");
  }
  for (const xmlNode* alternative : ctx.Children(node, "AlternativeIndicatorID")) {
    for (const xmlNode* id : ctx.Children(alternative, "IndicatorID")) {
      *indicator.add_alternative_ids() = MapIndicatorId(id);
    }
  }
  ctx.ReadLocalized(node, "Description", indicator.mutable_descriptions());
  if (auto t = ctx.ChildTime(node, "StartTime")) *indicator.mutable_start_time() = *t;
  if (auto t = ctx.ChildTime(node, "EndTime")) *indicator.mutable_end_time() = *t;
  if (const xmlNode* child = ctx.Child(node, "Confidence")) {
    *indicator.mutable_confidence() = MapConfidence(ctx, child);
  }
  for (const xmlNode* child : ctx.Children(node, "Contact")) {
    *indicator.add_contacts() = MapContact(ctx, child);
  }
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (ctx.Is(child, "Observable")) {
      *indicator.mutable_observable() = MapObservable(ctx, child);
    } else if (ctx.Is(child, "ObservableReference")) {
      indicator.set_uid_ref(Attribute(child, "uid-ref").value_or(""));
    } else if (ctx.Is(child, "IndicatorExpression")) {
      *indicator.mutable_expression() = MapExpression(ctx, child);
    } else if (ctx.Is(child, "IndicatorReference")) {
      *indicator.mutable_indicator_reference() = MapIndicatorReference(child);
    } else {
      continue;
    }
    break;  // The content is a choice of one.
  }
  for (const xmlNode* child : ctx.Children(node, "NodeRole")) {
    *indicator.add_node_roles() = MapNodeRole(ctx, child);
  }
  for (const xmlNode* child : ctx.Children(node, "Reference")) {
    *indicator.add_references() = MapReference(ctx, child);
  }
  ctx.ReadRestriction(node, indicator.mutable_restriction());
  return indicator;
}

}  // namespace ncirt::iodef
