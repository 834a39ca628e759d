#include "exchange/exchange_config.hpp"

#include <charconv>
#include <tuple>
#include <vector>

#include "common/net/frame_codec.hpp"
#include "common/pg/pool_config.hpp"

namespace ncirt::exchange {
namespace {

using common::config::Option;
using common::config::OptionType;

constexpr Option kOwnOptions[] = {
    {.name = "NCIRT_EXCHANGE_LISTEN", .type = OptionType::kString,
     .default_value = "0.0.0.0:8445",
     .description = "Partner-facing listener (TLS 1.3, mutual authentication, pinned keys): "
                    "host:port, [v6]:port or :port; port 0 picks a free one (logged at start)."},
    {.name = "NCIRT_EXCHANGE_ADMIN_LISTEN", .type = OptionType::kString,
     .default_value = "127.0.0.1:8446",
     .description = "Operator listener (HTTPS, same certificate): /healthz, /readyz, /metrics."},
    {.name = "NCIRT_EXCHANGE_CIRT_NAME", .type = OptionType::kString, .default_value = "",
     .description = "This CIRT's name, announced in Hello and named as originator when a "
                    "partner's incident is passed on.",
     .required = true},
    {.name = "NCIRT_EXCHANGE_TLS_CERT", .type = OptionType::kPath, .default_value = "",
     .description = "PEM certificate chain (leaf first) presented to partners; partners pin "
                    "the SHA-256 of its SubjectPublicKeyInfo.",
     .required = true},
    {.name = "NCIRT_EXCHANGE_TLS_KEY", .type = OptionType::kPath, .default_value = "",
     .description = "PEM private key of NCIRT_EXCHANGE_TLS_CERT.", .secret = true,
     .required = true},
    {.name = "NCIRT_EXCHANGE_CA_FILE", .type = OptionType::kPath, .default_value = "",
     .description = "PEM bundle of the CAs partners' certificates must chain to (on top of "
                    "the pinned key).",
     .required = true},
    {.name = "NCIRT_EXCHANGE_WORKER_THREADS", .type = OptionType::kInt, .default_value = "128",
     .description = "Threads that validate partners' Shares and wait for their commit; Shares "
                    "waiting together are stored in one transaction, so this bounds how many "
                    "share a commit (keep it at the window); 1-256."},
    {.name = "NCIRT_EXCHANGE_WINDOW", .type = OptionType::kInt, .default_value = "128",
     .description = "Shares in flight to one partner before their Acks, and accepted from one; "
                    "1-4096."},
    {.name = "NCIRT_EXCHANGE_MAX_FRAME_BYTES", .type = OptionType::kInt,
     .default_value = "16777216",
     .description = "Largest frame accepted from a partner, in bytes (announced in Hello)."},
    {.name = "NCIRT_EXCHANGE_MAX_INFLIGHT_BYTES", .type = OptionType::kInt,
     .default_value = "67108864",
     .description = "Bytes of one partner connection's requests held at once (received, not "
                    "yet answered); past it a Share is answered Nack UNAVAILABLE and sent again "
                    "later. With the window, it bounds the memory a partner can make us hold "
                    "(one frame is always taken); 1048576 and up."},
    {.name = "NCIRT_EXCHANGE_REGISTRY_INTERVAL", .type = OptionType::kDuration,
     .default_value = "5s",
     .description = "How often the partner registry is re-read: new and re-enabled partners "
                    "are connected, disabled ones disconnected, changed keys re-pinned."},
    {.name = "NCIRT_EXCHANGE_FOLLOW_INTERVAL", .type = OptionType::kDuration,
     .default_value = "1s",
     .description = "How often changed shared incidents are looked for and sent as new "
                    "versions to the partners that received them."},
    {.name = "NCIRT_EXCHANGE_IDLE_POLL", .type = OptionType::kDuration, .default_value = "500ms",
     .description = "How often an empty partner outbox is looked at again."},
    {.name = "NCIRT_EXCHANGE_RETRY_INITIAL", .type = OptionType::kDuration,
     .default_value = "500ms",
     .description = "First pause before reconnecting to a partner or re-sending after a "
                    "failure; doubles (with jitter) up to NCIRT_EXCHANGE_RETRY_MAX."},
    {.name = "NCIRT_EXCHANGE_RETRY_MAX", .type = OptionType::kDuration, .default_value = "60s",
     .description = "Longest pause between reconnection or delivery attempts."},
    {.name = "NCIRT_EXCHANGE_IDLE_TIMEOUT", .type = OptionType::kDuration, .default_value = "30s",
     .description = "Silence from a partner after which a Ping is sent."},
    {.name = "NCIRT_EXCHANGE_PONG_TIMEOUT", .type = OptionType::kDuration, .default_value = "10s",
     .description = "A Ping unanswered for this long closes the connection."},
    {.name = "NCIRT_EXCHANGE_HANDSHAKE_TIMEOUT", .type = OptionType::kDuration,
     .default_value = "10s",
     .description = "TLS handshake plus Hello exchange must finish within this time."},
    {.name = "NCIRT_EXCHANGE_LOG_LEVEL", .type = OptionType::kString, .default_value = "info",
     .description = "Lowest level logged: debug, info, warn or error."},
};

const std::vector<Option>& AllOptions() {
  static const std::vector<Option> all = [] {
    std::vector<Option> out(std::begin(common::pg::kDatabaseOptions),
                            std::end(common::pg::kDatabaseOptions));
    out.insert(out.end(), std::begin(kOwnOptions), std::end(kOwnOptions));
    return out;
  }();
  return all;
}

common::Error BadConfig(std::string_view variable, std::string message) {
  return common::Error{common::ErrorKind::kBadConfig, std::move(message), std::string(variable)};
}

common::Result<std::int64_t> InRange(const common::config::Values& v, std::string_view name,
                                     std::int64_t low, std::int64_t high) {
  const std::int64_t n = v.Int(name);
  if (n < low || n > high) {
    return std::unexpected(BadConfig(name, std::string(name) + " must be between " +
                                               std::to_string(low) + " and " +
                                               std::to_string(high) + ", not " +
                                               std::to_string(n)));
  }
  return n;
}

common::Result<std::chrono::milliseconds> Positive(const common::config::Values& v,
                                                   std::string_view name) {
  const std::int64_t ms = v.DurationMs(name);
  if (ms <= 0) return std::unexpected(BadConfig(name, std::string(name) + " must be above 0"));
  return std::chrono::milliseconds(ms);
}

}  // namespace

std::span<const Option> ExchangeOptions() { return AllOptions(); }

common::Result<std::pair<std::string, std::uint16_t>> ParseListenAddress(
    std::string_view text, std::string_view variable) {
  const auto bad = [&](std::string_view why) {
    return std::unexpected(BadConfig(variable, std::string(variable) + " '" + std::string(text) +
                                                   "' " + std::string(why) +
                                                   "; write host:port, [v6]:port or :port"));
  };
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad("has no port");
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return bad("has an IPv6 address without brackets");
  }
  if (host.empty()) host = "0.0.0.0";
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return bad("has no valid port number");
  }
  return std::pair{host, static_cast<std::uint16_t>(port)};
}

