#pragma once
// The triage service's configuration: the NCIRT_* options it reads (one table, which also makes
// --help and the option table in docs/operations.md) and the immutable TriageConfig built from
// them. LoadTriageConfig refuses, with a sentence naming the variable, a malformed value, a
// missing required one and an unknown NCIRT_TRIAGE_* variable; other services' variables
// (NCIRT_INTAKE_*, NCIRT_EXCHANGE_*, the launcher's) are left to them.
//
// Thread-safety: TriageConfig is a plain value, built once and passed by const reference.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "common/config/config.hpp"
#include "common/error/error.hpp"
#include "common/log/log.hpp"

namespace ncirt::triage {

struct TriageConfig {
  std::string database_url;
  std::size_t database_pool_size = 16;
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8444;
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  int worker_threads = 16;
  // How long a console session lasts after login.
  std::chrono::milliseconds session_ttl{8LL * 3600 * 1000};
  // How often intake's outbox is polled for new and updated incidents.
  std::chrono::milliseconds outbox_interval{1'000};
  // The admin created at start-up when no user of that name exists (empty: none), and the file
  // holding its password (first line).
  std::string bootstrap_admin;
  std::string bootstrap_password_file;
  common::log::Level log_level = common::log::Level::kInfo;
};

std::span<const common::config::Option> TriageOptions();

common::Result<TriageConfig> LoadTriageConfig(const common::config::Environment& env);

}  // namespace ncirt::triage
