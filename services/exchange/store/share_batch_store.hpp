#pragma once
// Storing several partners' VERSION Shares in ONE transaction (the receiver's group commit,
// group_commit.hpp): for each entry, in order, the same decisions Receiver::Receive takes one
// Share at a time (docs/protocol.md 5.1, 5.2):
//   - the (partner, share_id) was recorded before          -> that answer again, duplicate;
//   - a version not above the highest applied for the      -> recorded as not applied,
//     (partner, origin incident)                              duplicate, our id for it;
//   - else the prepared submission goes through intake's store and the Share is recorded as
//     applied; duplicate when intake already had the content.
// Entries later in a batch see what earlier ones wrote (one transaction), so a Share re-sent
// while its first copy waits in the same batch is answered as a duplicate.
//
// All or nothing: when any entry fails (an IncidentID of another submitter, the database), the
// whole batch is rolled back and the error returned; the caller then stores the entries one
// per call to give each its own answer. Nothing is acknowledged before the commit returned.
//
// Thread-safety: implementations are safe to call from many threads at once.

#include <cstdint>
#include <string>
#include <vector>

#include "common/error/error.hpp"
#include "intake/submission.hpp"

namespace ncirt::exchange::store {

struct BatchEntry {
  std::int64_t partner_id = 0;
  std::string share_id;
  std::string origin_incident_id;
  std::uint64_t version = 0;
  // Share.originator, kept with the record.
  std::string originator;
  // Validated and prepared from the Share (Receiver); not owned, must outlive the call.
  const intake::Submission* submission = nullptr;
};

// What the Ack of one entry says.
struct BatchOutcome {
  std::string receiver_incident_id;
  bool duplicate = false;
};

class ShareBatchStore {
 public:
  virtual ~ShareBatchStore() = default;

  // One outcome per entry, in order, after COMMIT. Errors: intake's (kConflict for an
  // IncidentID filed by another submitter), kUnavailable; nothing of the batch is stored then.
  // A connection lost during COMMIT throws (pqxx::in_doubt_error): acknowledge nothing.
  virtual common::Result<std::vector<BatchOutcome>> CommitVersions(
      const std::vector<BatchEntry>& entries) = 0;
};

}  // namespace ncirt::exchange::store
