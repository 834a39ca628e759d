#pragma once
// Fakes of the stores the exchange logic depends on, for unit tests (no database).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "exchange/store/received_share_store.hpp"
#include "exchange/store/share_batch_store.hpp"
#include "intake/submission.hpp"

namespace ncirt::exchange::testing {

class FakeReceivedShareStore final : public store::ReceivedShareStore {
 public:
  common::Result<std::optional<store::ReceivedShare>> Find(std::int64_t partner_id,
                                                           const std::string& id) override {
    const auto it = rows.find({partner_id, id});
    if (it == rows.end()) return std::nullopt;
    return it->second;
  }
  common::Result<std::optional<store::ReceivedShare>> Latest(std::int64_t partner_id,
                                                             const std::string& origin) override {
    std::optional<store::ReceivedShare> best;
    for (const auto& [key, row] : rows) {
      if (key.first == partner_id && row.origin_incident_id == origin && row.applied &&
          (!best || row.version > best->version)) {
        best = row;
      }
    }
    return best;
  }
  common::Result<void> Record(const store::ReceivedShare& share) override {
    rows.try_emplace({share.partner_id, share.share_id}, share);
    return {};
  }

  common::Result<void> Withdraw(const store::ReceivedShare& share, const std::string& partner,
                                const std::string& reason) override {
    if (rows.try_emplace({share.partner_id, share.share_id}, share).second) {
      withdrawals.push_back({share.receiver_incident_id, partner, reason});
    }
    return {};
  }
  common::Result<std::optional<store::ReceivedStatus>> Status(
      std::int64_t partner_id, const std::string& origin) override {
    auto latest = Latest(partner_id, origin);
    if (!*latest) return std::nullopt;
    return store::ReceivedStatus{.receiver_incident_id = (*latest)->receiver_incident_id,
                                 .latest_version = (*latest)->version,
                                 .state = "new",
                                 .updated_at_ms = 1'800'000'000'000};
  }

  struct Withdrawal {
    std::string receiver_incident_id;
    std::string partner;
    std::string reason;
  };
  std::map<std::pair<std::int64_t, std::string>, store::ReceivedShare> rows;
  std::vector<Withdrawal> withdrawals;
};


// The receiver's one way of storing a VERSION Share (store::ShareBatchStore), in memory: the
// decisions PgShareBatchStore takes, over the rows of a FakeReceivedShareStore, with intake's
// duplicate content recognised by fingerprint.
class FakeShareBatchStore final : public store::ShareBatchStore {
 public:
  explicit FakeShareBatchStore(FakeReceivedShareStore& received) : received_(received) {}

  // What intake was given (copies: BatchEntry::submission lives only for the call).
  struct Stored {
    std::string share_id;
    std::string submitter;
    std::string document;
    v1::Tlp tlp = v1::TLP_UNSPECIFIED;
    std::string originator;
  };

  common::Result<std::vector<store::BatchOutcome>> CommitVersions(
      const std::vector<store::BatchEntry>& entries) override {
    ++batches;
    if (down) return common::Fail(common::ErrorKind::kUnavailable, "database down");
    if (conflict) return common::Fail(common::ErrorKind::kConflict, "filed by another submitter");
    std::vector<store::BatchOutcome> out;
    for (const store::BatchEntry& e : entries) out.push_back(StoreOne(e));
    return out;
  }

  bool down = false;
  bool conflict = false;
  int batches = 0;
  std::vector<Stored> stored;
  std::map<std::string, std::string> by_fingerprint;

 private:
  store::BatchOutcome StoreOne(const store::BatchEntry& e) {
    if (auto earlier = *received_.Find(e.partner_id, e.share_id)) {
      return {earlier->receiver_incident_id, true};
    }
    if (auto latest = *received_.Latest(e.partner_id, e.origin_incident_id);
        latest && latest->version >= e.version) {
      received_.rows.try_emplace({e.partner_id, e.share_id},
                                 store::ReceivedShare{e.partner_id, e.share_id,
                                                      e.origin_incident_id, e.version,
                                                      latest->receiver_incident_id, false,
                                                      e.originator});
      return {latest->receiver_incident_id, true};
    }
    const intake::PreparedIncident& incident = e.submission->incidents.at(0);
    stored.push_back({e.share_id, e.submission->submitter, std::string(e.submission->document),
                      incident.incident.tlp(), e.originator});
    auto [it, created] = by_fingerprint.try_emplace(incident.fingerprint,
                                                    "r-" + std::to_string(by_fingerprint.size()));
    received_.rows.try_emplace({e.partner_id, e.share_id},
                               store::ReceivedShare{e.partner_id, e.share_id,
                                                    e.origin_incident_id, e.version, it->second,
                                                    true, e.originator});
    return {it->second, !created};
  }

  FakeReceivedShareStore& received_;
};

}  // namespace ncirt::exchange::testing
