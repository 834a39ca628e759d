#include "iodef/marking.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace ncirt::iodef {
namespace {

std::string Folded(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (out.starts_with("tlp:")) out.erase(0, 4);
  return out;
}

}  // namespace

std::optional<v1::Tlp> TlpOfRestriction(const v1::RestrictionValue& restriction) {
  switch (restriction.value()) {
    case v1::RESTRICTION_WHITE:
    case v1::RESTRICTION_PUBLIC:
      return v1::TLP_CLEAR;
    case v1::RESTRICTION_GREEN:
    case v1::RESTRICTION_PARTNER:
      return v1::TLP_GREEN;
    case v1::RESTRICTION_AMBER:
    case v1::RESTRICTION_NEED_TO_KNOW:
      return v1::TLP_AMBER;
    case v1::RESTRICTION_RED:
    case v1::RESTRICTION_PRIVATE:
      return v1::TLP_RED;
    case v1::RESTRICTION_EXT_VALUE:
      // Only AMBER+STRICT is recognised here: another colour spelled as ext-value would be a
      // sender's mistake, and guessing in the permissive direction is not ours to do.
      if (const std::string folded = Folded(restriction.ext());
          folded == "amber+strict" || folded == "amber_strict") {
        return v1::TLP_AMBER_STRICT;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

v1::Tlp TlpFromRestriction(const v1::RestrictionValue& restriction, v1::Tlp submitter_default) {
  return TlpOfRestriction(restriction).value_or(submitter_default);
}

std::string_view TlpName(v1::Tlp tlp) {
  switch (tlp) {
    case v1::TLP_CLEAR: return "CLEAR";
    case v1::TLP_GREEN: return "GREEN";
    case v1::TLP_AMBER: return "AMBER";
    case v1::TLP_AMBER_STRICT: return "AMBER+STRICT";
    case v1::TLP_RED: return "RED";
    default: return "";
  }
}

std::optional<v1::Tlp> ParseTlp(std::string_view text) {
  const std::string folded = Folded(text);
  if (folded == "clear" || folded == "white") return v1::TLP_CLEAR;
  if (folded == "green") return v1::TLP_GREEN;
  if (folded == "amber") return v1::TLP_AMBER;
  if (folded == "amber+strict" || folded == "amber_strict") return v1::TLP_AMBER_STRICT;
  if (folded == "red") return v1::TLP_RED;
  return std::nullopt;
}

}  // namespace ncirt::iodef
