#pragma once
// IncidentStore on PostgreSQL (schema `intake`, migrations 0003-0008). Every SQL statement of
// incidents, documents, history, indicators, the triage outbox and Idempotency-Keys is in
// pg_incident_store.cpp, prepared per connection under a stable `intake_*` name.
//
// Submit() is one READ COMMITTED transaction run by common/pg's RunTransaction (a deadlock
// between two submissions is retried whole):
//   1. with an Idempotency-Key: claim it (INSERT ... ON CONFLICT DO NOTHING). A concurrent
//      request with the same key waits here for the first to finish; a key already answered
//      returns that answer (same request) or kConflict (different request);
//   2. for each incident in LockOrder(): lock its IncidentID@name row (SELECT ... FOR UPDATE);
//      if none, insert it (ON CONFLICT DO NOTHING); if a concurrent submitter inserted it first,
//      lock the winner's row instead; then apply Decide(): create, duplicate, or update (copy
//      the current version to incident_history, overwrite, replace indicators);
//   3. store the verbatim document once if anything was written, one triage outbox row per
//      created or updated incident, and the key's answer;
//   4. commit. Only then does Submit() return.
// CreateNewIn() is the batch form of step 2's "create" for exchange's group commit: one
// statement for many submissions instead of four or five per incident.
//
// Thread-safety: safe for concurrent use (each call borrows its own connection).

#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "common/pg/pool.hpp"
#include "intake/store/incident_store.hpp"
#include "intake/token.hpp"

namespace ncirt::intake::store {

class PgIncidentStore final : public IncidentStore {
 public:
  // `pool` must outlive the store, and its connections must have been prepared with Prepare()
  // (App's on_connect does so). `random_bytes` makes incident ids (a CSPRNG in production).
  PgIncidentStore(common::pg::Pool& pool, RandomBytes random_bytes);

  // Prepares this store's statements on a new connection.
  static void Prepare(pqxx::connection& connection);

  common::Result<SubmitResult> Submit(const Submission& submission) override;
  // Submit()'s steps 1-3 inside the caller's transaction, which the caller commits (or rolls
  // back on an error: the steps done so far are then undone with it). For a caller that
  // stores several submissions and its own rows in one commit (exchange's group commit).
  common::Result<SubmitResult> SubmitIn(pqxx::work& work, const Submission& submission);
  // The batch path's fast lane, inside the caller's transaction: creates, with ONE statement
  // for the whole batch, every submission that holds a single incident, no Idempotency-Key,
  // and an IncidentID@name that no stored incident and no other submission of the batch has
  // (its document, incident row, indicators and triage announcement, as SubmitIn would).
  // Returns one element per submission, in order: its result (kCreated, version 1) when it
  // was created here, nullopt when it was not taken (an incident with that IncidentID exists
  // or was just committed by a concurrent submitter, or the submission does not qualify); the
  // caller passes those to SubmitIn, in the same transaction, to get their decisions. A
  // database error throws, as SubmitIn's statements do.
  std::vector<std::optional<SubmitResult>> CreateNewIn(
      pqxx::work& work, const std::vector<const Submission*>& submissions);
  common::Result<StoredIncident> Get(std::string_view id) override;
  common::Result<std::int64_t> PurgeIdempotencyKeys(std::chrono::milliseconds age) override;

 private:
  std::string NewId();

  common::pg::Pool& pool_;
  std::mutex random_mutex_;
  RandomBytes random_bytes_;  // GUARDED_BY(random_mutex_): a test source need not be thread-safe
};

}  // namespace ncirt::intake::store
