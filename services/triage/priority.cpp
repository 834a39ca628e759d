#include "triage/priority.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace ncirt::triage {
namespace {

constexpr double kUnknownSeverityPoints = 15;
constexpr double kUnknownConfidenceFactor = 0.8;

double SeverityPoints(v1::Severity severity) {
  switch (severity) {
    case v1::SEVERITY_HIGH: return 40;
    case v1::SEVERITY_MEDIUM: return 25;
    case v1::SEVERITY_LOW: return 10;
    default: return kUnknownSeverityPoints;
  }
}

double SeverityPoints(std::string_view business_token) {
  if (business_token == "high") return 40;
  if (business_token == "medium") return 25;
  if (business_token == "low") return 10;
  if (business_token == "none") return 0;
  return kUnknownSeverityPoints;
}

double SeverityPoints(const v1::Impact& impact) {
  switch (impact.kind_case()) {
    case v1::Impact::kSystem: return SeverityPoints(impact.system().severity());
    case v1::Impact::kV1Impact: return SeverityPoints(impact.v1_impact().severity());
    case v1::Impact::kTime: return SeverityPoints(impact.time().severity());
    case v1::Impact::kMonetary: return SeverityPoints(impact.monetary().severity());
    case v1::Impact::kBusiness: return SeverityPoints(impact.business().severity());
    case v1::Impact::kIntended: return SeverityPoints(impact.intended().severity());
    default: return kUnknownSeverityPoints;
  }
}

double ConfidenceFactor(const v1::Assessment& assessment) {
  if (!assessment.has_confidence()) return kUnknownConfidenceFactor;
  const auto& confidence = assessment.confidence();
  switch (confidence.rating()) {
    case v1::CONFIDENCE_RATING_HIGH: return 1.0;
    case v1::CONFIDENCE_RATING_MEDIUM: return 0.8;
    case v1::CONFIDENCE_RATING_LOW: return 0.6;
    case v1::CONFIDENCE_RATING_NUMERIC:
      if (confidence.has_value() && std::isfinite(confidence.value())) {
        return std::clamp(confidence.value(), 0.5, 1.0);
      }
      return kUnknownConfidenceFactor;
    default: return kUnknownConfidenceFactor;
  }
}

int MarkingPoints(v1::Tlp tlp) {
  switch (tlp) {
    case v1::TLP_RED: return 15;
    case v1::TLP_AMBER:
    case v1::TLP_AMBER_STRICT: return 10;
    case v1::TLP_GREEN: return 5;
    default: return 0;
  }
}

int ConstituentPoints(Criticality criticality) {
  switch (criticality) {
    case Criticality::kVital: return 25;
    case Criticality::kEssential: return 15;
    case Criticality::kOther: return 5;
    case Criticality::kUnknown: return 0;
  }
  return 0;
}

}  // namespace

double ImpactOf(const v1::Incident& incident) {
  if (incident.assessments().empty()) return kUnknownSeverityPoints * kUnknownConfidenceFactor;
  double best = 0;
  for (const auto& assessment : incident.assessments()) {
    double severity = 0;
    if (assessment.impacts().empty()) {
      severity = kUnknownSeverityPoints;
    } else {
      for (const auto& impact : assessment.impacts()) {
        severity = std::max(severity, SeverityPoints(impact));
      }
    }
    best = std::max(best, severity * ConfidenceFactor(assessment));
  }
  return best;
}

PriorityInputs InputsFor(const v1::Incident& incident, Criticality criticality) {
  PriorityInputs inputs;
  inputs.impact = ImpactOf(incident);
  inputs.tlp = incident.tlp();
  inputs.criticality = criticality;
  return inputs;
}

int LevelForScore(int score) {
  if (score >= 70) return 1;
  if (score >= 45) return 2;
  if (score >= 25) return 3;
  return 4;
}

Priority ComputePriority(const PriorityInputs& inputs) {
  const double age = std::isfinite(inputs.age_ratio)
                         ? std::clamp(inputs.age_ratio, 0.0, 1.0) * 20.0
                         : 0.0;
  Priority priority;
  priority.score = static_cast<int>(std::lround(std::clamp(inputs.impact, 0.0, 40.0))) +
                   MarkingPoints(inputs.tlp) + ConstituentPoints(inputs.criticality) +
                   static_cast<int>(std::floor(age));
  priority.level = LevelForScore(priority.score);
  return priority;
}

}  // namespace ncirt::triage
