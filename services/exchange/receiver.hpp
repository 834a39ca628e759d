#pragma once
// The receiving side of a Share (docs/protocol.md 5): validation, deduplication, version
// ordering, storage through intake, and the reply.
//
// A partner's incident enters ncirt the way every incident does: as an IODEF document that
// passes intake's strict validation. The document is the Share's original_document when the
// partner's policy attached one, else the carried model rendered to IODEF v2 XML
// (iodef::RenderXml). It must hold exactly one incident. It is stored with intake's
// IncidentStore::Submit() under the submitter "partner:<name>", keeping the partner's TLP
// marking (not the one intake would derive), and only after that commit is the Share
// recorded in exchange.received_shares and acknowledged.
//
// Replies:
//   Ack                          stored (or content intake already had: duplicate = true)
//   Ack duplicate                share_id committed before, or a version not above the
//                                highest applied for this (partner, origin incident)
//   Nack MALFORMED               share_id, kind, origin_incident_id or version missing
//   Ack                          a withdrawal of an incident received here (version above the
//                                highest applied): recorded, and the incident taken out of the
//                                triage queue with a comment naming the partner and reason
//   Nack UNKNOWN_INCIDENT        a withdrawal of an incident of which no version was received
//   Nack INVALID_DOCUMENT        no incident, no marking, the document fails validation, or
//                                its IncidentID belongs to another submitter
//   Nack POLICY_REFUSED          TLP:RED (never exchanged)
//   Nack TOO_LARGE               over intake's document limits
//   Nack UNAVAILABLE             the database is unavailable; nothing acknowledged
// A connection lost during COMMIT (pqxx::in_doubt_error) propagates: the caller closes the
// connection without a reply, and the sender's re-send is recognised as above.
//
// With a GroupCommit (group_commit.hpp), a VERSION Share is validated and prepared on the
// calling thread, then stored with the other Shares that arrive at the same time in ONE
// transaction (intake's rows and the received_shares row together), deciding duplicates and
// version order inside it; the answers are the same as above. A Share that fails validation,
// and every withdrawal, takes the one-at-a-time way. Without a GroupCommit, each Share is
// stored through intake's IncidentStore::Submit() and then recorded (two transactions): a
// crash between them leaves an incident whose re-send intake recognises by its content
// fingerprint.
//
// Thread-safety: Receive() may run on many threads at once (the stores are thread-safe).

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "exchange/group_commit.hpp"
#include "exchange/partner.hpp"
#include "exchange/store/received_share_store.hpp"
#include "intake/store/incident_store.hpp"
#include "iodef/limits.hpp"
#include "ncirt/v1/envelope.pb.h"

namespace ncirt::exchange {

using Reply = std::variant<v1::Ack, v1::Nack>;

class Receiver {
 public:
  // `group` may be null (no group commit). All must outlive the receiver.
  Receiver(intake::store::IncidentStore& incidents, store::ReceivedShareStore& received,
           iodef::Limits limits = {}, GroupCommit* group = nullptr)
      : incidents_(incidents), received_(received), limits_(limits), group_(group) {}

  // `partner` is the enabled partner the connection's pin belongs to.
  Reply Receive(const Partner& partner, const v1::Share& share);

  // A partner's Query about an incident it shared with us (docs/protocol.md 6): our id, our
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
  // The group-commit way; nullopt when the Share must take the one-at-a-time way.
  std::optional<Reply> ReceiveGrouped(const Partner& partner, const v1::Share& share);

  intake::store::IncidentStore& incidents_;
  store::ReceivedShareStore& received_;
  iodef::Limits limits_;
  GroupCommit* group_;
};

// "partner:<name>": the intake submitter of a partner's incidents.
std::string PartnerSubmitter(const Partner& partner);

}  // namespace ncirt::exchange
