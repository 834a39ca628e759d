#include "exchange/policy/agreement.hpp"

#include <algorithm>

namespace ncirt::exchange::policy {

bool AllowsTlp(const Agreement& agreement, v1::Tlp tlp) {
  if (tlp == v1::TLP_RED || tlp == v1::TLP_UNSPECIFIED) return false;
  return std::ranges::find(agreement.allowed_tlps, tlp) != agreement.allowed_tlps.end();
}

bool AllowsAnyCategory(const Agreement& agreement) {
  return std::ranges::find(agreement.allowed_categories, kAnyCategory) !=
         agreement.allowed_categories.end();
}

bool AllowsCategory(const Agreement& agreement, std::string_view category) {
  if (AllowsAnyCategory(agreement)) return true;
  const std::string wanted = NormaliseCategory(category);
  return std::ranges::find(agreement.allowed_categories, wanted) !=
         agreement.allowed_categories.end();
}

std::string NormaliseCategory(std::string_view category) {
  constexpr std::string_view kBlanks = " \t\r\n";
  const auto first = category.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  const auto last = category.find_last_not_of(kBlanks);
  std::string out(category.substr(first, last - first + 1));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace ncirt::exchange::policy
