#pragma once
// The vocabulary of the constituency registry (docs/api-constituency.md): sectors, the
// criticality tokens and their mapping to triage's priority term (priority.hpp), and the plain
// values an organisation and its facts are made of. Parsing here is the one place a token from
// the API or a CSV file is checked.
//
// Thread-safety: pure functions and plain values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"
#include "triage/clock.hpp"
#include "triage/priority.hpp"

namespace ncirt::triage::constituency {

// The sector tokens, critical-infrastructure sectors first.
const std::vector<std::string_view>& SectorNames();
bool IsSector(std::string_view sector);
// energy, finance, health, telecom, government, transport, water.
bool IsCriticalInfrastructure(std::string_view sector);

// "vital", "essential", "other" -> kVital, kEssential, kOther; nullopt for anything else.
std::optional<Criticality> ParseCriticality(std::string_view token);
// "vital", "essential", "other", "unknown".
std::string_view CriticalityName(Criticality criticality);
// The criticality that counts: the one given, else derived from the sector (a
// critical-infrastructure sector is essential, any other sector other).
Criticality EffectiveCriticality(std::string_view sector, const std::optional<Criticality>& given);
// The more urgent of two.
Criticality MoreCritical(Criticality a, Criticality b);

// Validity interval; nullopt ends are open (-infinity, +infinity).
struct Validity {
  std::optional<TimePoint> from;
  std::optional<TimePoint> to;
};

struct OrganisationAttributes {
  std::string name;
  std::string sector;
  std::optional<Criticality> criticality;
};

struct Contact {
  std::string role;
  std::string email;
  std::string phone;
  std::string pgp_fingerprint;
  std::string language;
};

// A checked handle, or kBadRequest naming `where`.
common::Result<std::string> CheckHandle(std::string_view handle, std::string_view where);
// Checked attributes (name non-empty and at most 200 characters, known sector).
common::Result<OrganisationAttributes> CheckAttributes(std::string_view name,
                                                       std::string_view sector,
                                                       std::string_view criticality,
                                                       std::string_view where);
// A contact with its fields normalised (contact_fields in normalize.hpp), or kBadRequest.
common::Result<Contact> CheckContact(Contact contact, std::string_view where);

}  // namespace ncirt::triage::constituency
