#include "exchange/policy/category_gate.hpp"

#include <algorithm>

#include "exchange/text.hpp"

namespace ncirt::exchange::policy {
namespace {

void AddCategories(const v1::Assessment& assessment, std::vector<std::string>& out) {
  for (const v1::LocalizedText& text : assessment.incident_categories()) {
    std::string category = NormaliseCategory(text.text());
    if (category.empty()) continue;
    if (std::ranges::find(out, category) == out.end()) out.push_back(std::move(category));
  }
}

void AddEventCategories(const v1::EventData& event, std::vector<std::string>& out) {
  if (event.has_assessment()) AddCategories(event.assessment(), out);
  for (const v1::EventData& nested : event.event_data()) AddEventCategories(nested, out);
}

}  // namespace

std::vector<std::string> IncidentCategories(const v1::Incident& incident) {
  std::vector<std::string> out;
  for (const v1::Assessment& assessment : incident.assessments()) AddCategories(assessment, out);
  for (const v1::EventData& event : incident.event_data()) AddEventCategories(event, out);
  return out;
}

std::optional<Refusal> CheckCategories(const v1::Incident& incident, const Agreement& agreement) {
  if (AllowsAnyCategory(agreement)) return std::nullopt;
  const std::vector<std::string> categories = IncidentCategories(incident);
  if (categories.empty()) {
    return Refusal{RefusalReason::kUncategorised,
                   Cat({"incident ", incident.id(), " has no category, and agreement \"",
                        agreement.name, "\" lets ", agreement.partner,
                        " receive only named categories (categorise it first)"})};
  }
  for (const std::string& category : categories) {
    if (!AllowsCategory(agreement, category)) {
      return Refusal{RefusalReason::kCategoryNotAgreed,
                     Cat({"incident ", incident.id(), " has category \"", category,
                          "\", which agreement \"", agreement.name, "\" with ",
                          agreement.partner, " does not cover"})};
    }
  }
  return std::nullopt;
}

}  // namespace ncirt::exchange::policy
