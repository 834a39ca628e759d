#include "exchange/policy/reshare.hpp"

#include "exchange/text.hpp"
#include "iodef/marking.hpp"

namespace ncirt::exchange::policy {

std::optional<Refusal> CheckReshare(const v1::Incident& incident, const Provenance& provenance) {
  if (!provenance.FromPartner()) return std::nullopt;
  const v1::Tlp tlp = incident.tlp();
  if (tlp == v1::TLP_RED || tlp == v1::TLP_AMBER_STRICT) {
    return Refusal{RefusalReason::kReshareForbidden,
                   Cat({"incident ", incident.id(), " was received from ", provenance.received_from,
                        " marked TLP:", iodef::TlpName(tlp),
                        ", which forbids passing it on to other CIRTs"})};
  }
  return std::nullopt;
}

}  // namespace ncirt::exchange::policy
