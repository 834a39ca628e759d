#pragma once
// The receiving side of a Share (docs/protocol.md 5): validation, deduplication, version
// ordering, storage through intake, and the reply.
//
// A partner's incident enters ncirt the way every incident does: as an IODEF document that
// passes intake's strict validation. The document is the Share's original_document when the
// partner's policy attached one, else the carried model rendered to IODEF v2 XML
// (iodef::RenderXml). It must hold exactly one incident. It is submitted to intake's store
// under the submitter "partner:<name>", keeping the partner's TLP marking (not the one intake
// would derive).
//
// One way in: every VERSION Share that passes validation is stored through the GroupCommit
// (group_commit.hpp, store::ShareBatchStore), so intake's rows, its announcement to triage and
// the exchange.received_shares row commit in ONE transaction, together with the other Shares
// that arrive at the same time; duplicates and version order are decided inside it. Only then
// is it acknowledged. That single commit is what the early-withdrawal trigger relies on
// (migration "exchange_received_withdrawals_originators"): whenever triage can see a partner's
// incident, its received_shares row is visible too, so triage's insert and a withdrawal take
// the same lock and cannot miss each other. There is no second, two-commit way to store one.
//
// Replies:
//   Ack                          stored (or content intake already had: duplicate = true)
//   Ack duplicate                share_id committed before, or a version not above the
//                                highest applied for this (partner, origin incident)
//   Nack MALFORMED               share_id, kind, origin_incident_id or version missing
//   Ack                          a withdrawal of an incident received here (version above the
//                                highest applied): recorded, and the incident taken out of the
//                                triage queue with a comment naming the partner and reason (or,
//                                when triage has not taken it in yet, as it takes it in)
//   Nack UNKNOWN_INCIDENT        a withdrawal of an incident of which no version was received
//   Nack INVALID_DOCUMENT        no incident, no marking, the document fails validation, or
//                                its IncidentID belongs to another submitter
//   Nack POLICY_REFUSED          TLP:RED (never exchanged)
//   Nack TOO_LARGE               over intake's document limits
//   Nack UNAVAILABLE             the database is unavailable; nothing acknowledged
// A Share that fails validation is first looked up (a re-send of one committed before, or an
// old version, is still answered Ack duplicate) and stores nothing. A withdrawal is one
// transaction of its own (ReceivedShareStore::Withdraw). A connection lost during COMMIT
// (pqxx::in_doubt_error) propagates: the caller closes the connection without a reply, and the
// sender's re-send is recognised as above.
//
// Thread-safety: Receive() may run on many threads at once (the stores are thread-safe).

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "exchange/group_commit.hpp"
#include "exchange/partner.hpp"
#include "exchange/store/received_share_store.hpp"
#include "intake/submission.hpp"
#include "iodef/limits.hpp"
#include "ncirt/v1/envelope.pb.h"

namespace ncirt::exchange {

using Reply = std::variant<v1::Ack, v1::Nack>;

class Receiver {
 public:
  // Both must outlive the receiver; `group` stores what `received` reads (the same database).
  Receiver(store::ReceivedShareStore& received, GroupCommit& group, iodef::Limits limits = {})
      : received_(received), group_(group), limits_(limits) {}

  // `partner` is the enabled partner the connection's pin belongs to.
  Reply Receive(const Partner& partner, const v1::Share& share);

  // A partner's Query about an incident it shared with us (docs/protocol.md 5.3.1): our id, our
  // triage state and the latest version applied; Nack UNKNOWN_INCIDENT when none was applied,
  // MALFORMED without origin_incident_id, UNAVAILABLE when the database is.
  std::variant<v1::QueryResult, v1::Nack> Answer(const Partner& partner, const v1::Query& query);

 private:
  // The document and the submission that views it (so it is allocated once, never moved).
  struct PreparedShare {
    std::string document;
    intake::Submission submission;
  };
  // The Share's document validated strictly and prepared for intake, or the Nack it gets.
  std::variant<std::unique_ptr<PreparedShare>, v1::Nack> Prepare(const Partner& partner,
                                                                 const v1::Share& share) const;
  Reply ReceiveVersion(const Partner& partner, const v1::Share& share);
  Reply ReceiveWithdrawal(const Partner& partner, const v1::Share& share);
  // A Share that failed validation with `nack`: Ack duplicate when it was committed before or
  // is not above the highest version applied (recorded, not applied), else `nack`.
  Reply RefuseUnlessOld(const Partner& partner, const v1::Share& share, v1::Nack&& nack);

  store::ReceivedShareStore& received_;
  GroupCommit& group_;
  iodef::Limits limits_;
};

// "partner:<name>": the intake submitter of a partner's incidents.
std::string PartnerSubmitter(const Partner& partner);

}  // namespace ncirt::exchange
