// Indicator, IndicatorExpression, Observable and the observable classes the model keeps
// (EmailData, FileData with its hashes, BulkObservable; the others come from their own files).
#include <cctype>

#include "iodef/json_formats.hpp"
#include "iodef/json_map_classes.hpp"
#include "iodef/map_values.hpp"
#include "iodef/xml_parser.hpp"

namespace ncirt::iodef {
namespace {

v1::IndicatorId MapIndicatorId(JsonMapContext& ctx, const JsonAt& at) {
  v1::IndicatorId id;
  if (!at.IsObject()) return id;
  id.set_id(ctx.String(at, "id").value_or(""));
  id.set_name(ctx.String(at, "name").value_or(""));
  id.set_version(ctx.String(at, "version").value_or(""));
  if (const auto version = at.Member("version"); version && version->value.is_number_integer()) {
    id.set_version(version->value.dump());
    ctx.Warn(version->pointer, "the version is a number; read as the text " + id.version());
  }
  return id;
}

// The model keeps uid-ref (an IndicatorID of this document) as `id`, euid-ref (one elsewhere)
// as `name`, as the XML mapper does.
v1::IndicatorId MapIndicatorReference(JsonMapContext& ctx, const JsonAt& at) {
  v1::IndicatorId id;
  if (!at.IsObject()) return id;
  id.set_id(ctx.String(at, "uid-ref").value_or(""));
  id.set_name(ctx.String(at, "euid-ref").value_or(""));
  id.set_version(ctx.String(at, "version").value_or(""));
  return id;
}

// RFC 8727 makes DigestMethod a BYTE; writers (the working group's converter among them) fill it
// with the base64 of the XML-DSig <DigestMethod Algorithm="..."/> element. A bare algorithm URI,
// base64-encoded or not, is read too.
std::optional<std::string> DigestAlgorithm(JsonMapContext& ctx, const JsonAt& at) {
  const auto member = at.Member("DigestMethod");
  if (!member || !member->value.is_string()) return std::nullopt;
  const std::string& raw = member->value.get_ref<const std::string&>();
  if (IsUri(raw) && !IsBase64(raw)) {
    ctx.Warn(member->pointer, "DigestMethod is an algorithm URI, not base64; read as the URI");
    return raw;
  }
  const std::optional<std::string> bytes = ctx.Bytes(at, "DigestMethod");
  if (!bytes) return std::nullopt;
  const auto first = bytes->find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (*bytes)[first] == '<') {
    Limits limits;
    limits.max_document_bytes = bytes->size();
    if (common::Result<XmlDocPtr> doc = ParseXml(*bytes, limits)) {
      const xmlNode* root = xmlDocGetRootElement(doc->get());
      const char* name = root == nullptr ? "" : reinterpret_cast<const char*>(root->name);
      if (std::string_view(name) == "DigestMethod") {
        xmlChar* algorithm = xmlGetProp(root, reinterpret_cast<const xmlChar*>("Algorithm"));
        if (algorithm != nullptr) {
          std::string out(reinterpret_cast<const char*>(algorithm));
          xmlFree(algorithm);
          return out;
        }
      }
    }
    ctx.Warn(member->pointer, "DigestMethod holds XML that is not a DigestMethod element with an "
                              "Algorithm; hash not mapped");
    return std::nullopt;
  }
  if (IsUri(*bytes)) return *bytes;
  ctx.Warn(member->pointer, "DigestMethod holds neither an XML-DSig DigestMethod element nor an "
                            "algorithm URI; hash not mapped");
  return std::nullopt;
}

v1::FileObservable MapFileData(JsonMapContext& ctx, const JsonAt& at) {
  v1::FileObservable file;
  if (!at.IsObject()) return file;
  if (auto id = ctx.String(at, "observable-id")) file.set_observable_id(*id);
  for (const JsonAt& item : at.Items("File")) {
    if (!item.IsObject()) continue;
    if (auto name = ctx.String(item, "FileName")) file.add_file_names(*name);
    if (item.Member("FileSize")) {
      if (file.has_file_size()) {
        ctx.Warn(AppendPointer(item.pointer, "FileSize"),
                 "a second FileSize in one FileData; only the first is kept");
      } else if (auto size = ctx.Integer(item, "FileSize")) {
        file.set_file_size(*size);
      }
    }
    if (auto type = ctx.String(item, "FileType"); type && file.file_type().empty()) {
      file.set_file_type(*type);
    }
    if (const auto data = item.Member("HashData"); data && data->IsObject()) {
      const TokenRead scope = ctx.Token(*data, EnumAttr::kHashScope);
      for (const JsonAt& hash_at : data->Items("Hash")) {
        if (std::optional<v1::Hash> hash = MapJsonHash(ctx, hash_at)) {
          hash->set_scope(scope.token);
          hash->set_ext_scope(scope.ext);
          *file.add_hashes() = std::move(*hash);
        }
      }
    }
  }
  return file;
}

v1::EmailObservable MapEmailData(JsonMapContext& ctx, const JsonAt& at) {
  v1::EmailObservable email;
  if (!at.IsObject()) return email;
  ctx.ReadStrings(at, "EmailTo", email.mutable_to());
  if (auto from = ctx.String(at, "EmailFrom")) email.set_from(*from);
  if (auto subject = ctx.String(at, "EmailSubject")) email.set_subject(*subject);
  if (auto mailer = ctx.String(at, "EmailX-Mailer")) email.set_x_mailer(*mailer);
  if (auto id = ctx.String(at, "observable-id")) email.set_observable_id(*id);
  return email;
}

void AddLines(std::string_view text, v1::BulkObservable& bulk) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = TrimXmlSpace(text.substr(start, end - start));
    if (!line.empty()) bulk.add_values(std::string(line));
    start = end + 1;
  }
}

