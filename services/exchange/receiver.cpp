#include "exchange/receiver.hpp"

#include "exchange/text.hpp"
#include "intake/submission.hpp"
#include "iodef/codec.hpp"
#include "iodef/marking.hpp"

namespace ncirt::exchange {
namespace {

v1::Nack Refuse(v1::NackCode code, const v1::Share& share, std::string message) {
  v1::Nack nack;
  nack.set_code(code);
  nack.set_message(std::move(message));
  nack.set_share_id(share.share_id());
  return nack;
}

v1::Ack Acknowledge(const v1::Share& share, std::string receiver_incident_id, bool duplicate) {
  v1::Ack ack;
  ack.set_share_id(share.share_id());
  ack.set_receiver_incident_id(std::move(receiver_incident_id));
  ack.set_duplicate(duplicate);
  return ack;
}

v1::NackCode CodeOf(const common::Error& error) {
  switch (error.kind) {
    case common::ErrorKind::kTooLarge: return v1::NACK_CODE_TOO_LARGE;
    case common::ErrorKind::kUnavailable:
    case common::ErrorKind::kOverloaded: return v1::NACK_CODE_UNAVAILABLE;
    default: return v1::NACK_CODE_INVALID_DOCUMENT;
  }
}

std::optional<v1::Nack> CheckRequired(const v1::Share& share) {
  if (share.share_id().empty() || share.origin_incident_id().empty() || share.version() == 0 ||
      share.kind() == v1::SHARE_KIND_UNSPECIFIED) {
    return Refuse(v1::NACK_CODE_MALFORMED, share,
                  "a Share needs share_id, kind, origin_incident_id and a version from 1");
  }
  if (share.kind() == v1::SHARE_KIND_WITHDRAWAL) {
    return Refuse(v1::NACK_CODE_NOT_AUTHORISED, share,
                  "this receiver does not accept withdrawals (not in its capabilities)");
  }
  if (!share.has_incident()) {
    return Refuse(v1::NACK_CODE_INVALID_DOCUMENT, share, "a VERSION Share must carry the incident");
  }
  const v1::Tlp tlp = share.incident().tlp();
  if (tlp == v1::TLP_UNSPECIFIED || !v1::Tlp_IsValid(tlp)) {
    return Refuse(v1::NACK_CODE_INVALID_DOCUMENT, share, "the incident carries no TLP marking");
  }
  if (tlp == v1::TLP_RED) {
    return Refuse(v1::NACK_CODE_POLICY_REFUSED, share, "TLP:RED incidents are never exchanged");
  }
  return std::nullopt;
}

// The IODEF document that stands for the Share: the original, else the model rendered.
common::Result<std::string> DocumentOf(const v1::Share& share) {
  if (!share.original_document().empty()) return share.original_document();
  auto rendered = iodef::RenderXml({share.incident()});
  if (!rendered) return std::unexpected(rendered.error());
  return std::move(rendered->document);
}

}  // namespace

std::string PartnerSubmitter(const Partner& partner) { return "partner:" + partner.name; }

Reply Receiver::Receive(const Partner& partner, const v1::Share& share) {
  if (auto nack = CheckRequired(share)) return *nack;
  const auto unavailable = [&](const common::Error& e) {
    return Refuse(v1::NACK_CODE_UNAVAILABLE, share, e.ToString());
  };

  auto earlier = received_.Find(partner.id, share.share_id());
  if (!earlier) return unavailable(earlier.error());
  if (*earlier) return Acknowledge(share, (*earlier)->receiver_incident_id, true);

  auto latest = received_.Latest(partner.id, share.origin_incident_id());
  if (!latest) return unavailable(latest.error());
  if (*latest && (*latest)->version >= share.version()) {
    auto recorded = received_.Record({partner.id, share.share_id(), share.origin_incident_id(),
                                      share.version(), (*latest)->receiver_incident_id, false});
    if (!recorded) return unavailable(recorded.error());
    return Acknowledge(share, (*latest)->receiver_incident_id, true);
  }

  auto document = DocumentOf(share);
  if (!document) return Refuse(CodeOf(document.error()), share, document.error().ToString());
  iodef::Decoded decoded = iodef::Decode(*document, iodef::Policy::kStrict, limits_);
  if (!decoded.ok()) return Refuse(CodeOf(*decoded.error), share, decoded.error->ToString());
  if (decoded.incidents.size() != 1) {
    return Refuse(v1::NACK_CODE_INVALID_DOCUMENT, share,
                  Cat({"the document holds ", std::to_string(decoded.incidents.size()),
                       " incidents; a Share carries exactly one"}));
  }
  const v1::Tlp marking = share.incident().tlp();
  intake::Principal principal{.submitter = PartnerSubmitter(partner),
                              .policy = iodef::Policy::kStrict,
                              .default_tlp = marking};
  const bool json = decoded.report.format == v1::SOURCE_FORMAT_IODEF_V2_JSON;
  auto submission = intake::PrepareSubmission(std::move(decoded.incidents), principal,
                                              json ? "application/json" : "application/xml",
                                              *document, std::nullopt);
  if (!submission) return Refuse(CodeOf(submission.error()), share, submission.error().ToString());
  // The partner's marking stands, whatever the restriction attribute would give.
  for (intake::PreparedIncident& prepared : submission->incidents) {
    prepared.incident.set_tlp(marking);
  }
  auto stored = incidents_.Submit(*submission);
  if (!stored) return Refuse(CodeOf(stored.error()), share, stored.error().ToString());
  const intake::IncidentResult& result = stored->incidents.at(0);

  auto recorded = received_.Record({partner.id, share.share_id(), share.origin_incident_id(),
                                    share.version(), result.id, true});
  if (!recorded) return unavailable(recorded.error());
  return Acknowledge(share, result.id, result.outcome == intake::Outcome::kDuplicate);
}

}  // namespace ncirt::exchange
