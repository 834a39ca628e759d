#pragma once
// Structured logging: one JSON object per line on standard error.
//
// Every line carries the time (UTC, RFC 3339), level, service name, an event name and the
// request id of the request being served (when there is one), plus the call's own fields, so
// `jq` or a log shipper can filter without regular expressions. spdlog does the thread-safe,
// buffered writing; nlohmann-json does the escaping, so a field holding attacker-controlled text
// (a partner's name, a document excerpt) cannot forge log lines.
//
// Never log secrets (tokens, passwords, keys) or whole incident documents: log ids and sizes.
//
// Thread-safety: Init() once at start-up, before other threads; Write() from any thread, also
// before Init() (lines then name the service "ncirt").
// RequestScope is per thread (a session sets it around the work for one request).

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"

namespace ncirt::common::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// "debug", "info", "warn", "error".
Result<Level> ParseLevel(std::string_view name);

// Names the service in every line and sets the lowest level written.
void Init(std::string_view service, Level level);

struct Field {
  std::string_view key;
  nlohmann::json value;
};

void Write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void Info(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kInfo, event, fields);
}
inline void Warn(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kWarn, event, fields);
}
inline void Error(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kError, event, fields);
}
inline void Debug(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kDebug, event, fields);
}

// Sets the current thread's request id for the scope's lifetime (restores the previous one).
class RequestScope {
 public:
  explicit RequestScope(std::string request_id);
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

 private:
  std::string previous_;
};

// The current thread's request id, or "" outside a request.
const std::string& CurrentRequestId();

// Builds the JSON line Write() would emit; exposed for tests.
std::string FormatLine(std::string_view timestamp, Level level, std::string_view event,
                       std::initializer_list<Field> fields);

}  // namespace ncirt::common::log
