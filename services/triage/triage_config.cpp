#include "triage/triage_config.hpp"

#include <charconv>
#include <vector>

namespace ncirt::triage {
namespace {

using common::config::Option;
using common::config::OptionType;

constexpr Option kOptions[] = {
    {.name = "NCIRT_DATABASE_URL", .type = OptionType::kString, .default_value = "",
     .description = "PostgreSQL connection string (libpq URL or key=value).", .secret = true,
     .required = true},
    {.name = "NCIRT_TRIAGE_DB_POOL_SIZE", .type = OptionType::kInt, .default_value = "16",
     .description = "Most database connections open at once."},
    {.name = "NCIRT_TRIAGE_LISTEN", .type = OptionType::kString,
     .default_value = "127.0.0.1:8444", .description = "HTTPS listen address, host:port."},
    {.name = "NCIRT_TRIAGE_TLS_CERT", .type = OptionType::kPath, .default_value = "",
     .description = "PEM certificate chain of the HTTPS listener.", .required = true},
    {.name = "NCIRT_TRIAGE_TLS_KEY", .type = OptionType::kPath, .default_value = "",
     .description = "PEM private key of the HTTPS listener.", .secret = true,
     .required = true},
    {.name = "NCIRT_TRIAGE_WORKER_THREADS", .type = OptionType::kInt, .default_value = "16",
     .description = "Threads that run request handlers (they block on PostgreSQL)."},
    {.name = "NCIRT_TRIAGE_SESSION_TTL", .type = OptionType::kDuration, .default_value = "8h",
     .description = "How long a console session lasts after login."},
    {.name = "NCIRT_TRIAGE_OUTBOX_INTERVAL", .type = OptionType::kDuration,
     .default_value = "1s",
     .description = "How often new and updated incidents are taken from intake's outbox."},
    {.name = "NCIRT_TRIAGE_BOOTSTRAP_ADMIN", .type = OptionType::kString, .default_value = "",
     .description = "Admin user created at start-up if no user of that name exists."},
    {.name = "NCIRT_TRIAGE_BOOTSTRAP_PASSWORD_FILE", .type = OptionType::kPath,
     .default_value = "",
     .description = "File whose first line is the bootstrap admin's password."},
    {.name = "NCIRT_LOG_LEVEL", .type = OptionType::kString, .default_value = "info",
     .description = "Lowest level logged: debug, info, warn or error."},
};

common::Result<std::int64_t> InRange(const common::config::Values& v, std::string_view name,
                                     std::int64_t low, std::int64_t high) {
  const std::int64_t n = v.Int(name);
  if (n < low || n > high) {
    return common::Fail(common::ErrorKind::kBadConfig,
                        std::string(name) + " must be between " + std::to_string(low) + " and " +
                            std::to_string(high) + ", not " + std::to_string(n),
                        std::string(name));
  }
  return n;
}

common::Result<std::pair<std::string, std::uint16_t>> ParseListen(std::string_view text) {
  const auto bad = common::Fail(common::ErrorKind::kBadConfig,
                                "NCIRT_TRIAGE_LISTEN '" + std::string(text) +
                                    "' is not host:port, [v6]:port or :port",
                                "NCIRT_TRIAGE_LISTEN");
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad;
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return bad;
  }
  if (host.empty()) host = "0.0.0.0";
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return bad;
  }
  return std::pair{host, static_cast<std::uint16_t>(port)};
}

}  // namespace

std::span<const Option> TriageOptions() { return kOptions; }

common::Result<TriageConfig> LoadTriageConfig(const common::config::Environment& env) {
  // Variables of other ncirt programs may share the environment; triage rejects only unknown
  // names of its own (NCIRT_TRIAGE_*), where a typo would otherwise fall back to a default.
  std::vector<std::string_view> elsewhere;
  for (const auto& [name, value] : env) {
    if (name.starts_with("NCIRT_") && !name.starts_with("NCIRT_TRIAGE_")) {
      bool ours = false;
      for (const auto& option : kOptions) ours = ours || option.name == name;
      if (!ours) elsewhere.push_back(name);
    }
  }
  auto values = common::config::Load(kOptions, env, elsewhere);
  if (!values) return std::unexpected(std::move(values.error()));
  const auto& v = *values;
  TriageConfig c;
  c.database_url = v.String("NCIRT_DATABASE_URL");
  auto pool = InRange(v, "NCIRT_TRIAGE_DB_POOL_SIZE", 1, 1000);
  if (!pool) return std::unexpected(pool.error());
  auto workers = InRange(v, "NCIRT_TRIAGE_WORKER_THREADS", 1, 1024);
  if (!workers) return std::unexpected(workers.error());
  c.database_pool_size = static_cast<std::size_t>(*pool);
  c.worker_threads = static_cast<int>(*workers);
  auto listen = ParseListen(v.String("NCIRT_TRIAGE_LISTEN"));
  if (!listen) return std::unexpected(listen.error());
  c.listen_address = listen->first;
  c.listen_port = listen->second;
  c.tls_certificate_file = v.String("NCIRT_TRIAGE_TLS_CERT");
  c.tls_private_key_file = v.String("NCIRT_TRIAGE_TLS_KEY");
  c.session_ttl = std::chrono::milliseconds(v.DurationMs("NCIRT_TRIAGE_SESSION_TTL"));
  c.outbox_interval = std::chrono::milliseconds(v.DurationMs("NCIRT_TRIAGE_OUTBOX_INTERVAL"));
  for (const char* name : {"NCIRT_TRIAGE_SESSION_TTL", "NCIRT_TRIAGE_OUTBOX_INTERVAL"}) {
    if (v.DurationMs(name) <= 0) {
      return common::Fail(common::ErrorKind::kBadConfig,
                          std::string(name) + " must be longer than 0", name);
    }
  }
  c.bootstrap_admin = v.String("NCIRT_TRIAGE_BOOTSTRAP_ADMIN");
  c.bootstrap_password_file = v.String("NCIRT_TRIAGE_BOOTSTRAP_PASSWORD_FILE");
  if (!c.bootstrap_admin.empty() && c.bootstrap_password_file.empty()) {
    return common::Fail(common::ErrorKind::kBadConfig,
                        "NCIRT_TRIAGE_BOOTSTRAP_ADMIN needs NCIRT_TRIAGE_BOOTSTRAP_PASSWORD_FILE "
                        "naming a file with the password",
                        "NCIRT_TRIAGE_BOOTSTRAP_PASSWORD_FILE");
  }
  auto level = common::log::ParseLevel(v.String("NCIRT_LOG_LEVEL"));
  if (!level) return std::unexpected(level.error());
  c.log_level = *level;
  return c;
}

}  // namespace ncirt::triage
