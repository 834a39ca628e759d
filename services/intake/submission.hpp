#pragma once
// The pure logic of a submission: from decoded incidents to what is stored, and the
// duplicate/update decision. No I/O; the store (store/incident_store.hpp) runs it inside its
// transaction.
//
// Identity and content. IODEF names an incident by IncidentID within the issuing CSIRT's
// `name`; intake keeps one incident per IncidentID@name and versions it. Whether a re-sent
// incident changed is decided by its content fingerprint: the SHA-256 of the incident's model
// (deterministic protobuf serialisation) without what intake derives or adds (ncirt id, TLP,
// normalised indicators, tolerated warnings, source document). So the same incident sent again,
// alone or inside another document, in XML or in JSON, is a duplicate; any mapped change makes
// it an update. (A codec release that maps more content can turn a re-sent document into an
// update: the stored version then gains what the new codec sees.)
//
// The decision for one incident, given what is stored under its IncidentID@name:
//   nothing stored                          -> create, version 1
//   stored by another submitter             -> refused (kConflict): only the submitter that
//                                              filed an IncidentID may change it
//   same fingerprint as the current version -> duplicate of the current version
//   same fingerprint as a replaced version  -> duplicate of that version (a late retry must
//                                              not roll the incident back)
//   otherwise                               -> update, version + 1
//
// Thread-safety: pure functions and plain values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"
#include "intake/submit_result.hpp"
#include "intake/token.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::intake {

// One incident of a submitted document, ready to store.
struct PreparedIncident {
  // id empty (the store assigns it); tlp and normalized_indicators set; source.content cleared
  // (the document's bytes are stored once, in Submission::document).
  v1::Incident incident;
  std::string fingerprint;
  // Position among the document's Incident elements, from 0.
  std::uint32_t index = 0;
};

struct IdempotencyKey {
  std::string key;
  // RequestFingerprint() of the request that carried it.
  std::string request_sha256;
};

struct Submission {
  std::string submitter;
  std::string media_type;
  v1::SourceFormat format = v1::SOURCE_FORMAT_UNSPECIFIED;
  // The verbatim body. Must outlive the Submission (it views the request).
  std::string_view document;
  std::string document_sha256;
  // In document order.
  std::vector<PreparedIncident> incidents;
  std::optional<IdempotencyKey> idempotency;
};

// Checks an Idempotency-Key header value: 1 to 255 printable ASCII characters. kBadRequest
// saying what is wrong otherwise.
common::Result<void> ValidateIdempotencyKey(std::string_view key);

// SHA-256 (hex) identifying a request for idempotency: its media type and body.
std::string RequestFingerprint(std::string_view media_type, std::string_view body);

// The content fingerprint described above, lower-case hex.
std::string ContentFingerprint(const v1::Incident& incident);

// Builds the submission from the codec's incidents (in document order): derives each TLP from
// its restriction or the principal's default, fills the normalised indicators, fingerprints.
// kUnmappable when the document holds no incident or one lacks IncidentID or its name (the
// codec should not produce those; intake does not rely on it).
common::Result<Submission> PrepareSubmission(std::vector<v1::Incident> incidents,
                                             const Principal& principal,
                                             std::string media_type, std::string_view document,
                                             std::optional<std::string> idempotency_key);

// What is stored under an incident's IncidentID@name, as far as the decision needs it.
struct ExistingIncident {
  std::string id;
  std::int32_t version = 0;
  std::string fingerprint;
  std::string submitter;
  // The version number of a replaced version whose fingerprint equals the new one, if any.
  // The store looks it up only when the current fingerprint differs.
  std::optional<std::int32_t> replaced_version_with_same_content;
};

struct Decision {
  Outcome outcome = Outcome::kCreated;
  // The version to store (created: 1, updated: current + 1) or matched (duplicate).
  std::int32_t version = 1;
};

// The decision table in the header comment.
common::Result<Decision> Decide(const std::optional<ExistingIncident>& existing,
                                const PreparedIncident& incoming, std::string_view submitter);

// The order in which the store takes the incidents' row locks: by (name, IncidentID, index).
// Two documents that share several IncidentIDs then lock them in the same order and cannot
// deadlock on each other.
std::vector<std::size_t> LockOrder(const Submission& submission);

// "iodef-v2-xml", "iodef-v1-xml", "iodef-v2-json"; "" for UNSPECIFIED.
std::string_view FormatName(v1::SourceFormat format);

}  // namespace ncirt::intake
