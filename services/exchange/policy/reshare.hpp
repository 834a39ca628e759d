#pragma once
// The re-share rule: an incident we received from a partner goes onward only as its marking
// allows, and names the CIRT that first reported it.
//
// TLP:RED never leaves (the TLP gate refuses it anyway) and TLP:AMBER+STRICT restricts sharing
// to the recipient's own organisation, so a received AMBER+STRICT incident is never passed on.
// CLEAR, GREEN and AMBER pass on under the usual TLP and category gates.
//
// Thread-safety: plain values and pure functions.

#include <optional>
#include <string>

#include "exchange/policy/refusal.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::exchange::policy {

// Where an incident came from. Both empty for an incident reported to us directly.
struct Provenance {
  // The partner that shared it with us.
  std::string received_from;
  // The first reporter, when that partner named one (Share.originator); else empty.
  std::string originator;

  bool FromPartner() const { return !received_from.empty(); }
  // The CIRT to name as originator onward: the first reporter, else the partner.
  std::string OriginatorToName() const { return originator.empty() ? received_from : originator; }
};

// nullopt when the incident may be passed on (or is our own), else why not.
std::optional<Refusal> CheckReshare(const v1::Incident& incident, const Provenance& provenance);

}  // namespace ncirt::exchange::policy
