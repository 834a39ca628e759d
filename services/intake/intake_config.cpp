#include "intake/intake_config.hpp"

#include <charconv>
#include <limits>

#include "iodef/marking.hpp"

namespace ncirt::intake {
namespace {

using common::config::Option;
using common::config::OptionType;

constexpr Option kOptions[] = {
    {.name = "NCIRT_DATABASE_URL", .type = OptionType::kString, .default_value = "",
     .description = "PostgreSQL connection string (libpq URI or key=value list) of the ncirt "
                    "database, migrated by ncirt-migrate.",
     .secret = true, .required = true},
    {.name = "NCIRT_INTAKE_DB_POOL_SIZE", .type = OptionType::kInt, .default_value = "16",
     .description = "Database connections intake opens at most (1-1000)."},
    {.name = "NCIRT_INTAKE_DB_ACQUIRE_TIMEOUT", .type = OptionType::kDuration,
     .default_value = "2s",
     .description = "How long a request waits for a free database connection before it is "
                    "answered 503."},
    {.name = "NCIRT_INTAKE_LISTEN", .type = OptionType::kString, .default_value = "127.0.0.1:8443",
     .description = "Address and port of the HTTPS listener: host:port, [v6]:port, or :port for "
                    "all addresses; port 0 picks a free one (logged at start)."},
    {.name = "NCIRT_INTAKE_TLS_CERT", .type = OptionType::kPath, .default_value = "",
     .description = "PEM file with the server certificate chain (leaf first). Required to serve."},
    {.name = "NCIRT_INTAKE_TLS_KEY", .type = OptionType::kPath, .default_value = "",
     .description = "PEM file with the server certificate's private key. Required to serve."},
    {.name = "NCIRT_INTAKE_WORKER_THREADS", .type = OptionType::kInt, .default_value = "16",
     .description = "Threads parsing, validating and storing documents (1-1024)."},
    {.name = "NCIRT_INTAKE_MAX_CONNECTIONS", .type = OptionType::kInt, .default_value = "1024",
     .description = "Open connections beyond which new ones are closed at once."},
    {.name = "NCIRT_INTAKE_MAX_CONNECTIONS_PER_ADDRESS", .type = OptionType::kInt,
     .default_value = "256",
     .description = "Open connections from one client address beyond which new ones are "
                    "closed at once."},
    {.name = "NCIRT_INTAKE_MAX_IN_FLIGHT", .type = OptionType::kInt, .default_value = "256",
     .description = "Requests handled at once beyond which new ones are answered 429 "
                    "(load shedding)."},
    {.name = "NCIRT_INTAKE_READ_TIMEOUT", .type = OptionType::kDuration, .default_value = "30s",
     .description = "Time allowed to receive one whole request."},
    {.name = "NCIRT_INTAKE_IDLE_TIMEOUT", .type = OptionType::kDuration, .default_value = "60s",
     .description = "A keep-alive connection without a request for this long is closed."},
    {.name = "NCIRT_INTAKE_DRAIN_TIMEOUT", .type = OptionType::kDuration, .default_value = "10s",
     .description = "On SIGTERM, how long in-flight requests may take to finish."},
    {.name = "NCIRT_INTAKE_MAX_DOCUMENT_BYTES", .type = OptionType::kInt,
     .default_value = "16777216",
     .description = "Largest document accepted, in bytes; larger ones are answered 413 (and "
                    "bodies over twice this are refused before they are read)."},
    {.name = "NCIRT_INTAKE_DEFAULT_POLICY", .type = OptionType::kString,
     .default_value = "tolerant",
     .description = "Validation policy given to new API tokens when none is named: strict "
                    "(reject any schema violation) or tolerant (keep violations as warnings)."},
    {.name = "NCIRT_INTAKE_DEFAULT_TLP", .type = OptionType::kString, .default_value = "AMBER",
     .description = "TLP given to new API tokens when none is named (CLEAR, GREEN, AMBER, "
                    "AMBER+STRICT, RED): the marking of incidents whose IODEF restriction names "
                    "no colour."},
    {.name = "NCIRT_INTAKE_QUARANTINE_MAX_BYTES", .type = OptionType::kInt,
     .default_value = "1048576",
     .description = "Bytes of a rejected document kept in quarantine (the rest is cut off and "
                    "the entry marked truncated)."},
    {.name = "NCIRT_INTAKE_QUARANTINE_RETENTION", .type = OptionType::kDuration,
     .default_value = "30d",
     .description = "How long rejected documents stay in quarantine."},
    {.name = "NCIRT_INTAKE_IDEMPOTENCY_RETENTION", .type = OptionType::kDuration,
     .default_value = "7d",
     .description = "How long an Idempotency-Key is remembered (a retry after that is matched "
                    "by IncidentID and content only)."},
    {.name = "NCIRT_INTAKE_PURGE_INTERVAL", .type = OptionType::kDuration, .default_value = "1h",
     .description = "How often expired quarantine entries and Idempotency-Keys are deleted."},
    {.name = "NCIRT_INTAKE_TOKEN_CACHE_TTL", .type = OptionType::kDuration, .default_value = "30s",
     .description = "How long a valid API token is remembered without asking the database; a "
                    "revoked token stops working within this time."},
    {.name = "NCIRT_LOG_LEVEL", .type = OptionType::kString, .default_value = "info",
     .description = "Lowest level logged: debug, info, warn or error."},
};

// The other services' options: one environment file may configure every ncirt program, and
// intake still refuses a misspelt NCIRT_INTAKE_* or shared name. The client and launcher
// variables (NCIRT_INTAKE_URL, NCIRT_CA_FILE, ...) are common::config::ToolVariables().
constexpr std::string_view kElsewhere[] = {"NCIRT_TRIAGE_*", "NCIRT_EXCHANGE_*"};

common::Result<std::int64_t> InRange(const common::config::Values& values, std::string_view name,
                                     std::int64_t low, std::int64_t high) {
  const std::int64_t n = values.Int(name);
  if (n < low || n > high) {
    return common::Fail(common::ErrorKind::kBadConfig,
                        std::string(name) + " must be between " + std::to_string(low) + " and " +
                            std::to_string(high) + ", not " + std::to_string(n),
                        std::string(name));
  }
  return n;
}

}  // namespace

std::span<const common::config::Option> IntakeOptions() { return kOptions; }

std::span<const std::string_view> IntakeKnownElsewhere() { return kElsewhere; }

common::Result<std::pair<std::string, std::uint16_t>> ParseListen(std::string_view text) {
  const auto bad = [&](std::string why) {
    return common::Fail(common::ErrorKind::kBadConfig,
                        "NCIRT_INTAKE_LISTEN '" + std::string(text) + "' " + why +
                            "; write host:port, [v6]:port or :port",
                        "NCIRT_INTAKE_LISTEN");
  };
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad("has no port");
  std::string host(text.substr(0, colon));
  const std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return bad("has an IPv6 address without brackets");
  }
  if (host.empty()) host = "0.0.0.0";
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(),
                                         port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return bad("has no valid port number");
  }
  return std::pair{host, static_cast<std::uint16_t>(port)};
}

