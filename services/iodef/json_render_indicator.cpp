// Indicator, IndicatorExpression, Observable and its classes (EmailData, FileData with hashes,
// BulkObservable) as RFC 8727 JSON.
#include <map>
#include <utility>

#include "iodef/json_formats.hpp"
#include "iodef/json_render_classes.hpp"
#include "iodef/map_values.hpp"

namespace ncirt::iodef {
namespace {

constexpr std::string_view kXmlDsigNamespace = "http://www.w3.org/2000/09/xmldsig#";

std::string XmlAttributeEscaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::optional<Json> WriteIndicatorId(JsonRenderContext& ctx, const v1::IndicatorId& id,
                                     std::string_view rule, const std::string& path) {
  Json object = Json::object();
  ctx.Text(object, rule, path, "id", id.id());
  if (!object.contains("id")) {
    ctx.Omit(path, "an IndicatorID needs an id of xs:ID form; left out");
    return std::nullopt;
  }
  object["name"] = id.name();
  object["version"] = id.version();
  return object;
}

// IndicatorReference names its indicator by uid-ref or by euid-ref, not both.
std::optional<Json> WriteIndicatorReference(JsonRenderContext& ctx, const v1::IndicatorId& id,
                                            const std::string& path) {
  Json object = Json::object();
  if (!id.id().empty()) {
    ctx.Text(object, "IndicatorReference", path, "uid-ref", id.id());
    if (!id.name().empty()) {
      ctx.Omit(PathOf(path, "euid-ref"), "an IndicatorReference has uid-ref or euid-ref, not "
                                         "both; left out");
    }
  } else {
    ctx.Text(object, "IndicatorReference", path, "euid-ref", id.name());
  }
  if (object.empty()) {
    ctx.Omit(path, "an IndicatorReference needs a uid-ref or an euid-ref; left out");
    return std::nullopt;
  }
  ctx.Text(object, "IndicatorReference", path, "version", id.version());
  return object;
}

std::optional<Json> WriteHash(JsonRenderContext& ctx, const v1::Hash& hash,
                              const std::string& path) {
  const std::optional<std::string> digest = FromHex(hash.value_hex());
  if (hash.algorithm().empty() || !digest) {
    ctx.Omit(path, "a Hash needs an algorithm and a hex digest; left out");
    return std::nullopt;
  }
  // A digest of the wrong length for its algorithm is not that digest (and its base64 could
  // even read back as hex digits of the right length); it is not passed on.
  if (const std::optional<std::size_t> length = DigestLength(hash.algorithm());
      length && *length != digest->size()) {
    ctx.Omit(path, "a digest of " + std::to_string(digest->size()) + " bytes is not a " +
                       hash.algorithm() + " digest (" + std::to_string(*length) +
                       " bytes); left out");
    return std::nullopt;
  }
  // As the working group's converter writes it: the XML-DSig element, base64-encoded.
  const std::string method = "<DigestMethod xmlns=\"" + std::string(kXmlDsigNamespace) +
                             "\" Algorithm=\"" + XmlAttributeEscaped(hash.algorithm()) + "\"/>";
  Json object = Json::object();
  object["DigestMethod"] = EncodeBase64(method);
  object["DigestValue"] = EncodeBase64(*digest);
  return object;
}

// One File per name, per hash scope, and at least one; the first carries size and type. Reading
// gathers the names, the first size and type, and the hashes in File order, so a model whose
// hashes are grouped by scope reads back as it was.
Json WriteFileData(JsonRenderContext& ctx, const v1::FileObservable& file,
                   const std::string& path) {
  std::vector<std::pair<std::pair<std::string, std::string>, std::vector<int>>> scopes;
  for (int i = 0; i < file.hashes_size(); ++i) {
    std::pair<std::string, std::string> scope{file.hashes(i).scope(), file.hashes(i).ext_scope()};
    if (scope.first.empty()) scope = {"file-contents", ""};
    auto it = std::find_if(scopes.begin(), scopes.end(),
                           [&](const auto& entry) { return entry.first == scope; });
    if (it == scopes.end()) {
      scopes.push_back({scope, {}});
      it = scopes.end() - 1;
    }
    it->second.push_back(i);
  }
  const std::size_t count =
      std::max<std::size_t>({1, static_cast<std::size_t>(file.file_names_size()), scopes.size()});
  Json files = Json::array();
  for (std::size_t f = 0; f < count; ++f) {
    const std::string here = PathOf(path, "File", static_cast<int>(f));
    Json entry = Json::object();
    if (f < static_cast<std::size_t>(file.file_names_size())) {
      entry["FileName"] = file.file_names(static_cast<int>(f));
    }
    if (f == 0 && file.has_file_size()) entry["FileSize"] = file.file_size();
    if (f == 0 && !file.file_type().empty()) entry["FileType"] = file.file_type();
    if (f < scopes.size()) {
      Json data = Json::object();
      ctx.Token(data, "HashData", PathOf(here, "HashData"), EnumAttr::kHashScope,
                scopes[f].first.first, scopes[f].first.second);
      Json hashes = Json::array();
      for (int index : scopes[f].second) {
        if (auto hash = WriteHash(ctx, file.hashes(index), PathOf(here, "Hash", index))) {
          hashes.push_back(std::move(*hash));
        }
      }
      if (!data.contains("scope")) {
        ctx.Omit(PathOf(here, "HashData"), "hashes whose scope RFC 8727 cannot write; left out");
      } else if (!hashes.empty()) {
        data["Hash"] = std::move(hashes);
        entry["HashData"] = std::move(data);
      }
    }
    files.push_back(std::move(entry));
  }
  Json object = Json::object();
  ctx.Text(object, "FileData", path, "observable-id", file.observable_id());
  object["File"] = std::move(files);
  return object;
}

Json WriteEmailData(JsonRenderContext& ctx, const v1::EmailObservable& email,
                    const std::string& path) {
  Json object = Json::object();
  ctx.Text(object, "EmailData", path, "observable-id", email.observable_id());
  ctx.Strings(object, "EmailTo", email.to());
  ctx.Text(object, "EmailData", path, "EmailFrom", email.from());
  ctx.Text(object, "EmailData", path, "EmailSubject", email.subject());
  ctx.Text(object, "EmailData", path, "EmailX-Mailer", email.x_mailer());
  return object;
}

Json WriteBulkObservable(JsonRenderContext& ctx, const v1::BulkObservable& bulk,
                         const std::string& path) {
  Json object = Json::object();
  ctx.Token(object, "BulkObservable", path, EnumAttr::kBulkObservableType, bulk.type(),
            bulk.ext_type());
  std::string list;
  for (const std::string& value : bulk.values()) {
    if (!list.empty()) list.push_back('\n');
    list += value;
  }
  object["BulkObservableList"] = std::move(list);
  return object;
}

Json WriteExpression(JsonRenderContext& ctx, const v1::IndicatorExpression& expression,
                     const std::string& path) {
  Json object = Json::object();
  ctx.Token(object, "IndicatorExpression", path, EnumAttr::kIndicatorOperator,
            expression.operator_(), expression.ext_operator());
  Json expressions = Json::array();
  for (int i = 0; i < expression.expressions_size(); ++i) {
    expressions.push_back(WriteExpression(ctx, expression.expressions(i),
                                          PathOf(path, "IndicatorExpression", i)));
  }
  if (!expressions.empty()) object["IndicatorExpression"] = std::move(expressions);
  Json observables = Json::array();
  for (int i = 0; i < expression.observables_size(); ++i) {
    observables.push_back(
        WriteObservable(ctx, expression.observables(i), PathOf(path, "Observable", i)));
  }
  if (!observables.empty()) object["Observable"] = std::move(observables);
  Json references = Json::array();
  for (int i = 0; i < expression.observable_references_size(); ++i) {
    Json holder = Json::object();
    ctx.Text(holder, "IndicatorReference", PathOf(path, "uid-ref", i), "uid-ref",
             expression.observable_references(i));
    if (holder.contains("uid-ref")) references.push_back(holder["uid-ref"]);
  }
  if (!references.empty()) object["uid-ref"] = std::move(references);
  Json indicator_references = Json::array();
  for (int i = 0; i < expression.indicator_references_size(); ++i) {
    if (auto reference = WriteIndicatorReference(ctx, expression.indicator_references(i),
                                                 PathOf(path, "IndicatorReference", i))) {
      indicator_references.push_back(std::move(*reference));
    }
  }
  if (!indicator_references.empty()) {
    object["IndicatorReference"] = std::move(indicator_references);
  }
  if (expression.has_confidence()) {
    if (auto confidence =
            WriteConfidence(ctx, expression.confidence(), PathOf(path, "Confidence"))) {
      object["Confidence"] = std::move(*confidence);
    }
  }
  return object;
}

}  // namespace

Json WriteObservable(JsonRenderContext& ctx, const v1::Observable& observable,
                     const std::string& path) {
  Json object = Json::object();
  ctx.Restriction(object, "Observable", path, observable.restriction());
  switch (observable.content_case()) {
    case v1::Observable::kSystem:
      if (auto system = WriteSystem(ctx, observable.system(), PathOf(path, "System"))) {
        object["System"] = std::move(*system);
      }
      break;
    case v1::Observable::kAddress:
      object["Address"] = WriteAddress(ctx, observable.address(), PathOf(path, "Address"));
      break;
    case v1::Observable::kDomainData:
      object["DomainData"] =
          WriteDomainData(ctx, observable.domain_data(), PathOf(path, "DomainData"));
      break;
    case v1::Observable::kEmailData:
      object["EmailData"] = WriteEmailData(ctx, observable.email_data(), PathOf(path, "EmailData"));
      break;
    case v1::Observable::kService:
      object["Service"] = WriteService(ctx, observable.service(), PathOf(path, "Service"));
      break;
    case v1::Observable::kFileData:
      object["FileData"] = WriteFileData(ctx, observable.file_data(), PathOf(path, "FileData"));
      break;
    case v1::Observable::kBulkObservable:
      object["BulkObservable"] =
          WriteBulkObservable(ctx, observable.bulk_observable(), PathOf(path, "BulkObservable"));
      break;
    case v1::Observable::kReference:
      object["Reference"] = WriteReference(ctx, observable.reference(), PathOf(path, "Reference"));
      break;
    case v1::Observable::kUnmappedClass:
      ctx.Omit(PathOf(path, observable.unmapped_class()),
               "the model does not map this class; it is only in the source document");
      break;
    case v1::Observable::CONTENT_NOT_SET:
      break;
  }
  return object;
}

std::optional<Json> WriteIndicator(JsonRenderContext& ctx, const v1::IodefIndicator& indicator,
                                   const std::string& path) {
  std::optional<Json> id = WriteIndicatorId(ctx, indicator.id(), "IndicatorID",
                                            PathOf(path, "IndicatorID"));
  if (!id) {
    ctx.Omit(path, "an Indicator needs an IndicatorID; left out");
    return std::nullopt;
  }
  Json object = Json::object();
  object["IndicatorID"] = std::move(*id);
  switch (indicator.content_case()) {
    case v1::IodefIndicator::kObservable:
      object["Observable"] =
          WriteObservable(ctx, indicator.observable(), PathOf(path, "Observable"));
      break;
    case v1::IodefIndicator::kUidRef:
      ctx.Text(object, "Indicator", path, "uid-ref", indicator.uid_ref());
      break;
    case v1::IodefIndicator::kExpression:
      object["IndicatorExpression"] =
          WriteExpression(ctx, indicator.expression(), PathOf(path, "IndicatorExpression"));
      break;
    case v1::IodefIndicator::kIndicatorReference:
      if (auto reference = WriteIndicatorReference(ctx, indicator.indicator_reference(),
                                                   PathOf(path, "IndicatorReference"))) {
        object["IndicatorReference"] = std::move(*reference);
      }
      break;
    case v1::IodefIndicator::CONTENT_NOT_SET:
      break;
  }
  if (!object.contains("Observable") && !object.contains("uid-ref") &&
      !object.contains("IndicatorExpression") && !object.contains("IndicatorReference")) {
    ctx.Omit(path, "an Indicator needs an Observable, uid-ref, IndicatorExpression or "
                   "IndicatorReference; left out");
    return std::nullopt;
  }
  ctx.Restriction(object, "Indicator", path, indicator.restriction());
  Json alternatives = Json::array();
  for (int i = 0; i < indicator.alternative_ids_size(); ++i) {
    if (auto alternative = WriteIndicatorId(ctx, indicator.alternative_ids(i), "IndicatorID",
                                            PathOf(path, "AlternativeIndicatorID", i))) {
      alternatives.push_back(std::move(*alternative));
    }
  }
  if (!alternatives.empty()) {
    object["AlternativeIndicatorID"] = Json::array({Json{{"IndicatorID", std::move(alternatives)}}});
  }
  ctx.LocalizedList(object, path, "Description", indicator.descriptions());
  if (indicator.has_start_time()) ctx.Time(object, path, "StartTime", indicator.start_time());
  if (indicator.has_end_time()) ctx.Time(object, path, "EndTime", indicator.end_time());
  if (indicator.has_confidence()) {
    if (auto confidence = WriteConfidence(ctx, indicator.confidence(), PathOf(path, "Confidence"))) {
      object["Confidence"] = std::move(*confidence);
    }
  }
  WriteContacts(ctx, object, path, "Contact", indicator.contacts());
  WriteNodeRoles(ctx, object, path, indicator.node_roles());
  Json references = Json::array();
  for (int i = 0; i < indicator.references_size(); ++i) {
    references.push_back(
        WriteReference(ctx, indicator.references(i), PathOf(path, "Reference", i)));
  }
  if (!references.empty()) object["Reference"] = std::move(references);
  return object;
}

}  // namespace ncirt::iodef
