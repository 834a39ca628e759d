#include "ncirtctl/context.hpp"

#include <ctime>
#include <iostream>

namespace ncirt::ncirtctl {

using common::ErrorKind;

common::Error ProblemError(const HttpAnswer& answer) {
  std::string detail;
  const auto parsed = nlohmann::json::parse(answer.body, nullptr, false);
  if (parsed.is_object()) {
    if (parsed.contains("detail") && parsed["detail"].is_string()) {
      detail = parsed["detail"].get<std::string>();
    } else if (parsed.contains("title") && parsed["title"].is_string()) {
      detail = parsed["title"].get<std::string>();
    }
    if (parsed.contains("where") && parsed["where"].is_string()) {
      detail += " (" + parsed["where"].get<std::string>() + ")";
    }
  }
  if (detail.empty()) detail = answer.body.substr(0, answer.body.find('\n'));
  if (detail.empty()) detail = "no detail given";
  ErrorKind kind = ErrorKind::kBadRequest;
  switch (answer.status) {
    case 401: kind = ErrorKind::kUnauthenticated; break;
    case 403: kind = ErrorKind::kForbidden; break;
    case 404: kind = ErrorKind::kNotFound; break;
    case 409: kind = ErrorKind::kConflict; break;
    case 429: kind = ErrorKind::kOverloaded; break;
    default: if (answer.status >= 500) kind = ErrorKind::kUnavailable;
  }
  return common::Error{kind, "HTTP " + std::to_string(answer.status) + ": " + detail, {}};
}

std::string Cell(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

std::string TimeCell(const nlohmann::json& ms) {
  if (!ms.is_number()) return "";
  const std::time_t seconds = static_cast<std::time_t>(ms.get<std::int64_t>() / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%SZ", &utc);
  return text;
}

namespace {

common::Error NoTriageToken() {
  return common::Error{ErrorKind::kUnauthenticated,
                       "no triage token: set NCIRT_TRIAGE_TOKEN or pass --token (an admin "
                       "creates one with `ncirtctl tokens create`)",
                       "NCIRT_TRIAGE_TOKEN"};
}

}  // namespace

common::Result<HttpsClient> Context::Client(const std::string& url, const char* what) const {
  auto parsed = ParseServiceUrl(url, what);
  if (!parsed) return std::unexpected(parsed.error());
  return HttpsClient(std::move(*parsed), settings.ca_file,
                     std::chrono::seconds(settings.timeout_s));
}

common::Result<HttpAnswer> Context::TriageRaw(const std::string& method, const std::string& target,
                                              const nlohmann::json& body,
                                              const std::string& raw_body,
                                              const std::string& raw_type) {
  if (settings.triage_token.empty()) return std::unexpected(NoTriageToken());
  auto client = Client(settings.triage_url, "NCIRT_TRIAGE_URL (--triage-url)");
  if (!client) return std::unexpected(client.error());
  HttpCall call{.method = method, .target = target, .body = {}, .content_type = {},
                .headers = {{"Authorization", "Bearer " + settings.triage_token}}};
  if (!raw_type.empty()) {
    call.body = raw_body;
    call.content_type = raw_type;
  } else if (!body.is_null()) {
    call.body = body.dump();
    call.content_type = "application/json";
  }
  return client->Send(call);
}

common::Result<nlohmann::json> Context::Triage(
    const std::string& method, const std::string& target, const nlohmann::json& body,
    std::vector<std::pair<std::string, std::string>> headers) {
  if (settings.triage_token.empty()) return std::unexpected(NoTriageToken());
  auto client = Client(settings.triage_url, "NCIRT_TRIAGE_URL (--triage-url)");
  if (!client) return std::unexpected(client.error());
  HttpCall call{.method = method, .target = target, .body = {}, .content_type = {},
                .headers = std::move(headers)};
  call.headers.emplace_back("Authorization", "Bearer " + settings.triage_token);
  if (!body.is_null()) {
    call.body = body.dump();
    call.content_type = "application/json";
  }
  auto answer = client->Send(call);
  if (!answer) return std::unexpected(answer.error());
  if (answer->status < 200 || answer->status > 299) return std::unexpected(ProblemError(*answer));
  if (answer->body.empty()) return nlohmann::json();
  auto parsed = nlohmann::json::parse(answer->body, nullptr, false);
  if (parsed.is_discarded()) {
    return common::Fail(ErrorKind::kUnavailable,
                        "triage answered " + std::to_string(answer->status) +
                            " with a body that is not JSON (is NCIRT_TRIAGE_URL the triage "
                            "service?)");
  }
  return parsed;
}

common::Result<HttpAnswer> Context::Intake(const HttpCall& call) {
  if (settings.intake_token.empty()) {
    return common::Fail(ErrorKind::kUnauthenticated,
                        "no intake token: set NCIRT_API_TOKEN or pass --intake-token",
                        "NCIRT_API_TOKEN");
  }
  auto client = Client(settings.intake_url, "NCIRT_INTAKE_URL (--intake-url)");
  if (!client) return std::unexpected(client.error());
  HttpCall with_token = call;
  with_token.headers.emplace_back("Authorization", "Bearer " + settings.intake_token);
  return client->Send(with_token);
}

void Context::Print(const nlohmann::json& value, const Table& table) const {
  if (settings.json) {
    std::cout << value.dump(2) << "\n";
  } else if (settings.csv) {
    std::cout << RenderCsv(table);
  } else {
    std::cout << RenderTable(table);
  }
}

void Context::PrintFields(const nlohmann::json& value,
                          const std::vector<std::pair<std::string, std::string>>& fields) const {
  if (settings.json) {
    std::cout << value.dump(2) << "\n";
  } else {
    std::cout << RenderFields(fields);
  }
}

}  // namespace ncirt::ncirtctl
