#pragma once
// The exchange service wired together (docs/protocol.md, docs/operations.md):
//   - the partner-facing listener (TLS 1.3, mutual authentication, pinned keys) whose requests
//     go to the Receiver, which stores partners' incidents through intake and Acks after commit;
//   - one outbound connection and delivery worker per enabled partner (partner_links.hpp);
//   - a supervisor thread that re-reads the partner registry every registry_interval (pins,
//     new/disabled partners: no restart needed) and follows changes of shared incidents every
//     follow_interval (store/follow_changes.hpp);
//   - the operator's HTTPS listener: /healthz, /readyz (database reachable, listener up),
//     /metrics (Prometheus text).
// Owns the shutdown order: listeners first, then the links, then the pool.
//
// Thread-safety: Create/Start/Stop from one controlling thread.

#include <cstdint>
#include <memory>

#include "common/error/error.hpp"
#include "exchange/exchange_config.hpp"

namespace ncirt::exchange {

class App {
 public:
  // Builds everything that needs no network: a bad TLS file is reported here (kBadConfig).
  static common::Result<std::unique_ptr<App>> Create(const ExchangeConfig& config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Checks the database's tables (kBadConfig saying to run ncirt-migrate when they are
  // missing), loads the registry (kUnavailable when the database cannot be reached), binds both
  // listeners (kBadConfig if they cannot be bound) and starts the partner links.
  common::Result<void> Start();
  std::uint16_t Port() const;
  std::uint16_t AdminPort() const;
  // Graceful stop; idempotent.
  void Stop();

 private:
  struct Parts;
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace ncirt::exchange
