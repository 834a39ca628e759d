// Assessment and its impacts, Counter and Confidence (v2 and v1).
#include "iodef/map_classes.hpp"

namespace ncirt::iodef {
namespace {

v1::Severity ReadSeverity(MapContext& ctx, const xmlNode* node) {
  return ctx.Enum<v1::Severity>(node).value;
}

v1::SystemImpact MapSystemImpact(MapContext& ctx, const xmlNode* node) {
  v1::SystemImpact impact;
  impact.set_severity(ReadSeverity(ctx, node));
  impact.set_completion(ctx.Token(node, EnumAttr::kCompletion).token);
  const TokenRead type = ctx.Token(node, EnumAttr::kSystemImpactType);
  impact.set_type(type.token);
  impact.set_ext_type(type.ext);
  ctx.ReadLocalized(node, "Description", impact.mutable_descriptions());
  return impact;
}

// RFC 5070 Impact: its attributes are kept as they are (v1 tokens), its text becomes the
// description. Rendering upgrades it to a v2 SystemImpact (see render_xml_prepare.cpp).
v1::SystemImpact MapV1Impact(MapContext& ctx, const xmlNode* node) {
  v1::SystemImpact impact;
  impact.set_severity(ReadSeverity(ctx, node));
  impact.set_completion(ctx.Token(node, EnumAttr::kCompletion).token);
  const TokenRead type = ctx.Token(node, EnumAttr::kV1ImpactType);
  impact.set_type(type.token);
  impact.set_ext_type(type.ext);
  v1::LocalizedText text = ctx.Localized(node);
  if (!text.text().empty()) *impact.add_descriptions() = std::move(text);
  return impact;
}

v1::BusinessImpact MapBusinessImpact(MapContext& ctx, const xmlNode* node) {
  v1::BusinessImpact impact;
  const TokenRead severity = ctx.Token(node, EnumAttr::kBusinessImpactSeverity);
  impact.set_severity(severity.token);
  impact.set_ext_severity(severity.ext);
  const TokenRead type = ctx.Token(node, EnumAttr::kBusinessImpactType);
  impact.set_type(type.token);
  impact.set_ext_type(type.ext);
  ctx.ReadLocalized(node, "Description", impact.mutable_descriptions());
  return impact;
}

v1::TimeImpact MapTimeImpact(MapContext& ctx, const xmlNode* node) {
  v1::TimeImpact impact;
  impact.set_severity(ReadSeverity(ctx, node));
  const TokenRead metric = ctx.Token(node, EnumAttr::kTimeImpactMetric);
  impact.set_metric(metric.token);
  impact.set_ext_metric(metric.ext);
  const TokenRead duration = ctx.Token(node, EnumAttr::kDuration);
  impact.set_duration(duration.token);
  impact.set_ext_duration(duration.ext);
  if (std::optional<double> value = ctx.Double(node, RawText(node), "TimeImpact content")) {
    impact.set_value(*value);
  }
  return impact;
}

v1::MonetaryImpact MapMonetaryImpact(MapContext& ctx, const xmlNode* node) {
  v1::MonetaryImpact impact;
  impact.set_severity(ReadSeverity(ctx, node));
  if (std::optional<std::string> currency = Attribute(node, "currency")) {
    impact.set_currency(*currency);
  }
  if (std::optional<double> value = ctx.Double(node, RawText(node), "MonetaryImpact content")) {
    impact.set_value(*value);
  }
  return impact;
}

// The impact choice, in document order.
void MapImpacts(MapContext& ctx, const xmlNode* node, v1::Assessment& assessment) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (ctx.Is(child, "SystemImpact") && !ctx.v1()) {
      *assessment.add_impacts()->mutable_system() = MapSystemImpact(ctx, child);
    } else if (ctx.Is(child, "Impact") && ctx.v1()) {
      *assessment.add_impacts()->mutable_v1_impact() = MapV1Impact(ctx, child);
    } else if (ctx.Is(child, "BusinessImpact") && !ctx.v1()) {
      *assessment.add_impacts()->mutable_business() = MapBusinessImpact(ctx, child);
    } else if (ctx.Is(child, "IntendedImpact") && !ctx.v1()) {
      *assessment.add_impacts()->mutable_intended() = MapBusinessImpact(ctx, child);
    } else if (ctx.Is(child, "TimeImpact")) {
      *assessment.add_impacts()->mutable_time() = MapTimeImpact(ctx, child);
    } else if (ctx.Is(child, "MonetaryImpact")) {
      *assessment.add_impacts()->mutable_monetary() = MapMonetaryImpact(ctx, child);
    }
  }
}

}  // namespace

v1::Assessment MapAssessment(MapContext& ctx, const xmlNode* node) {
  v1::Assessment assessment;
  assessment.set_occurrence(ctx.Token(node, EnumAttr::kOccurrence).token);
  ctx.ReadRestriction(node, assessment.mutable_restriction());
  if (std::optional<std::string> id = Attribute(node, "observable-id")) {
    assessment.set_observable_id(*id);
  }
  ctx.ReadLocalized(node, "IncidentCategory", assessment.mutable_incident_categories());
  MapImpacts(ctx, node, assessment);
  for (const xmlNode* child : ctx.Children(node, "Counter")) {
    *assessment.add_counters() = MapCounter(ctx, child);
  }
  ctx.ReadLocalized(node, "MitigatingFactor", assessment.mutable_mitigating_factors());
  ctx.ReadLocalized(node, "Cause", assessment.mutable_causes());
  if (const xmlNode* child = ctx.Child(node, "Confidence")) {
    *assessment.mutable_confidence() = MapConfidence(ctx, child);
  }
  ctx.ReadExtensions(node, "AdditionalData", assessment.mutable_additional_data());
  return assessment;
}

v1::Confidence MapConfidence(MapContext& ctx, const xmlNode* node) {
  v1::Confidence confidence;
  const EnumRead<v1::ConfidenceRating> rating = ctx.Enum<v1::ConfidenceRating>(node);
  confidence.set_rating(rating.value);
  confidence.set_ext_rating(rating.ext);
  const std::string content = Text(node);
  if (!content.empty()) {
    if (std::optional<double> value = ctx.Double(node, content, "Confidence content")) {
      confidence.set_value(*value);
    }
  }
  return confidence;
}

v1::Counter MapCounter(MapContext& ctx, const xmlNode* node) {
  v1::Counter counter;
  if (ctx.v1()) {
    // RFC 5070's Counter@type is what RFC 7970 calls the unit; with a duration it is a rate.
    const TokenRead unit = ctx.Token(node, EnumAttr::kCounterUnit, "type", "ext-type");
    counter.set_unit(unit.token);
    counter.set_ext_unit(unit.ext);
    counter.set_type(Attribute(node, "duration") ? "rate" : "counter");
  } else {
    const TokenRead type = ctx.Token(node, EnumAttr::kCounterType);
    counter.set_type(type.token);
    counter.set_ext_type(type.ext);
    const TokenRead unit = ctx.Token(node, EnumAttr::kCounterUnit);
    counter.set_unit(unit.token);
    counter.set_ext_unit(unit.ext);
  }
  if (std::optional<std::string> meaning = Attribute(node, "meaning")) {
    counter.set_meaning(*meaning);
  }
  const TokenRead duration = ctx.Token(node, EnumAttr::kDuration);
  counter.set_duration(duration.token);
  counter.set_ext_duration(duration.ext);
  if (std::optional<double> value = ctx.Double(node, RawText(node), "Counter content")) {
    counter.set_value(*value);
  }
  return counter;
}

}  // namespace ncirt::iodef
