#pragma once
// Where rejected documents are kept (intake.quarantine), as the logic and handlers see it.
// quarantine.hpp decides what an entry holds; PgQuarantineStore is the real store.
//
// Thread-safety: implementations must allow concurrent calls.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"

namespace ncirt::intake::store {

struct QuarantineEntry {
  std::string submitter;
  // ErrorKind name ("schema-violation", ...), the HTTP status answered, the problem's detail.
  std::string reason;
  int status = 0;
  std::string detail;
  // The problem document answered (RFC 9457), every located issue included.
  nlohmann::json problem;
  std::string media_type;
  // The received bytes, at most the configured maximum (see `truncated`).
  std::string content;
  std::int64_t content_size = 0;
  bool truncated = false;
  std::string request_id;
};

struct QuarantineRecord {
  std::int64_t id = 0;
  // RFC 3339 UTC.
  std::string received_at;
  QuarantineEntry entry;
};

class QuarantineStore {
 public:
  virtual ~QuarantineStore() = default;

  // Stores an entry (after commit); returns its id.
  virtual common::Result<std::int64_t> Keep(const QuarantineEntry& entry) = 0;

  // Newest first, at most `limit`, only ids below `before_id` when given; content left empty.
  virtual common::Result<std::vector<QuarantineRecord>> List(
      int limit, std::optional<std::int64_t> before_id) = 0;

  // One entry with its content. kNotFound.
  virtual common::Result<QuarantineRecord> Get(std::int64_t id) = 0;

  // Deletes entries received more than `age` ago; returns how many.
  virtual common::Result<std::int64_t> PurgeOlderThan(std::chrono::milliseconds age) = 0;
};

}  // namespace ncirt::intake::store
