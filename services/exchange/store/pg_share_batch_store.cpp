#include "exchange/store/pg_share_batch_store.hpp"

#include "common/pg/transaction.hpp"
#include "exchange/store/pg_received_share_store.hpp"

namespace ncirt::exchange::store {
namespace {

using Received = PgReceivedShareStore;

common::Result<BatchOutcome> StoreOne(pqxx::work& work,
                                      intake::store::PgIncidentStore& incidents,
                                      const BatchEntry& e) {
  if (auto earlier = Received::FindIn(work, e.partner_id, e.share_id)) {
    return BatchOutcome{earlier->receiver_incident_id, true};
  }
  if (auto latest = Received::LatestIn(work, e.partner_id, e.origin_incident_id);
      latest && latest->version >= e.version) {
    Received::RecordIn(work, {e.partner_id, e.share_id, e.origin_incident_id, e.version,
                              latest->receiver_incident_id, false, e.originator});
    return BatchOutcome{latest->receiver_incident_id, true};
  }
  auto stored = incidents.SubmitIn(work, *e.submission);
  if (!stored) return std::unexpected(std::move(stored.error()));
  const intake::IncidentResult& result = stored->incidents.at(0);
  Received::RecordIn(work, {e.partner_id, e.share_id, e.origin_incident_id, e.version, result.id,
                            true, e.originator});
  return BatchOutcome{result.id, result.outcome == intake::Outcome::kDuplicate};
}

}  // namespace

common::Result<std::vector<BatchOutcome>> PgShareBatchStore::CommitVersions(
    const std::vector<BatchEntry>& entries) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<std::vector<BatchOutcome>> {
        std::vector<BatchOutcome> out;
        out.reserve(entries.size());
        for (const BatchEntry& entry : entries) {
          auto one = StoreOne(work, incidents_, entry);
          if (!one) return std::unexpected(std::move(one.error()));
          out.push_back(std::move(*one));
        }
        return out;
      });
}

}  // namespace ncirt::exchange::store
