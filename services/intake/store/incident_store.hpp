#pragma once
// Where incidents live (schema `intake`), as the logic and handlers see it.
//
// Submit() stores a whole submission in ONE transaction and returns only after COMMIT: the
// verbatim document, each new or changed incident (model bytes plus query columns), the
// replaced version in the history, the incident's normalised indicators, a triage outbox row
// per created or updated incident, and the Idempotency-Key's answer. If anything fails, nothing
// of the submission is stored. The duplicate/update decision is submission.hpp's Decide(),
// taken under the incident's row lock, so concurrent submitters of one IncidentID converge on
// one incident (the unique constraint on IncidentID@name decides who creates it).
//
// PgIncidentStore (pg_incident_store.hpp) is the real one; unit tests use a fake.
//
// Thread-safety: implementations must allow concurrent calls.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error/error.hpp"
#include "intake/submission.hpp"
#include "intake/submit_result.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::intake::store {

struct StoredIncident {
  // id set; source.content empty (the document is kept separately).
  v1::Incident incident;
  std::string submitter;
  std::int32_t version = 0;
};

class IncidentStore {
 public:
  virtual ~IncidentStore() = default;

  // Errors: kConflict (an IncidentID filed by another submitter, or an Idempotency-Key reused
  // for a different request), kUnavailable (database busy or unreachable; nothing stored).
  // A lost connection during COMMIT is thrown (pqxx::in_doubt_error): the caller must not
  // acknowledge.
  virtual common::Result<SubmitResult> Submit(const Submission& submission) = 0;

  // The current version of incident `id` (a UUID in canonical text form). kNotFound.
  virtual common::Result<StoredIncident> Get(std::string_view id) = 0;

  // Deletes Idempotency-Keys older than `age`; returns how many.
  virtual common::Result<std::int64_t> PurgeIdempotencyKeys(std::chrono::milliseconds age) = 0;
};

}  // namespace ncirt::intake::store
