#pragma once
// Fakes of the stores the exchange logic depends on, for unit tests (no database).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "exchange/store/received_share_store.hpp"
#include "intake/store/incident_store.hpp"
#include "intake/submission.hpp"

namespace ncirt::exchange::testing {

// Intake as far as the receiver uses it: stores submissions, recognises repeated content.
class FakeIncidentStore final : public intake::store::IncidentStore {
 public:
  common::Result<intake::SubmitResult> Submit(const intake::Submission& submission) override {
    if (down) return common::Fail(common::ErrorKind::kUnavailable, "database down");
    submissions.push_back(submission);
    stored_documents.emplace_back(submission.document);
    intake::SubmitResult result;
    for (const intake::PreparedIncident& p : submission.incidents) {
      auto [it, created] = by_fingerprint.try_emplace(p.fingerprint,
                                                      "r-" + std::to_string(by_fingerprint.size()));
      result.incidents.push_back({.id = it->second,
                                  .outcome = created ? intake::Outcome::kCreated
                                                     : intake::Outcome::kDuplicate,
                                  .tlp = p.incident.tlp()});
    }
    return result;
  }
  common::Result<intake::store::StoredIncident> Get(std::string_view) override {
    return common::Fail(common::ErrorKind::kNotFound, "not used");
  }
  common::Result<std::int64_t> PurgeIdempotencyKeys(std::chrono::milliseconds) override {
    return 0;
  }

  bool down = false;
  std::vector<intake::Submission> submissions;
  std::vector<std::string> stored_documents;
  std::map<std::string, std::string> by_fingerprint;
};

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

}  // namespace ncirt::exchange::testing
