#include "exchange/policy/tlp_gate.hpp"

#include <string>

#include "exchange/text.hpp"
#include "iodef/marking.hpp"

namespace ncirt::exchange::policy {

std::optional<Refusal> CheckTlp(const v1::Incident& incident, const Agreement& agreement) {
  const v1::Tlp tlp = incident.tlp();
  if (tlp == v1::TLP_UNSPECIFIED) {
    return Refusal{RefusalReason::kUnmarked,
                   Cat({"incident ", incident.id(),
                        " has no TLP marking; unmarked incidents are not shared with ",
                        agreement.partner, " (set its TLP first)"})};
  }
  if (tlp == v1::TLP_RED) {
    return Refusal{RefusalReason::kRed,
                   Cat({"incident ", incident.id(), " is TLP:RED, which never leaves this CIRT"})};
  }
  if (!AllowsTlp(agreement, tlp)) {
    std::string allowed;
    for (const v1::Tlp level : agreement.allowed_tlps) {
      if (!allowed.empty()) allowed += ", ";
      allowed += iodef::TlpName(level);
    }
    return Refusal{RefusalReason::kTlpNotAgreed,
                   Cat({"incident ", incident.id(), " is TLP:", iodef::TlpName(tlp),
                        ", but agreement \"", agreement.name, "\" lets ", agreement.partner,
                        " receive only [", allowed, "]"})};
  }
  return std::nullopt;
}

}  // namespace ncirt::exchange::policy
