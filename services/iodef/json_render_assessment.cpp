// Assessment, its impacts, Counter and Confidence as RFC 8727 JSON.
#include <cmath>

#include "iodef/json_render_classes.hpp"

namespace ncirt::iodef {
namespace {

std::optional<Json> WriteSystemImpact(JsonRenderContext& ctx, const v1::SystemImpact& impact,
                                      const std::string& path) {
  Json object = Json::object();
  ctx.Enum(object, "SystemImpact", path, impact.severity(), "");
  ctx.Token(object, "SystemImpact", path, EnumAttr::kCompletion, impact.completion(), "");
  // An IODEF v1 Impact's type is written like any other: outside RFC 8727's list, as ext-value.
  ctx.Token(object, "SystemImpact", path, EnumAttr::kSystemImpactType, impact.type(),
            impact.ext_type());
  if (!object.contains("type")) {
    ctx.Omit(path, "a SystemImpact needs a type; left out");
    return std::nullopt;
  }
  ctx.LocalizedList(object, path, "Description", impact.descriptions());
  return object;
}

std::optional<Json> WriteBusinessImpact(JsonRenderContext& ctx, std::string_view rule,
                                        const v1::BusinessImpact& impact,
                                        const std::string& path) {
  Json object = Json::object();
  ctx.Token(object, rule, path, EnumAttr::kBusinessImpactSeverity, impact.severity(),
            impact.ext_severity());
  ctx.Token(object, rule, path, EnumAttr::kBusinessImpactType, impact.type(), impact.ext_type());
  if (!object.contains("type")) {
    ctx.Omit(path, "a " + std::string(rule) + " needs a type; left out");
    return std::nullopt;
  }
  ctx.LocalizedList(object, path, "Description", impact.descriptions());
  return object;
}

std::optional<Json> WriteTimeImpact(JsonRenderContext& ctx, const v1::TimeImpact& impact,
                                    const std::string& path) {
  Json object = Json::object();
  if (!(impact.value() > 0) || !std::isfinite(impact.value())) {
    ctx.Omit(path, "RFC 8727 needs a finite TimeImpact value above 0; left out");
    return std::nullopt;
  }
  object["value"] = impact.value();
  ctx.Enum(object, "TimeImpact", path, impact.severity(), "");
  ctx.Token(object, "TimeImpact", path, EnumAttr::kTimeImpactMetric, impact.metric(),
            impact.ext_metric());
  if (!object.contains("metric")) {
    ctx.Omit(path, "a TimeImpact needs a metric; left out");
    return std::nullopt;
  }
  ctx.Token(object, "TimeImpact", path, EnumAttr::kDuration, impact.duration(),
            impact.ext_duration());
  return object;
}

std::optional<Json> WriteMonetaryImpact(JsonRenderContext& ctx, const v1::MonetaryImpact& impact,
                                        const std::string& path) {
  if (!(impact.value() > 0) || !std::isfinite(impact.value())) {
    ctx.Omit(path, "RFC 8727 needs a finite MonetaryImpact value above 0; left out");
    return std::nullopt;
  }
  Json object = Json::object();
  object["value"] = impact.value();
  ctx.Enum(object, "MonetaryImpact", path, impact.severity(), "");
  ctx.Text(object, "MonetaryImpact", path, "currency", impact.currency());
  return object;
}

// One Impact entry: {"<class>": {...}}.
std::optional<Json> WriteImpact(JsonRenderContext& ctx, const v1::Impact& impact,
                                const std::string& path) {
  std::optional<Json> content;
  std::string name;
  switch (impact.kind_case()) {
    case v1::Impact::kSystem:
      name = "SystemImpact";
      content = WriteSystemImpact(ctx, impact.system(), PathOf(path, name));
      break;
    case v1::Impact::kV1Impact:
      name = "SystemImpact";
      content = WriteSystemImpact(ctx, impact.v1_impact(), PathOf(path, name));
      break;
    case v1::Impact::kBusiness:
      name = "BusinessImpact";
      content = WriteBusinessImpact(ctx, "BusinessImpact", impact.business(), PathOf(path, name));
      break;
    case v1::Impact::kIntended:
      name = "IntendedImpact";
      content = WriteBusinessImpact(ctx, "BusinessImpact", impact.intended(), PathOf(path, name));
      break;
    case v1::Impact::kTime:
      name = "TimeImpact";
      content = WriteTimeImpact(ctx, impact.time(), PathOf(path, name));
      break;
    case v1::Impact::kMonetary:
      name = "MonetaryImpact";
      content = WriteMonetaryImpact(ctx, impact.monetary(), PathOf(path, name));
      break;
    case v1::Impact::KIND_NOT_SET:
      ctx.Omit(path, "an impact without a class; left out");
      return std::nullopt;
  }
  if (!content) return std::nullopt;
  Json entry = Json::object();
  entry[name] = std::move(*content);
  return entry;
}

}  // namespace

std::optional<Json> WriteAssessment(JsonRenderContext& ctx, const v1::Assessment& assessment,
                                    const std::string& path) {
  Json impacts = Json::array();
  for (int i = 0; i < assessment.impacts_size(); ++i) {
    if (auto impact = WriteImpact(ctx, assessment.impacts(i), PathOf(path, "Impact", i))) {
      impacts.push_back(std::move(*impact));
    }
  }
  if (impacts.empty()) {
    ctx.Omit(path, "an Assessment needs at least one impact in RFC 8727; left out");
    return std::nullopt;
  }
  Json object = Json::object();
  ctx.Token(object, "Assessment", path, EnumAttr::kOccurrence, assessment.occurrence(), "");
  ctx.Restriction(object, "Assessment", path, assessment.restriction());
  ctx.Text(object, "Assessment", path, "observable-id", assessment.observable_id());
  ctx.LocalizedList(object, path, "IncidentCategory", assessment.incident_categories());
  object["Impact"] = std::move(impacts);
  WriteCounters(ctx, object, path, assessment.counters());
  ctx.LocalizedList(object, path, "MitigatingFactor", assessment.mitigating_factors());
  ctx.LocalizedList(object, path, "Cause", assessment.causes());
  if (assessment.has_confidence()) {
    if (auto confidence = WriteConfidence(ctx, assessment.confidence(), PathOf(path, "Confidence"))) {
      object["Confidence"] = std::move(*confidence);
    }
  }
  ctx.Extensions(object, path, "AdditionalData", assessment.additional_data());
  return object;
}

std::optional<Json> WriteConfidence(JsonRenderContext& ctx, const v1::Confidence& confidence,
                                    const std::string& path) {
  if (confidence.has_value() && !std::isfinite(confidence.value())) {
    ctx.Omit(path, "a Confidence value JSON cannot write (not finite); left out");
    return std::nullopt;
  }
  if (!confidence.has_value()) {
    ctx.Omit(path, "RFC 8727 requires a Confidence value, and RFC 7970's XML Confidence has "
                   "none to give; left out");
    return std::nullopt;
  }
  Json object = Json::object();
  object["value"] = confidence.value();
  ctx.Enum(object, "Confidence", path, confidence.rating(), confidence.ext_rating());
  if (!object.contains("rating")) {
    ctx.Omit(path, "a Confidence needs a rating; left out");
    return std::nullopt;
  }
  return object;
}

std::optional<Json> WriteCounter(JsonRenderContext& ctx, const v1::Counter& counter,
                                 const std::string& path) {
  if (!std::isfinite(counter.value())) {
    ctx.Omit(path, "a Counter value JSON cannot write (not finite); left out");
    return std::nullopt;
  }
  Json object = Json::object();
  object["value"] = counter.value();
  ctx.Token(object, "Counter", path, EnumAttr::kCounterType, counter.type(), counter.ext_type());
  ctx.Token(object, "Counter", path, EnumAttr::kCounterUnit, counter.unit(), counter.ext_unit());
  if (!object.contains("type") || !object.contains("unit")) {
    ctx.Omit(path, "a Counter needs a type and a unit; left out");
    return std::nullopt;
  }
  ctx.Text(object, "Counter", path, "meaning", counter.meaning());
  ctx.Token(object, "Counter", path, EnumAttr::kDuration, counter.duration(),
            counter.ext_duration());
  return object;
}

void WriteCounters(JsonRenderContext& ctx, Json& out, const std::string& path,
                   const google::protobuf::RepeatedPtrField<v1::Counter>& counters) {
  Json list = Json::array();
  for (int i = 0; i < counters.size(); ++i) {
    if (auto counter = WriteCounter(ctx, counters[i], PathOf(path, "Counter", i))) {
      list.push_back(std::move(*counter));
    }
  }
  if (!list.empty()) out["Counter"] = std::move(list);
}

}  // namespace ncirt::iodef
