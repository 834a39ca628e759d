#include "exchange/policy/share_policy.hpp"

#include "exchange/policy/category_gate.hpp"
#include "exchange/policy/tlp_gate.hpp"
#include "exchange/text.hpp"
#include "iodef/codec.hpp"
#include "iodef/normalize.hpp"

namespace ncirt::exchange::policy {
namespace {

bool HoldsOneIncident(const std::string& document) {
  const iodef::Decoded decoded = iodef::Decode(document, iodef::Policy::kTolerant);
  return decoded.ok() && decoded.incidents.size() == 1;
}

// Decides on the original document after redaction; fills original_document or original_note.
void AttachOriginal(const v1::Incident& incident, const Agreement& agreement, Outgoing& out) {
  const std::string& document = incident.source().content();
  if (document.empty()) {
    out.original_note = "no original document is stored for this incident";
  } else if (!agreement.original_document_allowed) {
    out.original_note = Cat({"agreement \"", agreement.name, "\" with ", agreement.partner,
                             " does not include original documents"});
  } else if (!out.removed.empty()) {
    out.original_note = "the policy removed content, which the original document still holds";
  } else if (!HoldsOneIncident(document)) {
    out.original_note = "the original document holds other incidents too";
  } else {
    out.original_document = document;
  }
}

}  // namespace

ShareDecision DecideShare(const v1::Incident& incident, const Provenance& provenance,
                          const Agreement& agreement) {
  if (auto refusal = CheckReshare(incident, provenance)) return std::unexpected(*refusal);
  if (auto refusal = CheckTlp(incident, agreement)) return std::unexpected(*refusal);
  if (auto refusal = CheckCategories(incident, agreement)) return std::unexpected(*refusal);
  if (auto why = WithholdReason(incident.incident_id().restriction(), agreement)) {
    return std::unexpected(Refusal{
        RefusalReason::kIdentifierRestricted,
        Cat({"incident ", incident.id(), ": its IncidentID is ", *why})});
  }

  Outgoing out;
  out.incident = incident;
  out.incident.clear_source();
  out.incident.clear_warnings();
  out.removed = Redact(out.incident, agreement);
  iodef::FillNormalizedIndicators(out.incident);
  AttachOriginal(incident, agreement, out);
  if (provenance.FromPartner()) out.originator = provenance.OriginatorToName();
  return out;
}

}  // namespace ncirt::exchange::policy
