#pragma once
// The exchange service's configuration: the NCIRT_* options ncirt-exchange reads (one table,
// which also makes --help and `ncirt-exchange --options-markdown`) and the immutable
// ExchangeConfig built from them.
//
// LoadExchangeConfig() refuses, with a sentence naming the variable, a malformed or
// out-of-range value, a missing required one, and an unknown NCIRT_EXCHANGE_* variable; the
// variables of other ncirt programs that share the environment (NCIRT_INTAKE_*,
// NCIRT_TRIAGE_*, the launcher's) are left to them.
//
// Thread-safety: ExchangeConfig is a plain value, built once and passed by const reference.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "common/config/config.hpp"
#include "common/error/error.hpp"
#include "common/log/log.hpp"
#include "common/pg/pool.hpp"

namespace ncirt::exchange {

struct ExchangeConfig {
  // PostgreSQL (dsn, pool size, acquire timeout: the shared NCIRT_DATABASE_* options).
  common::pg::PoolOptions database;

  // The partner-facing listener: TLS 1.3, mutual authentication, pinned keys.
  std::string listen_address = "0.0.0.0";
  std::uint16_t listen_port = 8445;
  // The operator's HTTPS listener: /healthz, /readyz, /metrics.
  std::string admin_address = "127.0.0.1";
  std::uint16_t admin_port = 8446;

  // Our name in Hello and in the originator of re-shared incidents.
  std::string cirt_name;
  // Our certificate chain and key (presented to partners and on the admin listener), and the
  // CA bundle partners' certificates must chain to.
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  std::string ca_file;

  // Threads that run partners' requests (they block on PostgreSQL commits).
  int worker_threads = 128;
  // Shares in flight per partner before their Acks.
  int window = 128;
  // Largest frame accepted, in bytes (announced in Hello).
  std::uint32_t max_frame_bytes = 16u << 20;
  // Bytes of a connection's requests held at once (FrameSessionOptions::max_inflight_bytes).
  std::size_t max_inflight_bytes = std::size_t{64} << 20;
  // How often the partner registry is re-read (new, changed, disabled partners; new pins).
  std::chrono::milliseconds registry_interval{5'000};
  // How often changes of shared incidents are looked for (updates follow the incident).
  std::chrono::milliseconds follow_interval{1'000};
  // Outbox poll when a partner's outbox is empty.
  std::chrono::milliseconds idle_poll{500};
  // Reconnection and redelivery backoff: first pause and the longest pause.
  std::chrono::milliseconds retry_initial{500};
  std::chrono::milliseconds retry_max{60'000};
  // No byte from a partner for this long: Ping; unanswered Ping for pong_timeout: closed.
  std::chrono::milliseconds idle_timeout{30'000};
  std::chrono::milliseconds pong_timeout{10'000};
  std::chrono::milliseconds handshake_timeout{10'000};

  common::log::Level log_level = common::log::Level::kInfo;
};

// The option table (every NCIRT_* variable ncirt-exchange reads).
std::span<const common::config::Option> ExchangeOptions();

// "host:port", "[v6]:port" or ":port" (all addresses); kBadConfig naming `variable`.
common::Result<std::pair<std::string, std::uint16_t>> ParseListenAddress(
    std::string_view text, std::string_view variable);

common::Result<ExchangeConfig> LoadExchangeConfig(const common::config::Environment& env);

}  // namespace ncirt::exchange
