#include "triage/stats/visibility.hpp"

#include <array>
#include <cctype>

namespace ncirt::triage::stats {
namespace {

constexpr std::array kAll{Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed};

}  // namespace

std::string_view TlpName(Tlp tlp) {
  switch (tlp) {
    case Tlp::kClear: return "CLEAR";
    case Tlp::kGreen: return "GREEN";
    case Tlp::kAmber: return "AMBER";
    case Tlp::kAmberStrict: return "AMBER+STRICT";
    case Tlp::kRed: return "RED";
  }
  return "RED";
}

std::optional<Tlp> ParseTlp(std::string_view text) {
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "WHITE") return Tlp::kClear;
  for (Tlp tlp : kAll) {
    if (TlpName(tlp) == upper) return tlp;
  }
  return std::nullopt;
}

Tlp RoleCeiling(auth::Role role) {
  switch (role) {
    case auth::Role::kLead:
    case auth::Role::kAdmin: return Tlp::kRed;
    case auth::Role::kAnalyst:
    case auth::Role::kAuditor: return Tlp::kAmberStrict;
  }
  return Tlp::kClear;
}

common::Result<Tlp> RequestCeiling(auth::Role role, const std::optional<std::string>& requested) {
  const Tlp ceiling = RoleCeiling(role);
  if (!requested) return ceiling;
  const auto asked = ParseTlp(*requested);
  if (!asked) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "parameter 'tlp' is '" + requested->substr(0, 40) +
                            "': expected CLEAR, GREEN, AMBER, AMBER+STRICT or RED (in a URL, "
                            "write + as %2B)",
                        "tlp");
  }
  if (*asked > ceiling) {
    return common::Fail(common::ErrorKind::kForbidden,
                        "role '" + std::string(auth::RoleName(role)) +
                            "' may see statistics drawn from incidents up to TLP:" +
                            std::string(TlpName(ceiling)) + ", not TLP:" +
                            std::string(TlpName(*asked)) + " (docs/api-statistics.md)",
                        "tlp");
  }
  return *asked;
}

std::vector<std::string> TlpsUpTo(Tlp ceiling) {
  std::vector<std::string> out;
  for (Tlp tlp : kAll) {
    if (tlp <= ceiling) out.emplace_back(TlpName(tlp));
  }
  return out;
}

}  // namespace ncirt::triage::stats
