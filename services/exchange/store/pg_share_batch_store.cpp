#include "exchange/store/pg_share_batch_store.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include <pqxx/result>

#include "common/pg/transaction.hpp"
#include "exchange/store/pg_received_share_store.hpp"
#include "intake/store/indicator_rows.hpp"
#include "intake/store/sql_text.hpp"

namespace ncirt::exchange::store {
namespace {

using Received = PgReceivedShareStore;

// The entries (1-based positions) that the received-share records already know: the
// (partner, share_id) was recorded, or a version of the (partner, origin incident) was applied.
// Those take the one-by-one path (StoreOne), which reads the records and decides.
// Written as LATERAL ... LIMIT 1 rather than EXISTS: the planner turns EXISTS over an array
// into a "hashed SubPlan" that reads the whole table for every batch (measured: 2.7 ms per
// batch of 17 at 5,000 rows, growing with the table), where a LATERAL probe cannot be hashed
// and uses the indexes (0.1 ms).
constexpr const char* kKnown = "exchange_batch_known";
constexpr const char* kKnownSql =
    "SELECT u.ord FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY "
    "AS u(partner_id, share_id, origin_incident_id, ord) "
    "LEFT JOIN LATERAL (SELECT 1 AS hit FROM exchange.received_shares r "
    "WHERE r.partner_id = u.partner_id AND r.share_id = u.share_id LIMIT 1) f ON true "
    "LEFT JOIN LATERAL (SELECT 1 AS hit FROM exchange.received_shares r "
    "WHERE r.partner_id = u.partner_id AND r.origin_incident_id = u.origin_incident_id "
    "AND r.applied LIMIT 1) l ON true "
    "WHERE f.hit IS NOT NULL OR l.hit IS NOT NULL";

// PgReceivedShareStore's record of an applied Share, for many Shares at once.
constexpr const char* kRecordApplied = "exchange_batch_record_applied";
constexpr const char* kRecordAppliedSql =
    "INSERT INTO exchange.received_shares (partner_id, share_id, origin_incident_id, version, "
    "receiver_incident_id, applied, originator) "
    "SELECT u.partner_id, u.share_id, u.origin_incident_id, u.version, u.receiver_incident_id, "
    "true, u.originator FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], "
    "$5::text[], $6::text[]) AS u(partner_id, share_id, origin_incident_id, version, "
    "receiver_incident_id, originator) "
    "ON CONFLICT (partner_id, share_id) DO NOTHING";

// Registered on the connection at first use (pqxx prepares a registered statement when it is
// first executed, and registering the same text again is a no-op), so every pool that serves
// this store works without a Prepare() of its own in each service's and test's on_connect.
void Register(pqxx::work& work) {
  work.conn().prepare(kKnown, kKnownSql);
  work.conn().prepare(kRecordApplied, kRecordAppliedSql);
}

using Column = std::vector<std::optional<std::string>>;

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

// Text the set-based statements carry unchanged: array literals pass text through SqlText,
// which would alter invalid UTF-8 where StoreOne's parameters keep it (and fail).
bool Storable(const std::string& text) { return intake::store::SqlText(text) == text; }

// IncidentID@name as intake stores it.
std::pair<std::string, std::string> IodefKey(const v1::Incident& incident) {
  return {intake::store::SqlText(incident.incident_id().name()),
          intake::store::SqlText(incident.incident_id().id())};
}

// The entries that may take the fast lane: each of their keys, (partner, share_id),
// (partner, origin incident) and the IncidentID@name, occurs once in the batch, so no entry's
// decision depends on another's, and their text is stored as is. The others keep the batch's
// order in StoreOne.
std::vector<bool> Independent(const std::vector<BatchEntry>& entries) {
  std::map<std::pair<std::int64_t, std::string>, int> shares, origins;
  std::map<std::pair<std::string, std::string>, int> incidents;
  for (const BatchEntry& e : entries) {
    ++shares[{e.partner_id, e.share_id}];
    ++origins[{e.partner_id, e.origin_incident_id}];
    for (const intake::PreparedIncident& p : e.submission->incidents) {
      ++incidents[IodefKey(p.incident)];
    }
  }
  std::vector<bool> out(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const BatchEntry& e = entries[i];
    const auto& own = e.submission->incidents;
    out[i] = shares[{e.partner_id, e.share_id}] == 1 &&
             origins[{e.partner_id, e.origin_incident_id}] == 1 && own.size() == 1 &&
             incidents[IodefKey(own.front().incident)] == 1 && Storable(e.share_id) &&
             Storable(e.origin_incident_id) && Storable(e.originator);
  }
  return out;
}

// Clears `fresh[i]` for every entry the received-share records already know.
void DropKnown(pqxx::work& work, const std::vector<BatchEntry>& entries,
               std::vector<bool>& fresh) {
  Column partner, share, origin;
  for (const BatchEntry& e : entries) {
    partner.emplace_back(std::to_string(e.partner_id));
    share.emplace_back(e.share_id);
    origin.emplace_back(e.origin_incident_id);
  }
  for (const pqxx::row& row :
       work.exec_prepared(kKnown, intake::store::ArrayLiteral(partner),
                          intake::store::ArrayLiteral(share),
                          intake::store::ArrayLiteral(origin))) {
    fresh.at(row[0].as<std::size_t>() - 1) = false;
  }
}

void RecordApplied(pqxx::work& work, const std::vector<const BatchEntry*>& entries,
                   const std::vector<std::string>& receiver_ids) {
  Column partner, share, origin, version, receiver, originator;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const BatchEntry& e = *entries[i];
    partner.emplace_back(std::to_string(e.partner_id));
    share.emplace_back(e.share_id);
    origin.emplace_back(e.origin_incident_id);
    version.emplace_back(std::to_string(e.version));
    receiver.emplace_back(receiver_ids[i]);
    originator.emplace_back(e.originator);
  }
  using intake::store::ArrayLiteral;
  work.exec_prepared0(kRecordApplied, ArrayLiteral(partner), ArrayLiteral(share),
                      ArrayLiteral(origin), ArrayLiteral(version), ArrayLiteral(receiver),
                      ArrayLiteral(originator));
}

// The set-based lane: stores the entries that are new Shares of new incidents and fills their
// outcomes; leaves the others' empty.
void StoreNew(pqxx::work& work, intake::store::PgIncidentStore& incidents,
              const std::vector<BatchEntry>& entries,
              std::vector<std::optional<BatchOutcome>>& out) {
  std::vector<bool> fresh = Independent(entries);
  if (std::find(fresh.begin(), fresh.end(), true) == fresh.end()) return;
  Register(work);
  DropKnown(work, entries, fresh);
  std::vector<std::size_t> lane;
  std::vector<const intake::Submission*> submissions;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!fresh[i]) continue;
    lane.push_back(i);
    submissions.push_back(entries[i].submission);
  }
  const auto created = incidents.CreateNewIn(work, submissions);
  std::vector<const BatchEntry*> recorded;
  std::vector<std::string> receiver_ids;
  for (std::size_t k = 0; k < lane.size(); ++k) {
    if (!created[k]) continue;  // not created here: StoreOne decides
    const std::string& id = created[k]->incidents.at(0).id;
    recorded.push_back(&entries[lane[k]]);
    receiver_ids.push_back(id);
    out[lane[k]] = BatchOutcome{id, false};
  }
  if (!recorded.empty()) RecordApplied(work, recorded, receiver_ids);
}

}  // namespace

common::Result<std::vector<BatchOutcome>> PgShareBatchStore::CommitVersions(
    const std::vector<BatchEntry>& entries) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<std::vector<BatchOutcome>> {
        std::vector<std::optional<BatchOutcome>> out(entries.size());
        if (lane_ == Lane::kSetBased) StoreNew(work, incidents_, entries, out);
        // Everything else, in the batch's order. None of these shares a key (the Share's,
        // the origin incident's, the IncidentID) with an entry stored above (Independent),
        // so running them after it changes no decision.
        std::vector<BatchOutcome> outcomes;
        outcomes.reserve(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
          if (!out[i]) {
            auto one = StoreOne(work, incidents_, entries[i]);
            if (!one) return std::unexpected(std::move(one.error()));
            out[i] = std::move(*one);
          }
        }
        for (auto& o : out) outcomes.push_back(std::move(*o));
        return outcomes;
      });
}

}  // namespace ncirt::exchange::store