common::Result<IntakeConfig> LoadIntakeConfig(const common::config::Environment& env,
                                              bool serving) {
  auto values = common::config::Load(kOptions, env, kElsewhere);
  if (!values) return std::unexpected(std::move(values.error()));
  const auto& v = *values;
  IntakeConfig c;
  c.database_url = v.String("NCIRT_DATABASE_URL");

  const auto ranged = [&](std::string_view name, std::int64_t low,
                          std::int64_t high) -> common::Result<std::int64_t> {
    return InRange(v, name, low, high);
  };
  constexpr std::int64_t kMaxInt = std::numeric_limits<std::int32_t>::max();
  auto pool = ranged("NCIRT_INTAKE_DB_POOL_SIZE", 1, 1000);
  auto workers = ranged("NCIRT_INTAKE_WORKER_THREADS", 1, 1024);
  auto connections = ranged("NCIRT_INTAKE_MAX_CONNECTIONS", 1, 1'000'000);
  auto per_address = ranged("NCIRT_INTAKE_MAX_CONNECTIONS_PER_ADDRESS", 1, 1'000'000);
  auto in_flight = ranged("NCIRT_INTAKE_MAX_IN_FLIGHT", 1, 1'000'000);
  // Bodies up to twice the limit are read (so oversize documents can be quarantined); the
  // product must fit the parser's limit type comfortably.
  auto document = ranged("NCIRT_INTAKE_MAX_DOCUMENT_BYTES", 1024, 1LL << 30);
  auto quarantine = ranged("NCIRT_INTAKE_QUARANTINE_MAX_BYTES", 0, kMaxInt);
  for (const auto* r : {&pool, &workers, &connections, &per_address, &in_flight, &document,
                        &quarantine}) {
    if (!*r) return std::unexpected(r->error());
  }
  c.database_pool_size = static_cast<std::size_t>(*pool);
  c.worker_threads = static_cast<int>(*workers);
  c.max_connections = static_cast<std::size_t>(*connections);
  c.max_connections_per_address = static_cast<std::size_t>(*per_address);
  c.max_in_flight = static_cast<std::size_t>(*in_flight);
  c.max_document_bytes = static_cast<std::size_t>(*document);
  c.quarantine_max_bytes = static_cast<std::size_t>(*quarantine);

  const auto ms = [&](std::string_view name) {
    return std::chrono::milliseconds(v.DurationMs(name));
  };
  c.database_acquire_timeout = ms("NCIRT_INTAKE_DB_ACQUIRE_TIMEOUT");
  c.read_timeout = ms("NCIRT_INTAKE_READ_TIMEOUT");
  c.idle_timeout = ms("NCIRT_INTAKE_IDLE_TIMEOUT");
  c.drain_timeout = ms("NCIRT_INTAKE_DRAIN_TIMEOUT");
  c.quarantine_retention = ms("NCIRT_INTAKE_QUARANTINE_RETENTION");
  c.idempotency_retention = ms("NCIRT_INTAKE_IDEMPOTENCY_RETENTION");
  c.purge_interval = ms("NCIRT_INTAKE_PURGE_INTERVAL");
  c.token_cache_ttl = ms("NCIRT_INTAKE_TOKEN_CACHE_TTL");
  if (c.purge_interval.count() <= 0) {
    return common::Fail(common::ErrorKind::kBadConfig,
                        "NCIRT_INTAKE_PURGE_INTERVAL must be longer than 0",
                        "NCIRT_INTAKE_PURGE_INTERVAL");
  }

  auto listen = ParseListen(v.String("NCIRT_INTAKE_LISTEN"));
  if (!listen) return std::unexpected(std::move(listen.error()));
  c.listen_address = listen->first;
  c.listen_port = listen->second;
  c.tls_certificate_file = v.String("NCIRT_INTAKE_TLS_CERT");
  c.tls_private_key_file = v.String("NCIRT_INTAKE_TLS_KEY");
  if (serving) {
    for (std::string_view name : {"NCIRT_INTAKE_TLS_CERT", "NCIRT_INTAKE_TLS_KEY"}) {
      if (!v.Has(name)) {
        return common::Fail(common::ErrorKind::kBadConfig,
                            std::string(name) + " is required to serve HTTPS: name a PEM file",
                            std::string(name));
      }
    }
  }

  auto policy = iodef::ParsePolicy(v.String("NCIRT_INTAKE_DEFAULT_POLICY"));
  if (!policy) {
    return common::Fail(common::ErrorKind::kBadConfig,
                        "NCIRT_INTAKE_DEFAULT_POLICY: " + policy.error().message,
                        "NCIRT_INTAKE_DEFAULT_POLICY");
  }
  c.default_policy = *policy;
  const auto tlp = iodef::ParseTlp(v.String("NCIRT_INTAKE_DEFAULT_TLP"));
  if (!tlp) {
    return common::Fail(common::ErrorKind::kBadConfig,
                        "NCIRT_INTAKE_DEFAULT_TLP must be CLEAR, GREEN, AMBER, AMBER+STRICT or "
                        "RED, not '" + v.String("NCIRT_INTAKE_DEFAULT_TLP") + "'",
                        "NCIRT_INTAKE_DEFAULT_TLP");
  }
  c.default_tlp = *tlp;
  auto level = common::log::ParseLevel(v.String("NCIRT_LOG_LEVEL"));
  if (!level) {
    return common::Fail(common::ErrorKind::kBadConfig,
                        "NCIRT_LOG_LEVEL: " + level.error().message, "NCIRT_LOG_LEVEL");
  }
  c.log_level = *level;
  return c;
}

}  // namespace ncirt::intake
