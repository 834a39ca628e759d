#pragma once
// The console's "file a new incident" form, turned into the internal model.
//
// The form (docs/console.md lists its members) is JSON; NewIncidentModel() checks every member
// and builds a v1::Incident that IODEF v2 can carry: IncidentID (the generated id within the
// issuing CSIRT's name), purpose, GenerationTime, a creator Contact (the CSIRT, with the analyst
// as its person), optionally the affected constituent as a victim Contact, an Assessment when a
// severity is given, the description, the TLP as the IODEF restriction, and the indicators as
// Systems of one EventData (addresses and networks as Node addresses, domains as DomainData,
// URLs as site-uri addresses, e-mail addresses as e-mail addresses) or, for file hashes, as
// IODEF Indicators with a FileData hash. Each indicator is classified by its shape; one that is
// none of these is refused by position, so the analyst can correct it.
//
// The model is not stored as built: file_incident.cpp renders it, validates the rendered
// document and stores what intake's codec reads back from it, so a filed incident is exactly
// what any other IODEF v2 submission of the same document would be.
//
// Thread-safety: pure functions.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "ncirt/v1/incident.pb.h"
#include "triage/clock.hpp"

namespace ncirt::triage::console {

// Limits of the form's members, in bytes or items.
inline constexpr std::size_t kMaxDescriptionBytes = 8192;
inline constexpr std::size_t kMaxIndicators = 200;
inline constexpr std::size_t kMaxShortTextBytes = 256;

struct NewIncidentInput {
  // The form as sent by the console (a JSON object).
  const nlohmann::json& form;
  // The analyst filing it (the creator contact's person).
  std::string_view analyst;
  // The IncidentID text to give it (unique; file_incident.cpp generates it).
  std::string_view incident_id;
  TimePoint now;
};

// The model, or kBadRequest naming the member and what is wrong with it.
common::Result<v1::Incident> NewIncidentModel(const NewIncidentInput& input);

// The kind an indicator text has: "ipv4-addr", "ipv6-addr", "ipv4-net", "ipv6-net", "domain",
// "url", "e-mail", "hash"; empty when it is none of these.
std::string_view IndicatorKind(std::string_view text);

}  // namespace ncirt::triage::console
