// Assessment, its impacts, Counter and Confidence from RFC 8727 JSON.
#include "iodef/json_map_classes.hpp"

namespace ncirt::iodef {
namespace {

v1::SystemImpact MapSystemImpact(JsonMapContext& ctx, const JsonAt& at) {
  v1::SystemImpact impact;
  impact.set_severity(ctx.Enum<v1::Severity>(at).value);
  impact.set_completion(ctx.Token(at, EnumAttr::kCompletion).token);
  const TokenRead type = ctx.Token(at, EnumAttr::kSystemImpactType);
  impact.set_type(type.token);
  impact.set_ext_type(type.ext);
  ctx.ReadLocalized(at, "Description", impact.mutable_descriptions());
  return impact;
}

v1::BusinessImpact MapBusinessImpact(JsonMapContext& ctx, const JsonAt& at) {
  v1::BusinessImpact impact;
  const TokenRead severity = ctx.Token(at, EnumAttr::kBusinessImpactSeverity);
  impact.set_severity(severity.token);
  impact.set_ext_severity(severity.ext);
  const TokenRead type = ctx.Token(at, EnumAttr::kBusinessImpactType);
  impact.set_type(type.token);
  impact.set_ext_type(type.ext);
  ctx.ReadLocalized(at, "Description", impact.mutable_descriptions());
  return impact;
}

v1::TimeImpact MapTimeImpact(JsonMapContext& ctx, const JsonAt& at) {
  v1::TimeImpact impact;
  impact.set_severity(ctx.Enum<v1::Severity>(at).value);
  const TokenRead metric = ctx.Token(at, EnumAttr::kTimeImpactMetric);
  impact.set_metric(metric.token);
  impact.set_ext_metric(metric.ext);
  const TokenRead duration = ctx.Token(at, EnumAttr::kDuration);
  impact.set_duration(duration.token);
  impact.set_ext_duration(duration.ext);
  if (auto value = ctx.Number(at, "value")) impact.set_value(*value);
  return impact;
}

v1::MonetaryImpact MapMonetaryImpact(JsonMapContext& ctx, const JsonAt& at) {
  v1::MonetaryImpact impact;
  impact.set_severity(ctx.Enum<v1::Severity>(at).value);
  if (auto currency = ctx.String(at, "currency")) impact.set_currency(*currency);
  if (auto value = ctx.Number(at, "value")) impact.set_value(*value);
  return impact;
}

// One impact: the class named by the member of a one-member object.
bool MapImpact(JsonMapContext& ctx, std::string_view name, const JsonAt& at,
               v1::Assessment& assessment) {
  if (!at.IsObject()) return false;
  if (name == "SystemImpact") {
    *assessment.add_impacts()->mutable_system() = MapSystemImpact(ctx, at);
  } else if (name == "BusinessImpact") {
    *assessment.add_impacts()->mutable_business() = MapBusinessImpact(ctx, at);
  } else if (name == "IntendedImpact") {
    *assessment.add_impacts()->mutable_intended() = MapBusinessImpact(ctx, at);
  } else if (name == "TimeImpact") {
    *assessment.add_impacts()->mutable_time() = MapTimeImpact(ctx, at);
  } else if (name == "MonetaryImpact") {
    *assessment.add_impacts()->mutable_monetary() = MapMonetaryImpact(ctx, at);
  } else {
    return false;
  }
  return true;
}

constexpr std::string_view kImpactClasses[] = {"SystemImpact", "BusinessImpact", "TimeImpact",
                                               "MonetaryImpact", "IntendedImpact"};

void MapImpacts(JsonMapContext& ctx, const JsonAt& at, v1::Assessment& assessment) {
  for (const JsonAt& entry : at.Items("Impact")) {
    if (!entry.IsObject()) continue;
    for (const auto& [name, value] : entry.value.items()) {
      if (!MapImpact(ctx, name, JsonAt{value, AppendPointer(entry.pointer, name)}, assessment)) {
        ctx.Warn(AppendPointer(entry.pointer, name), "'" + name + "' is not an impact class");
      }
    }
  }
  // The working group's drafts put the impact classes straight into Assessment.
  for (const std::string_view name : kImpactClasses) {
    for (const JsonAt& item : at.Items(name)) {
      if (MapImpact(ctx, name, item, assessment)) {
        ctx.Warn(item.pointer, std::string(name) + " directly in Assessment (a pre-RFC 8727 "
                                                   "shape); read as an Impact entry");
      }
    }
  }
}

}  // namespace

v1::Assessment MapJsonAssessment(JsonMapContext& ctx, const JsonAt& at) {
  v1::Assessment assessment;
  if (!at.IsObject()) return assessment;
  assessment.set_occurrence(ctx.Token(at, EnumAttr::kOccurrence).token);
  ctx.ReadRestriction(at, assessment.mutable_restriction());
  if (auto id = ctx.String(at, "observable-id")) assessment.set_observable_id(*id);
  ctx.ReadLocalized(at, "IncidentCategory", assessment.mutable_incident_categories());
  MapImpacts(ctx, at, assessment);
  for (const JsonAt& item : at.Items("Counter")) *assessment.add_counters() = MapJsonCounter(ctx, item);
  ctx.ReadLocalized(at, "MitigatingFactor", assessment.mutable_mitigating_factors());
  ctx.ReadLocalized(at, "Cause", assessment.mutable_causes());
  if (const auto confidence = at.Member("Confidence")) {
    *assessment.mutable_confidence() = MapJsonConfidence(ctx, *confidence);
  }
  ctx.ReadExtensions(at, "AdditionalData", assessment.mutable_additional_data());
  return assessment;
}

v1::Confidence MapJsonConfidence(JsonMapContext& ctx, const JsonAt& at) {
  v1::Confidence confidence;
  if (!at.IsObject()) return confidence;
  const EnumRead<v1::ConfidenceRating> rating = ctx.Enum<v1::ConfidenceRating>(at);
  confidence.set_rating(rating.value);
  confidence.set_ext_rating(rating.ext);
  if (auto value = ctx.Number(at, "value")) confidence.set_value(*value);
  return confidence;
}

v1::Counter MapJsonCounter(JsonMapContext& ctx, const JsonAt& at) {
  v1::Counter counter;
  if (!at.IsObject()) return counter;
  const TokenRead type = ctx.Token(at, EnumAttr::kCounterType);
  counter.set_type(type.token);
  counter.set_ext_type(type.ext);
  const TokenRead unit = ctx.Token(at, EnumAttr::kCounterUnit);
  counter.set_unit(unit.token);
  counter.set_ext_unit(unit.ext);
  if (auto meaning = ctx.String(at, "meaning")) counter.set_meaning(*meaning);
  const TokenRead duration = ctx.Token(at, EnumAttr::kDuration);
  counter.set_duration(duration.token);
  counter.set_ext_duration(duration.ext);
  if (auto value = ctx.Number(at, "value")) counter.set_value(*value);
  return counter;
}

}  // namespace ncirt::iodef