common::Result<ExchangeConfig> LoadExchangeConfig(const common::config::Environment& env) {
  // Other ncirt programs' variables may share the environment (docker-compose, the launcher);
  // only unknown names of our own prefix are refused, where a typo would silently fall back to
  // a default.
  std::vector<std::string_view> elsewhere;
  for (const auto& [name, value] : env) {
    if (name.starts_with("NCIRT_") && !name.starts_with("NCIRT_EXCHANGE_")) {
      bool ours = false;
      for (const Option& option : AllOptions()) ours = ours || option.name == name;
      if (!ours) elsewhere.push_back(name);
    }
  }
  auto values = common::config::Load(AllOptions(), env, elsewhere);
  if (!values) return std::unexpected(std::move(values.error()));
  const common::config::Values& v = *values;
  ExchangeConfig c;
  auto database = common::pg::PoolOptionsFromConfig(v);
  if (!database) return std::unexpected(std::move(database.error()));
  c.database = std::move(*database);

  auto listen = ParseListenAddress(v.String("NCIRT_EXCHANGE_LISTEN"), "NCIRT_EXCHANGE_LISTEN");
  if (!listen) return std::unexpected(std::move(listen.error()));
  std::tie(c.listen_address, c.listen_port) = *listen;
  auto admin = ParseListenAddress(v.String("NCIRT_EXCHANGE_ADMIN_LISTEN"),
                                  "NCIRT_EXCHANGE_ADMIN_LISTEN");
  if (!admin) return std::unexpected(std::move(admin.error()));
  std::tie(c.admin_address, c.admin_port) = *admin;

  c.cirt_name = v.String("NCIRT_EXCHANGE_CIRT_NAME");
  c.tls_certificate_file = v.String("NCIRT_EXCHANGE_TLS_CERT");
  c.tls_private_key_file = v.String("NCIRT_EXCHANGE_TLS_KEY");
  c.ca_file = v.String("NCIRT_EXCHANGE_CA_FILE");

  auto workers = InRange(v, "NCIRT_EXCHANGE_WORKER_THREADS", 1, 256);
  auto window = InRange(v, "NCIRT_EXCHANGE_WINDOW", 1, 4096);
  auto frame = InRange(v, "NCIRT_EXCHANGE_MAX_FRAME_BYTES", common::net::kMinMaxFrameSize,
                       1LL << 30);
  auto inflight = InRange(v, "NCIRT_EXCHANGE_MAX_INFLIGHT_BYTES", 1LL << 20, 1LL << 40);
  for (const auto* r : {&workers, &window, &frame, &inflight}) {
    if (!*r) return std::unexpected(r->error());
  }
  c.max_inflight_bytes = static_cast<std::size_t>(*inflight);
  c.worker_threads = static_cast<int>(*workers);
  c.window = static_cast<int>(*window);
  c.max_frame_bytes = static_cast<std::uint32_t>(*frame);

  const std::pair<std::string_view, std::chrono::milliseconds*> durations[] = {
      {"NCIRT_EXCHANGE_REGISTRY_INTERVAL", &c.registry_interval},
      {"NCIRT_EXCHANGE_FOLLOW_INTERVAL", &c.follow_interval},
      {"NCIRT_EXCHANGE_IDLE_POLL", &c.idle_poll},
      {"NCIRT_EXCHANGE_RETRY_INITIAL", &c.retry_initial},
      {"NCIRT_EXCHANGE_RETRY_MAX", &c.retry_max},
      {"NCIRT_EXCHANGE_IDLE_TIMEOUT", &c.idle_timeout},
      {"NCIRT_EXCHANGE_PONG_TIMEOUT", &c.pong_timeout},
      {"NCIRT_EXCHANGE_HANDSHAKE_TIMEOUT", &c.handshake_timeout},
  };
  for (const auto& [name, field] : durations) {
    auto d = Positive(v, name);
    if (!d) return std::unexpected(d.error());
    *field = *d;
  }
  if (c.retry_max < c.retry_initial) {
    return std::unexpected(BadConfig("NCIRT_EXCHANGE_RETRY_MAX",
                                     "NCIRT_EXCHANGE_RETRY_MAX must not be shorter than "
                                     "NCIRT_EXCHANGE_RETRY_INITIAL"));
  }
  auto level = common::log::ParseLevel(v.String("NCIRT_EXCHANGE_LOG_LEVEL"));
  if (!level) {
    return std::unexpected(BadConfig("NCIRT_EXCHANGE_LOG_LEVEL",
                                     "NCIRT_EXCHANGE_LOG_LEVEL: " + level.error().message));
  }
  c.log_level = *level;
  return c;
}

}  // namespace ncirt::exchange
