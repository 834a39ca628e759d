#pragma once
// The hash chain of the audit log (audit.log): how a row's hash is computed and
// how a run of rows is verified.
//
// Each row's hash is SHA-256(prev_hash || CanonicalContent(row)), where prev_hash is the hash of
// the row before it (32 zero bytes for row 1). CanonicalContent encodes the row's fields in a
// fixed order, each as "<decimal byte length>:<bytes>\n", so no choice of field contents can
// make two different rows encode alike. Time is the number of microseconds since the Unix epoch
// (PostgreSQL's own precision), so a row read back hashes exactly as it was written.
//
// Changing any field of a stored row breaks that row's hash; removing or reordering rows breaks
// the next row's prev_hash or the sequence; the verifier names the first row where either
// happens. (Truncating the newest rows is not detectable from the rows alone; the last hash and
// count can be recorded elsewhere for that, which ChainVerifier's result provides.)
//
// Thread-safety: pure functions; a ChainVerifier is used by one thread at a time.

#include <array>
#include <cstdint>
#include <string>

#include "common/error/error.hpp"

namespace ncirt::triage {

using Sha256 = std::array<std::uint8_t, 32>;

struct AuditEntry {
  std::int64_t seq = 0;
  // Microseconds since the Unix epoch.
  std::int64_t at_us = 0;
  std::string actor;
  std::string origin;
  std::string action;
  std::string subject;
  std::string detail;
};

struct AuditRow {
  AuditEntry entry;
  Sha256 prev_hash{};
  Sha256 hash{};
};

// Advisory lock key the chaining sequencer holds for the rest of its transaction
// (pg_advisory_xact_lock), so that reading the last hash and inserting the next rows happen
// one sequencer at a time (store/audit_log.hpp).
inline constexpr std::int64_t kAuditAppendLockKey = 0x6e63697274617564;  // "ncirtaud"

// The 32 zero bytes that stand before row 1.
Sha256 GenesisHash();

std::string CanonicalContent(const AuditEntry& entry);

// SHA-256(prev_hash || CanonicalContent(entry)).
Sha256 ChainHash(const Sha256& prev_hash, const AuditEntry& entry);

// Lower-case hex of a hash, for messages and the API.
std::string ToHex(const Sha256& hash);

struct ChainSummary {
  std::int64_t rows = 0;
  std::int64_t last_seq = 0;
  Sha256 last_hash = GenesisHash();
};

// Feeds rows in seq order, starting from seq 1; stops at the first broken row.
class ChainVerifier {
 public:
  // Ok, or kConflict naming the row: "audit.log row 17: stored hash does not match the row's
  // content (the row was changed after it was written)", "... prev_hash is not row 16's hash",
  // "... expected row 17 next but found row 19 (rows are missing)".
  common::Result<void> Feed(const AuditRow& row);
  const ChainSummary& Summary() const { return summary_; }

 private:
  ChainSummary summary_;
};

}  // namespace ncirt::triage
