#pragma once
// Planning a share: the policy decision for each chosen partner, and the Share message that
// goes into the outbox for each partner the policy lets the incident go to.
//
// The plan is computed before the transaction that stores it (pure, no clock: the caller passes
// the time); the outbox store assigns the version inside that transaction, because the version
// counter lives in the database (several exchange instances may share one incident at once).
//
// share_id is "<incident id>:v<version>": unique per (sender, incident, version) as
// docs/protocol.md 3 requires, the same for every partner (receivers deduplicate per sender).
//
// Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/partner.hpp"
#include "exchange/policy/share_policy.hpp"
#include "ncirt/v1/envelope.pb.h"

namespace ncirt::exchange::outbox {

struct PartnerDecision {
  std::int64_t partner_id = 0;
  std::string partner_name;
  policy::ShareDecision decision;
};

// One decision per enabled partner of `partners`, in the given order. Disabled partners are
// left out: nothing is queued for a partner that cannot connect.
std::vector<PartnerDecision> PlanShare(const v1::Incident& incident,
                                       const policy::Provenance& provenance,
                                       const std::vector<Partner>& partners);

std::string ShareIdFor(std::string_view incident_id, std::uint64_t version);

// The Share of version `version` of incident `incident_id` as the policy let it out.
v1::Share MakeShare(const policy::Outgoing& outgoing, std::string_view incident_id,
                    std::uint64_t version, const google::protobuf::Timestamp& shared_at);

// "path: reason; path: reason" for the sharing history; "" when nothing was removed.
std::string DescribeRemovals(const std::vector<policy::Removal>& removed);

// The sharing history's detail of a queued Share: the CIRT named as originator (for an
// incident received from a partner), then DescribeRemovals; "" for our own, unredacted one.
std::string DescribeQueued(const policy::Outgoing& outgoing);

}  // namespace ncirt::exchange::outbox
