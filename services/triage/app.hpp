#pragma once
// The triage service wired together: pool, stores, router, HTTPS listener, outbox poller, and
// the bootstrap admin. Owns the shutdown order.
//
// Thread-safety: Create/Start/Stop from one controlling thread.

#include <cstdint>
#include <memory>
#include <vector>

#include "common/error/error.hpp"
#include "triage/auth/password.hpp"
#include "triage/clock.hpp"
#include "triage/routes.hpp"
#include "triage/triage_config.hpp"

namespace ncirt::triage {

class App {
 public:
  // Builds everything that needs no network (a bad TLS file is reported here, kBadConfig).
  // `clock` must outlive the app; `password_cost` is lowered only by tests.
  static common::Result<std::unique_ptr<App>> Create(const TriageConfig& config,
                                                     const Clock& clock,
                                                     auth::PasswordCost password_cost = {});
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Creates the bootstrap admin if configured and missing, binds the listener (kBadConfig if
  // it cannot) and starts the outbox poller.
  common::Result<void> Start();
  std::uint16_t Port() const;
  // The route table the service serves (its own routes and the parts', route_modules.hpp).
  const std::vector<Route>& Routes() const;
  // Graceful stop; idempotent.
  void Stop();

 private:
  struct Parts;
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace ncirt::triage
