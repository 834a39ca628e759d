#include "triage/constituency/registry_types.hpp"

#include <algorithm>
#include <cctype>

#include "triage/constituency/normalize.hpp"

namespace ncirt::triage::constituency {
namespace {

constexpr std::size_t kCriticalCount = 7;

int Rank(Criticality c) {
  switch (c) {
    case Criticality::kVital: return 3;
    case Criticality::kEssential: return 2;
    case Criticality::kOther: return 1;
    case Criticality::kUnknown: return 0;
  }
  return 0;
}

std::string SectorList() {
  std::string out;
  for (std::string_view s : SectorNames()) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

}  // namespace

const std::vector<std::string_view>& SectorNames() {
  static const std::vector<std::string_view> kNames = {
      "energy", "finance",   "health",    "telecom",       "government", "transport",
      "water",  "digital",   "education", "manufacturing", "research",   "retail",
      "other"};
  return kNames;
}

bool IsSector(std::string_view sector) {
  const auto& names = SectorNames();
  return std::find(names.begin(), names.end(), sector) != names.end();
}

bool IsCriticalInfrastructure(std::string_view sector) {
  const auto& names = SectorNames();
  const auto end = names.begin() + static_cast<std::ptrdiff_t>(kCriticalCount);
  return std::find(names.begin(), end, sector) != end;
}

std::optional<Criticality> ParseCriticality(std::string_view token) {
  if (token == "vital") return Criticality::kVital;
  if (token == "essential") return Criticality::kEssential;
  if (token == "other") return Criticality::kOther;
  return std::nullopt;
}

std::string_view CriticalityName(Criticality criticality) {
  switch (criticality) {
    case Criticality::kVital: return "vital";
    case Criticality::kEssential: return "essential";
    case Criticality::kOther: return "other";
    case Criticality::kUnknown: return "unknown";
  }
  return "unknown";
}

Criticality EffectiveCriticality(std::string_view sector,
                                 const std::optional<Criticality>& given) {
  if (given) return *given;
  return IsCriticalInfrastructure(sector) ? Criticality::kEssential : Criticality::kOther;
}

Criticality MoreCritical(Criticality a, Criticality b) { return Rank(a) >= Rank(b) ? a : b; }

common::Result<std::string> CheckHandle(std::string_view handle, std::string_view where) {
  const bool ok = !handle.empty() && handle.size() <= 63 && handle.front() != '-' &&
                  std::all_of(handle.begin(), handle.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                  });
  if (!ok) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "'" + std::string(handle) + "' is not an organisation handle (1 to 63 "
                        "lower-case letters, digits and '-', not starting with '-')",
                        std::string(where));
  }
  return std::string(handle);
}

common::Result<OrganisationAttributes> CheckAttributes(std::string_view name,
                                                       std::string_view sector,
                                                       std::string_view criticality,
                                                       std::string_view where) {
  const std::string prefix = where.empty() ? "" : std::string(where) + ".";
  if (name.empty() || name.size() > 200) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "the organisation's name must be 1 to 200 characters", prefix + "name");
  }
  if (!IsSector(sector)) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "'" + std::string(sector) + "' is not a sector (" + SectorList() + ")",
                        prefix + "sector");
  }
  OrganisationAttributes attributes{std::string(name), std::string(sector), std::nullopt};
  if (!criticality.empty()) {
    attributes.criticality = ParseCriticality(criticality);
    if (!attributes.criticality) {
      return common::Fail(common::ErrorKind::kBadRequest,
                          "'" + std::string(criticality) +
                              "' is not a criticality (vital, essential, other, or empty to "
                              "derive it from the sector)",
                          prefix + "criticality");
    }
  }
  return attributes;
}

common::Result<Contact> CheckContact(Contact contact, std::string_view where) {
  const std::string prefix = where.empty() ? "" : std::string(where) + ".";
  auto role = NormalizeRole(contact.role, prefix + "role");
  if (!role) return std::unexpected(role.error());
  auto email = NormalizeEmail(contact.email, prefix + "email");
  if (!email) return std::unexpected(email.error());
  auto phone = NormalizePhone(contact.phone, prefix + "phone");
  if (!phone) return std::unexpected(phone.error());
  auto fingerprint = NormalizeFingerprint(contact.pgp_fingerprint, prefix + "pgp_fingerprint");
  if (!fingerprint) return std::unexpected(fingerprint.error());
  auto language = NormalizeLanguage(contact.language, prefix + "language");
  if (!language) return std::unexpected(language.error());
  return Contact{*role, *email, *phone, *fingerprint, *language};
}

}  // namespace ncirt::triage::constituency
