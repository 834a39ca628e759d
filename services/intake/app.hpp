#pragma once
// The intake service, wired: database pool (statements prepared per connection), stores,
// metrics, authenticator, route table, TLS context, HTTPS listener, and the purger.
//
// Start() opens the listener and starts the purger; Stop() is the graceful shutdown SIGTERM
// asks for: the server stops accepting, finishes in-flight requests (each of which answers
// only after its commit) up to the drain timeout, then the purger stops; the pool closes when
// the App is destroyed, after everything that borrows from it.
//
// Thread-safety: Start() and Stop() from one controlling thread (main, or a test).

#include <cstdint>
#include <memory>

#include "common/error/error.hpp"
#include "intake/intake_config.hpp"

namespace ncirt::intake {

class App {
 public:
  // Builds everything that needs no network (a bad TLS file is reported here, kBadConfig).
  static common::Result<std::unique_ptr<App>> Create(const IntakeConfig& config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Binds the listener (kBadConfig if it cannot) and starts the purger.
  common::Result<void> Start();
  // The bound port. REQUIRES: Start() succeeded.
  std::uint16_t Port() const;
  // Graceful stop; idempotent.
  void Stop();

 private:
  struct Parts;
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace ncirt::intake
