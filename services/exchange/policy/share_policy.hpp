#pragma once
// The sharing decision for one incident and one partner: "nothing leaves beyond its marking".
//
// DecideShare() applies, in order: the re-share rule (reshare.hpp), the TLP gate (tlp_gate.hpp),
// the category gate (category_gate.hpp), the incident identifier's own restriction, and PII and
// restriction redaction (redaction.hpp). The result is either the content to put in a Share,
// with the list of what was removed, or a Refusal a person can read. The caller (the outbox)
// adds the share id, version and timestamps; the policy knows nothing of delivery.
//
// The outgoing incident never carries the verbatim source document, the intake warnings (they
// may quote removed text) or normalised indicators derived from removed content: indicators are
// derived again from what is left. The original document rides in Share.original_document only
// when the redaction removed nothing, the agreement allows originals, and the document holds
// this incident alone (a multi-incident document would hand over its other incidents).
//
// Thread-safety: pure function.

#include <expected>
#include <string>
#include <vector>

#include "exchange/policy/agreement.hpp"
#include "exchange/policy/redaction.hpp"
#include "exchange/policy/refusal.hpp"
#include "exchange/policy/reshare.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::exchange::policy {

struct Outgoing {
  // The incident as the partner may see it.
  v1::Incident incident;
  // The verbatim original IODEF document, or empty (see original_note for why).
  std::string original_document;
  // Why the original document is not attached; empty when it is.
  std::string original_note;
  // The CIRT that first reported a partner's incident; empty for our own incidents.
  std::string originator;
  // What the policy removed, in model order; empty when the partner sees everything.
  std::vector<Removal> removed;
};

using ShareDecision = std::expected<Outgoing, Refusal>;

ShareDecision DecideShare(const v1::Incident& incident, const Provenance& provenance,
                          const Agreement& agreement);

}  // namespace ncirt::exchange::policy
