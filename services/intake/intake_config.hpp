#pragma once
// The intake service's configuration: the NCIRT_* options it reads (one table, which also makes
// --help and the table in docs/operations.md) and the immutable IntakeConfig built from them.
//
// LoadIntakeConfig() refuses, with a sentence naming the variable, a malformed or out-of-range
// value, a missing required one, and an unknown NCIRT_* variable; the client-side variables the
// local launcher writes beside them (NCIRT_INTAKE_URL, NCIRT_CA_FILE, NCIRT_API_TOKEN) and
// every option of triage and exchange (NCIRT_TRIAGE_*, NCIRT_EXCHANGE_*) are recognised as
// belonging elsewhere, so one environment file serves all three services.
//
// Thread-safety: IntakeConfig is a plain value, built once and passed by const reference.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/config/config.hpp"
#include "common/error/error.hpp"
#include "common/log/log.hpp"
#include "iodef/codec.hpp"
#include "ncirt/v1/marking.pb.h"

namespace ncirt::intake {

struct IntakeConfig {
  // PostgreSQL.
  std::string database_url;
  std::size_t database_pool_size = 16;
  std::chrono::milliseconds database_acquire_timeout{2'000};

  // The HTTPS listener.
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8443;
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  int worker_threads = 16;
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_address = 256;
  std::size_t max_in_flight = 256;
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds drain_timeout{10'000};

  // Documents.
  std::size_t max_document_bytes = 16u << 20;
  // The policy `ncirt-intake token create` gives a token when --policy is not given.
  iodef::Policy default_policy = iodef::Policy::kTolerant;
  // Likewise the default TLP of new tokens.
  v1::Tlp default_tlp = v1::TLP_AMBER;

  // Quarantine and idempotency.
  std::size_t quarantine_max_bytes = 1u << 20;
  std::chrono::milliseconds quarantine_retention{30LL * 24 * 3600 * 1000};
  std::chrono::milliseconds idempotency_retention{7LL * 24 * 3600 * 1000};
  std::chrono::milliseconds purge_interval{3600 * 1000};

  std::chrono::milliseconds token_cache_ttl{30'000};
  common::log::Level log_level = common::log::Level::kInfo;
};

// The option table (every NCIRT_* variable intake reads).
std::span<const common::config::Option> IntakeOptions();

// Variables intake tolerates in its environment but does not read (a trailing '*' is a prefix).
std::span<const std::string_view> IntakeKnownElsewhere();

// "host:port", "[v6]:port" or ":port" (all addresses). kBadConfig naming NCIRT_INTAKE_LISTEN.
common::Result<std::pair<std::string, std::uint16_t>> ParseListen(std::string_view text);

// Validates `env` and builds the configuration. When `serving` is false (the token command),
// the TLS files are not required.
common::Result<IntakeConfig> LoadIntakeConfig(const common::config::Environment& env,
                                              bool serving = true);

}  // namespace ncirt::intake
