#pragma once
// PII and restriction redaction: removes from an incident everything a partner may not receive,
// and says what it removed and why.
//
// Removed, for a partner whose agreement does not allow personal data:
// - in every Contact (wherever it appears: the incident, EventData, Discovery, Expectation,
//   HistoryItem, Indicator, nested Contacts): names, e-mail addresses, telephones, postal
//   addresses and AdditionalData (XMPP and the like). Role, type and registry handles stay, so
//   the partner still sees that a reporter or victim exists.
// - every element whose IODEF `restriction` is need-to-know.
// Removed for every partner:
// - every element whose `restriction` is private or red (TLP:RED never leaves, and
//   iodef/marking.hpp reads private as RED),
// - every element whose `restriction` names a TLP level the agreement does not list (an AMBER
//   Assessment inside a GREEN incident sent to a GREEN-only partner).
// An element removed takes its whole subtree with it, which is also how IODEF inheritance works:
// children without a restriction of their own inherit the removed parent's.
//
// Indicators of evidence (EmailData senders and recipients, addresses, domains) are not personal
// data here: they describe the attack, and a partner needs them to act. Free text (descriptions)
// is not inspected; analysts mark sensitive text with a restriction.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <vector>

#include "exchange/policy/agreement.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::exchange::policy {

// One thing the policy took out: where in the model ("event_data[0].contacts[1].emails") and why.
struct Removal {
  std::string path;
  std::string reason;
};

// Why an element with this restriction may not go to the partner of `agreement`; nullopt if it
// may.
std::optional<std::string> WithholdReason(const v1::RestrictionValue& restriction,
                                          const Agreement& agreement);

// Removes from `incident` what the partner may not receive (see above), in model order, and
// returns the removals. The incident's own IncidentID is not touched: the caller refuses the
// share instead when WithholdReason() objects to it.
std::vector<Removal> Redact(v1::Incident& incident, const Agreement& agreement);

}  // namespace ncirt::exchange::policy
