#include "intake/quarantine.hpp"

#include <algorithm>
#include <string>

namespace ncirt::intake {

bool IsQuarantined(common::ErrorKind kind) {
  switch (kind) {
    case common::ErrorKind::kInvalidDocument:
    case common::ErrorKind::kSchemaViolation:
    case common::ErrorKind::kUnmappable:
    case common::ErrorKind::kTooLarge:
    case common::ErrorKind::kUnsupportedMediaType:
    case common::ErrorKind::kBadRequest:
    case common::ErrorKind::kConflict:
    case common::ErrorKind::kDuplicate:
      return true;
    default:
      return false;
  }
}

store::QuarantineEntry MakeQuarantineEntry(std::string_view submitter, std::string_view media_type,
                                    std::string_view body, const common::Error& error,
                                    const nlohmann::json& problem, std::string_view request_id,
                                    std::size_t max_bytes) {
  store::QuarantineEntry entry;
  entry.submitter = std::string(submitter);
  entry.reason = std::string(common::KindName(error.kind));
  entry.status = common::ToHttpStatus(error.kind);
  entry.detail = error.message;
  entry.problem = problem;
  // A media type is attacker-chosen text; bound it like everything else.
  entry.media_type = std::string(media_type.substr(0, 255));
  entry.content = std::string(body.substr(0, std::min(body.size(), max_bytes)));
  entry.content_size = static_cast<std::int64_t>(body.size());
  entry.truncated = body.size() > max_bytes;
  entry.request_id = std::string(request_id);
  return entry;
}

}  // namespace ncirt::intake
