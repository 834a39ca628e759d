#include "common/log/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace ncirt::common::log {
namespace {

thread_local std::string current_request_id;

struct State {
  std::string service = "ncirt";
  Level level = Level::kInfo;
};

State& GlobalState() {
  static State state;
  return state;
}

// Created on first use by C++'s thread-safe static initialisation, so the first lines written
// concurrently from several threads cannot race to create it. The formatting is ours (a JSON
// object); spdlog only adds thread-safe writing.
spdlog::logger& Logger() {
  static const std::shared_ptr<spdlog::logger> logger = [] {
    auto l = std::make_shared<spdlog::logger>("ncirt",
                                              std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return *logger;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

std::string NowRfc3339() {
  // GCC 12 has no <format>; gmtime_r + the milliseconds by hand.
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];  // room for any int year, so no truncation is possible
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

Result<Level> ParseLevel(std::string_view name) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (LevelName(l) == name) return l;
  }
  return Fail(ErrorKind::kBadConfig,
              "unknown log level '" + std::string(name) + "': use debug, info, warn or error");
}

void Init(std::string_view service, Level level) {
  auto& state = GlobalState();
  state.service = std::string(service);
  state.level = level;
  Logger();
}

std::string FormatLine(std::string_view timestamp, Level level, std::string_view event,
                       std::initializer_list<Field> fields) {
  nlohmann::ordered_json line;
  line["ts"] = timestamp;
  line["level"] = LevelName(level);
  line["service"] = GlobalState().service;
  line["event"] = event;
  if (!current_request_id.empty()) line["request_id"] = current_request_id;
  for (const auto& field : fields) {
    line[std::string(field.key)] = field.value;
  }
  // Replace, not throw, on invalid UTF-8 from outside: a log line must never fail.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void Write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  auto& state = GlobalState();
  if (level < state.level) return;
  Logger().info(FormatLine(NowRfc3339(), level, event, fields));
}

RequestScope::RequestScope(std::string request_id)
    : previous_(std::exchange(current_request_id, std::move(request_id))) {}

RequestScope::~RequestScope() { current_request_id = std::move(previous_); }

const std::string& CurrentRequestId() { return current_request_id; }

}  // namespace ncirt::common::log
