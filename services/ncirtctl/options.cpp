// The global flags and the small helpers the commands share.
#include "ncirtctl/commands.hpp"

namespace ncirt::ncirtctl {

void AddGlobalOptions(CLI::App& app, Settings& s) {
  app.add_option("--triage-url", s.triage_url, "The triage service, e.g. https://127.0.0.1:8444")
      ->envname("NCIRT_TRIAGE_URL");
  app.add_option("--intake-url", s.intake_url, "The intake service (submit)")
      ->envname("NCIRT_INTAKE_URL");
  app.add_option("--ca-file", s.ca_file, "The CA that signed the services' certificates "
                                         "(default: the system's trust store)")
      ->envname("NCIRT_CA_FILE");
  app.add_option("--token", s.triage_token, "A triage API token")->envname("NCIRT_TRIAGE_TOKEN");
  app.add_option("--intake-token", s.intake_token, "An intake token with the submit scope")
      ->envname("NCIRT_API_TOKEN");
  app.add_option("--timeout", s.timeout_s, "Seconds to wait for each request")
      ->envname("NCIRT_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  auto* json = app.add_flag("--json", s.json, "Print JSON (for scripts) instead of tables");
  app.add_flag("--csv", s.csv, "Print tables as CSV")->excludes(json);
}

std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string WithQuery(const std::string& path,
                      const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out = path;
  char separator = '?';
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    out += separator + Encode(name) + "=" + Encode(value);
    separator = '&';
  }
  return out;
}

}  // namespace ncirt::ncirtctl
