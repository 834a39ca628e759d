#include "exchange/outbox/share_plan.hpp"

#include "exchange/text.hpp"

namespace ncirt::exchange::outbox {

std::vector<PartnerDecision> PlanShare(const v1::Incident& incident,
                                       const policy::Provenance& provenance,
                                       const std::vector<Partner>& partners) {
  std::vector<PartnerDecision> out;
  for (const Partner& partner : partners) {
    if (!partner.enabled) continue;
    out.push_back({partner.id, partner.name,
                   policy::DecideShare(incident, provenance, AgreementOf(partner))});
  }
  return out;
}

std::string ShareIdFor(std::string_view incident_id, std::uint64_t version) {
  return Cat({incident_id, ":v", std::to_string(version)});
}

v1::Share MakeShare(const policy::Outgoing& outgoing, std::string_view incident_id,
                    std::uint64_t version, const google::protobuf::Timestamp& shared_at) {
  v1::Share share;
  share.set_share_id(ShareIdFor(incident_id, version));
  share.set_kind(v1::SHARE_KIND_VERSION);
  share.set_origin_incident_id(std::string(incident_id));
  share.set_version(version);
  *share.mutable_incident() = outgoing.incident;
  share.set_original_document(outgoing.original_document);
  share.set_originator(outgoing.originator);
  *share.mutable_shared_at() = shared_at;
  return share;
}

std::string DescribeRemovals(const std::vector<policy::Removal>& removed) {
  std::string out;
  for (const policy::Removal& removal : removed) {
    if (!out.empty()) out += "; ";
    out += Cat({removal.path, ": ", removal.reason});
  }
  return out;
}

std::string DescribeQueued(const policy::Outgoing& outgoing) {
  std::string out;
  if (!outgoing.originator.empty()) out = Cat({"originator: ", outgoing.originator});
  const std::string removed = DescribeRemovals(outgoing.removed);
  if (!removed.empty()) out += out.empty() ? removed : "; " + removed;
  return out;
}

}  // namespace ncirt::exchange::outbox
