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
  if (share.kind() == v1::SHARE_KIND_WITHDRAWAL) return std::nullopt;
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

// The sender's sentence (the withdrawal's one description), bounded; a default when absent.
std::string WithdrawalReason(const v1::Share& share) {
  constexpr std::size_t kMaxReason = 1000;
  std::string reason = share.has_incident() && share.incident().descriptions_size() > 0
                           ? share.incident().descriptions(0).text()
                           : "";
  if (reason.size() > kMaxReason) reason.resize(kMaxReason);
  return reason.empty() ? "no reason given" : reason;
}

}  // namespace

std::string PartnerSubmitter(const Partner& partner) { return "partner:" + partner.name; }

Reply Receiver::Receive(const Partner& partner, const v1::Share& share) {
  if (auto nack = CheckRequired(share)) return *nack;
  if (share.kind() == v1::SHARE_KIND_WITHDRAWAL) return ReceiveWithdrawal(partner, share);
  return ReceiveVersion(partner, share);
}

Reply Receiver::ReceiveVersion(const Partner& partner, const v1::Share& share) {
  // Validated here, on the handler's thread, in parallel with the other Shares.
  auto prepared = Prepare(partner, share);
  if (auto* nack = std::get_if<v1::Nack>(&prepared)) {
    return RefuseUnlessOld(partner, share, std::move(*nack));
  }
  const PreparedShare& ready = *std::get<std::unique_ptr<PreparedShare>>(prepared);
  const store::BatchEntry entry{.partner_id = partner.id,
                                .share_id = share.share_id(),
                                .origin_incident_id = share.origin_incident_id(),
                                .version = share.version(),
                                .originator = share.originator(),
                                .submission = &ready.submission};
  auto outcome = group_.Commit(entry);
  if (!outcome) return Refuse(CodeOf(outcome.error()), share, outcome.error().ToString());
  return Acknowledge(share, outcome->receiver_incident_id, outcome->duplicate);
}

Reply Receiver::RefuseUnlessOld(const Partner& partner, const v1::Share& share, v1::Nack&& nack) {
  // A Share committed before, or an old version, is answered as it was (the sender may be
  // re-sending after a crash, perhaps with different limits here); only a new one is refused.
  auto lookup =
      received_.FindWithLatest(partner.id, share.share_id(), share.origin_incident_id());
  if (!lookup) return Refuse(v1::NACK_CODE_UNAVAILABLE, share, lookup.error().ToString());
  if (lookup->earlier) return Acknowledge(share, lookup->earlier->receiver_incident_id, true);
  const std::optional<store::ReceivedShare>& latest = lookup->latest;
  if (!latest || latest->version < share.version()) return std::move(nack);
  auto recorded = received_.Record({partner.id, share.share_id(), share.origin_incident_id(),
                                    share.version(), latest->receiver_incident_id, false,
                                    share.originator()});
  if (!recorded) return Refuse(v1::NACK_CODE_UNAVAILABLE, share, recorded.error().ToString());
  return Acknowledge(share, latest->receiver_incident_id, true);
}

Reply Receiver::ReceiveWithdrawal(const Partner& partner, const v1::Share& share) {
  const auto unavailable = [&](const common::Error& e) {
    return Refuse(v1::NACK_CODE_UNAVAILABLE, share, e.ToString());
  };
  auto lookup =
      received_.FindWithLatest(partner.id, share.share_id(), share.origin_incident_id());
  if (!lookup) return unavailable(lookup.error());
  if (lookup->earlier) return Acknowledge(share, lookup->earlier->receiver_incident_id, true);
  const std::optional<store::ReceivedShare>& latest = lookup->latest;
  if (!latest) {
    return Refuse(v1::NACK_CODE_UNKNOWN_INCIDENT, share,
                  Cat({"no version of incident ", share.origin_incident_id(), " from ",
                       partner.name, " was received here, so there is nothing to withdraw"}));
  }
  if (latest->version >= share.version()) {
    auto recorded = received_.Record({partner.id, share.share_id(), share.origin_incident_id(),
                                      share.version(), latest->receiver_incident_id, false,
                                      share.originator()});
    if (!recorded) return unavailable(recorded.error());
    return Acknowledge(share, latest->receiver_incident_id, true);
  }
  auto withdrawn = received_.Withdraw({partner.id, share.share_id(), share.origin_incident_id(),
                                       share.version(), latest->receiver_incident_id, true},
                                      partner.name, WithdrawalReason(share));
  if (!withdrawn) return unavailable(withdrawn.error());
  return Acknowledge(share, latest->receiver_incident_id, false);
}

std::variant<std::unique_ptr<Receiver::PreparedShare>, v1::Nack> Receiver::Prepare(
    const Partner& partner, const v1::Share& share) const {
  auto document = DocumentOf(share);
  if (!document) return Refuse(CodeOf(document.error()), share, document.error().ToString());
  auto out = std::make_unique<PreparedShare>();
  out->document = std::move(*document);
  iodef::Decoded decoded = iodef::Decode(out->document, iodef::Policy::kStrict, limits_);
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
                                              out->document, std::nullopt);
  if (!submission) return Refuse(CodeOf(submission.error()), share, submission.error().ToString());
  // The partner's marking stands, whatever the restriction attribute would give.
  for (intake::PreparedIncident& prepared : submission->incidents) {
    prepared.incident.set_tlp(marking);
  }
  out->submission = std::move(*submission);  // views out->document, which does not move
  return out;
}

std::variant<v1::QueryResult, v1::Nack> Receiver::Answer(const Partner& partner,
                                                         const v1::Query& query) {
  v1::Nack nack;
  if (query.origin_incident_id().empty()) {
    nack.set_code(v1::NACK_CODE_MALFORMED);
    nack.set_message("a Query needs origin_incident_id");
    return nack;
  }
  auto status = received_.Status(partner.id, query.origin_incident_id());
  if (!status) {
    nack.set_code(v1::NACK_CODE_UNAVAILABLE);
    nack.set_message(status.error().ToString());
    return nack;
  }
  if (!*status) {
    nack.set_code(v1::NACK_CODE_UNKNOWN_INCIDENT);
    nack.set_message(Cat({"no version of incident ", query.origin_incident_id(), " from ",
                          partner.name, " was received here"}));
    return nack;
  }
  v1::QueryResult result;
  result.set_origin_incident_id(query.origin_incident_id());
  result.set_receiver_incident_id((*status)->receiver_incident_id);
  result.set_state((*status)->state);
  result.set_latest_version((*status)->latest_version);
  result.mutable_updated_at()->set_seconds((*status)->updated_at_ms / 1000);
  result.mutable_updated_at()->set_nanos(
      static_cast<int>((*status)->updated_at_ms % 1000) * 1'000'000);
  return result;
}

}  // namespace ncirt::exchange
