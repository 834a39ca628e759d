#pragma once
// Receiver-side bookkeeping of Shares committed from partners (exchange.received_shares):
// duplicate detection by (partner, share_id) and version ordering per (partner, origin
// incident), docs/protocol.md 5.1 and 5.2. PgReceivedShareStore is the PostgreSQL one.
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

  // Records a Share. A concurrent or earlier record of the same (partner, share_id) wins and
  // this one changes nothing (the receiver's answer is the same either way).
  virtual common::Result<void> Record(const ReceivedShare& share) = 0;
};

}  // namespace ncirt::exchange::store
