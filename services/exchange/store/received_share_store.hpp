#pragma once
// Receiver-side bookkeeping of Shares committed from partners (exchange.received_shares):
// duplicate detection by (partner, share_id) and version ordering per (partner, origin
// incident), docs/protocol.md 5.1 and 5.2; withdrawals (5.2), which take the incident out of
// the triage queue; and the status a partner's Query asks for (5.3.1). PgReceivedShareStore is the
// PostgreSQL one.
//
// Thread-safety: implementations are safe to call from many threads at once.

#include <cstdint>
#include <optional>
#include <string>

#include "common/error/error.hpp"

namespace ncirt::exchange::store {

struct ReceivedShare {
  std::int64_t partner_id = 0;
  std::string share_id;
  std::string origin_incident_id;
  std::uint64_t version = 0;
  std::string receiver_incident_id;
  // false when it was acknowledged without being applied (an old version).
  bool applied = false;
  // The first reporter the Share named (Share.originator); "" when it named none.
  std::string originator;
};

// What a partner's Query about one of its incidents is answered with.
struct ReceivedStatus {
  std::string receiver_incident_id;
  std::uint64_t latest_version = 0;
  // Our triage state ("new", "in_progress", ...; "" before triage has taken it in), or
  // "withdrawn" when the latest version applied was the partner's withdrawal.
  std::string state;
  // Last change of our copy, milliseconds since the Unix epoch.
  std::int64_t updated_at_ms = 0;
};

class ReceivedShareStore {
 public:
  virtual ~ReceivedShareStore() = default;

  // The Share committed earlier under this id from this partner, if any.
  virtual common::Result<std::optional<ReceivedShare>> Find(std::int64_t partner_id,
                                                            const std::string& share_id) = 0;

  // The highest applied version of the partner's incident, and our id for it; nullopt when
  // none was applied yet.
  virtual common::Result<std::optional<ReceivedShare>> Latest(
      std::int64_t partner_id, const std::string& origin_incident_id) = 0;

  // Find(partner_id, share_id) and Latest(partner_id, origin_incident_id) together, as the
  // receiver asks both for every Share; a store may answer them in one transaction.
  struct Lookup {
    std::optional<ReceivedShare> earlier;
    std::optional<ReceivedShare> latest;
  };
  virtual common::Result<Lookup> FindWithLatest(std::int64_t partner_id,
                                                const std::string& share_id,
                                                const std::string& origin_incident_id) {
    auto earlier = Find(partner_id, share_id);
    if (!earlier) return std::unexpected(earlier.error());
    if (*earlier) return Lookup{std::move(*earlier), std::nullopt};
    auto latest = Latest(partner_id, origin_incident_id);
    if (!latest) return std::unexpected(latest.error());
    return Lookup{std::nullopt, std::move(*latest)};
  }

  // Records a Share. A concurrent or earlier record of the same (partner, share_id) wins and
  // this one changes nothing (the receiver's answer is the same either way).
  virtual common::Result<void> Record(const ReceivedShare& share) = 0;

  // In one transaction: records the withdrawal `share` (applied), and takes its
  // receiver_incident_id out of the triage queue: state "rejected" (unless it is closed,
  // rejected or merged already) with a comment by `partner_name` quoting `reason`, audited.
  // When triage has not taken the incident in yet, the withdrawal waits for it and is applied
  // (state, comment, audit) in the transaction that takes it in (PostgreSQL: a trigger).
  // A concurrent or earlier record of the same share_id wins and this changes nothing.
  virtual common::Result<void> Withdraw(const ReceivedShare& share, const std::string& partner_name,
                                        const std::string& reason) = 0;

  // The state of our copy of the partner's incident; nullopt when no version was applied.
  virtual common::Result<std::optional<ReceivedStatus>> Status(
      std::int64_t partner_id, const std::string& origin_incident_id) = 0;
};

}  // namespace ncirt::exchange::store
