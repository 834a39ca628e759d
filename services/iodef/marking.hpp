#pragma once
// The TLP 2.0 marking of an incident, derived from its IODEF `restriction`.
//
// IODEF (RFC 7970 §3.3.1) names TLP colours directly ("white", "green", "amber", "red") and the
// older sharing levels ("public", "partner", "need-to-know", "private"), which map onto the
// same scale. TLP 2.0's AMBER+STRICT has no IODEF token; senders carry it as ext-value with
// ext-restriction "amber+strict" (any case, with or without a "tlp:" prefix). "default" and an
// absent attribute say nothing, and so does an ext-value we do not recognise: those incidents
// take the submitter's default marking, which intake keeps per API token.
//
//   white, public        -> CLEAR
//   green, partner       -> GREEN
//   amber, need-to-know  -> AMBER
//   amber+strict (ext)   -> AMBER_STRICT
//   red, private         -> RED
//
// Thread-safety: pure functions.

#include <optional>
#include <string_view>

#include "ncirt/v1/marking.pb.h"

namespace ncirt::iodef {

// The TLP a restriction names, or nullopt when it names none (absent, default, unknown ext).
std::optional<v1::Tlp> TlpOfRestriction(const v1::RestrictionValue& restriction);

// TlpOfRestriction(restriction), else `submitter_default`.
v1::Tlp TlpFromRestriction(const v1::RestrictionValue& restriction, v1::Tlp submitter_default);

// "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED" (TLP 2.0's own spelling); "" for UNSPECIFIED.
std::string_view TlpName(v1::Tlp tlp);

// Parses a TLP name as people write it: any case, with or without "TLP:", "WHITE" for CLEAR,
// "AMBER_STRICT" for AMBER+STRICT. nullopt for anything else.
std::optional<v1::Tlp> ParseTlp(std::string_view text);

}  // namespace ncirt::iodef