v1::BulkObservable MapBulkObservable(JsonMapContext& ctx, const JsonAt& at) {
  v1::BulkObservable bulk;
  if (!at.IsObject()) return bulk;
  const TokenRead type = ctx.Token(at, EnumAttr::kBulkObservableType);
  bulk.set_type(type.token);
  bulk.set_ext_type(type.ext);
  if (const auto list = at.Member("BulkObservableList")) {
    if (list->value.is_string()) {
      AddLines(list->value.get_ref<const std::string&>(), bulk);
    } else if (list->value.is_array()) {
      ctx.Warn(list->pointer, "BulkObservableList is an array (a pre-RFC 8727 shape); each "
                              "string read as a line of the list");
      for (const Json& value : list->value) {
        if (value.is_string()) AddLines(value.get_ref<const std::string&>(), bulk);
      }
    }
  }
  return bulk;
}

v1::IndicatorExpression MapExpression(JsonMapContext& ctx, const JsonAt& at) {
  v1::IndicatorExpression expression;
  if (!at.IsObject()) return expression;
  const TokenRead op = ctx.Token(at, EnumAttr::kIndicatorOperator);
  expression.set_operator_(op.token);
  expression.set_ext_operator(op.ext);
  for (const JsonAt& item : at.Items("IndicatorExpression")) {
    *expression.add_expressions() = MapExpression(ctx, item);
  }
  for (const JsonAt& item : at.Items("Observable")) {
    *expression.add_observables() = MapJsonObservable(ctx, item);
  }
  ctx.ReadStrings(at, "uid-ref", expression.mutable_observable_references());
  for (const JsonAt& item : at.Items("IndicatorReference")) {
    *expression.add_indicator_references() = MapIndicatorReference(ctx, item);
  }
  if (const auto confidence = at.Member("Confidence")) {
    *expression.mutable_confidence() = MapJsonConfidence(ctx, *confidence);
  }
  return expression;
}

// Observable's classes: the eight the model maps first, then the others in RFC 8727's order.
constexpr std::string_view kObservableClasses[] = {
    "System",         "Address",         "DomainData",    "EmailData",
    "Service",        "FileData",        "BulkObservable", "Reference",
    "WindowsRegistryKeysModified",       "CertificateData", "RegistryHandle",
    "RecordData",     "EventData",       "Incident",      "Expectation",
    "Assessment",     "DetectionPattern", "HistoryItem",  "AdditionalData"};

void MapObservableClass(JsonMapContext& ctx, std::string_view name, const JsonAt& at,
                        v1::Observable& observable) {
  if (name == "System") {
    *observable.mutable_system() = MapJsonSystem(ctx, at);
  } else if (name == "Address") {
    *observable.mutable_address() = MapJsonAddress(ctx, at);
  } else if (name == "DomainData") {
    *observable.mutable_domain_data() = MapJsonDomainData(ctx, at);
  } else if (name == "EmailData") {
    *observable.mutable_email_data() = MapEmailData(ctx, at);
  } else if (name == "Service") {
    *observable.mutable_service() = MapJsonService(ctx, at);
  } else if (name == "FileData") {
    *observable.mutable_file_data() = MapFileData(ctx, at);
  } else if (name == "BulkObservable") {
    *observable.mutable_bulk_observable() = MapBulkObservable(ctx, at);
  } else if (name == "Reference") {
    *observable.mutable_reference() = MapJsonReference(ctx, at);
  } else {
    observable.set_unmapped_class(std::string(name));
  }
}

}  // namespace

