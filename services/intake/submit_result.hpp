#pragma once
// What a submission produced, as answered to the submitter and as remembered for an
// Idempotency-Key replay: for each incident of the document (in document order) the id intake
// assigned or matched, whether it was created, updated or a duplicate, its version and TLP, and
// the violations tolerated under the submitter's policy. docs/api.md shows the JSON.
//
// Thread-safety: plain values and pure functions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::intake {

enum class Outcome { kCreated, kUpdated, kDuplicate };

// "created", "updated", "duplicate".
std::string_view OutcomeName(Outcome outcome);

struct IncidentResult {
  std::string id;
  std::string iodef_id;
  std::string iodef_name;
  Outcome outcome = Outcome::kCreated;
  std::int32_t version = 1;
  v1::Tlp tlp = v1::TLP_UNSPECIFIED;
  std::vector<v1::ValidationIssue> warnings;
};

struct SubmitResult {
  // In document order.
  std::vector<IncidentResult> incidents;
  // Answered from the first request that carried the same Idempotency-Key.
  bool replayed = false;
};

// 201 when the request stored something new (an incident created or updated), else 200 (all
// duplicates, or a replay).
int SuccessStatus(const SubmitResult& result);

// {"incidents": [{"id", "incident_id", "name", "status", "version", "tlp", "warnings"}],
//  "replayed": bool}
nlohmann::json ToJson(const SubmitResult& result);
// The inverse, for replays; kUnavailable if the stored JSON is not what ToJson writes (a
// broken invariant, reported rather than thrown so the request gets a clean 503).
common::Result<SubmitResult> SubmitResultFromJson(const nlohmann::json& json);

// {"level", "line", "column", "schema_path", "message"}; line and column omitted when 0.
nlohmann::json IssueToJson(const v1::ValidationIssue& issue);

}  // namespace ncirt::intake
