#pragma once
// What every ncirtctl command shares: the settings (flags, else environment), the two service
// clients, and the output mode. Calls to the services come back as JSON or as an error whose
// message is the service's own problem `detail`, prefixed with the HTTP status, so a script's
// log says what went wrong and a person can act on it.
//
// Settings (flag / environment):
//   --triage-url   NCIRT_TRIAGE_URL   the triage service, e.g. https://127.0.0.1:8444
//   --intake-url   NCIRT_INTAKE_URL   the intake service (submit only)
//   --ca-file      NCIRT_CA_FILE      the CA that signed the services' certificates
//   --token        NCIRT_TRIAGE_TOKEN a triage API token (POST /v1/tokens; acts as its user)
//   --intake-token NCIRT_API_TOKEN    an intake token with the submit scope (submit only)
//   --timeout      NCIRT_TIMEOUT      seconds per request (default 30)
//   --json                            JSON on stdout instead of tables
//
// Thread-safety: single-threaded by design.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "ncirtctl/https_client.hpp"
#include "ncirtctl/table.hpp"

namespace ncirt::ncirtctl {

struct Settings {
  std::string triage_url;
  std::string intake_url;
  std::string ca_file;
  std::string triage_token;
  std::string intake_token;
  int timeout_s = 30;
  bool json = false;
  bool csv = false;
};

class Context {
 public:
  Settings settings;

  // A JSON call to triage with the triage token. `body` null: no body. 2xx: the parsed body
  // (null when empty, e.g. 204). Otherwise an error naming the status and the problem detail.
  common::Result<nlohmann::json> Triage(const std::string& method, const std::string& target,
                                        const nlohmann::json& body = nullptr,
                                        std::vector<std::pair<std::string, std::string>> headers = {});
  // Like Triage, but returns the answer whatever its status (for 204 / 409 handling).
  // `raw_body` with `raw_type` sends that body as is instead of `body` as JSON.
  common::Result<HttpAnswer> TriageRaw(const std::string& method, const std::string& target,
                                       const nlohmann::json& body = nullptr,
                                       const std::string& raw_body = {},
                                       const std::string& raw_type = {});
  // A call to intake with the intake token.
  common::Result<HttpAnswer> Intake(const HttpCall& call);

  // Prints `value` as JSON (--json) or `table` as text/CSV.
  void Print(const nlohmann::json& value, const Table& table) const;
  // Prints `value` as JSON (--json) or `fields` as key: value lines.
  void PrintFields(const nlohmann::json& value,
                   const std::vector<std::pair<std::string, std::string>>& fields) const;

  // The outcome of the command that ran; main() turns an error into a message and exit 1.
  std::optional<common::Error> failure;
  void Finish(common::Result<void> outcome) {
    if (!outcome) failure = outcome.error();
  }

 private:
  common::Result<HttpsClient> Client(const std::string& url, const char* what) const;
};

// The message for a non-2xx answer: "HTTP 409: <detail>" (or the body's first line).
common::Error ProblemError(const HttpAnswer& answer);

// JSON value as a table cell: strings as is, null as "", numbers and booleans as text.
std::string Cell(const nlohmann::json& value);

// Milliseconds since the epoch as "YYYY-MM-DD HH:MM:SSZ" (UTC); "" for null.
std::string TimeCell(const nlohmann::json& ms);

}  // namespace ncirt::ncirtctl