std::optional<v1::Hash> MapJsonHash(JsonMapContext& ctx, const JsonAt& at) {
  if (!at.IsObject()) return std::nullopt;
  if (!at.Member("DigestMethod") || !at.Member("DigestValue")) {
    ctx.Warn(at.pointer, "Hash without DigestMethod and DigestValue; not mapped");
    return std::nullopt;
  }
  v1::Hash hash;
  const std::optional<std::string> algorithm = DigestAlgorithm(ctx, at);
  if (!algorithm) return std::nullopt;
  hash.set_algorithm(*algorithm);
  // As in XML: a value of exactly the algorithm's digest length in hex digits is hex.
  const JsonAt value = *at.Member("DigestValue");
  if (value.value.is_string()) {
    const std::string& text = value.value.get_ref<const std::string&>();
    const std::optional<std::size_t> length = DigestLength(hash.algorithm());
    if (length && text.size() == 2 * *length && IsHex(text)) {
      ctx.Warn(value.pointer, "DigestValue holds hex digits, not base64; read as hex");
      std::string hex = text;
      for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      hash.set_value_hex(hex);
      return hash;
    }
  }
  const std::optional<std::string> bytes = ctx.Bytes(at, "DigestValue");
  if (!bytes) return std::nullopt;
  hash.set_value_hex(ToHex(*bytes));
  return hash;
}

v1::Observable MapJsonObservable(JsonMapContext& ctx, const JsonAt& at) {
  v1::Observable observable;
  if (!at.IsObject()) return observable;
  ctx.ReadRestriction(at, observable.mutable_restriction());
  bool mapped = false;
  for (const std::string_view name : kObservableClasses) {
    const auto member = at.Member(name);
    if (!member) continue;
    if (mapped) {
      ctx.Warn(member->pointer, "Observable holds one class; " + std::string(name) +
                                    " is kept only in the source document");
      continue;
    }
    MapObservableClass(ctx, name, *member, observable);
    mapped = true;
  }
  return observable;
}

v1::IodefIndicator MapJsonIndicator(JsonMapContext& ctx, const JsonAt& at) {
  v1::IodefIndicator indicator;
  if (!at.IsObject()) return indicator;
  if (const auto id = at.Member("IndicatorID")) *indicator.mutable_id() = MapIndicatorId(ctx, *id);
  for (const JsonAt& alternative : at.Items("AlternativeIndicatorID")) {
    for (const JsonAt& id : alternative.Items("IndicatorID")) {
      *indicator.add_alternative_ids() = MapIndicatorId(ctx, id);
    }
  }
  ctx.ReadLocalized(at, "Description", indicator.mutable_descriptions());
  if (auto t = ctx.MemberTime(at, "StartTime")) *indicator.mutable_start_time() = *t;
  if (auto t = ctx.MemberTime(at, "EndTime")) *indicator.mutable_end_time() = *t;
  if (const auto confidence = at.Member("Confidence")) {
    *indicator.mutable_confidence() = MapJsonConfidence(ctx, *confidence);
  }
  for (const JsonAt& item : at.Items("Contact")) {
    *indicator.add_contacts() = MapJsonContact(ctx, item);
  }
  // The content is a choice of one; RFC 8727's order decides between a document's extras.
  bool content = false;
  auto take = [&](std::string_view name) {
    const auto member = at.Member(name);
    if (!member) return std::optional<JsonAt>();
    if (content) {
      ctx.Warn(member->pointer, "Indicator holds one of Observable, uid-ref, "
                                "IndicatorExpression and IndicatorReference; " +
                                    std::string(name) + " is kept only in the source document");
      return std::optional<JsonAt>();
    }
    content = true;
    return member;
  };
  if (auto observable = take("Observable")) {
    *indicator.mutable_observable() = MapJsonObservable(ctx, *observable);
  }
  if (auto uid = take("uid-ref"); uid && uid->value.is_string()) {
    indicator.set_uid_ref(uid->value.get<std::string>());
  }
  if (auto expression = take("IndicatorExpression")) {
    *indicator.mutable_expression() = MapExpression(ctx, *expression);
  }
  if (auto reference = take("IndicatorReference")) {
    *indicator.mutable_indicator_reference() = MapIndicatorReference(ctx, *reference);
  }
  for (const JsonAt& item : at.Items("NodeRole")) {
    *indicator.add_node_roles() = MapJsonNodeRole(ctx, item);
  }
  for (const JsonAt& item : at.Items("Reference")) {
    *indicator.add_references() = MapJsonReference(ctx, item);
  }
  ctx.ReadRestriction(at, indicator.mutable_restriction());
  return indicator;
}

}  // namespace ncirt::iodef
