#pragma once
// The outbound side of the exchange protocol and the internal RPC: one long-lived connection to
// one peer, kept up for as long as the connector runs. When the connection cannot be made or
// ends, the connector waits a backoff pause (exponential cap, full jitter; see backoff.hpp) and
// tries again, so a peer that is down for hours gets a connection within one capped pause of
// coming back, and many connectors that lost the same peer do not return in lock step.
// A session that stayed up for stable_after resets the backoff; one that keeps failing right
// after the Hello keeps growing it.
//
// The connector runs on executors it is given (one strand of `io` for the connection, `workers`
// for the request handler), so many connectors (one per partner) can share a few threads.
// Randomness and the clock are injectable (FrameConnectorOptions) so tests can check exact
// delays.
//
// Thread-safety: Start() and Stop() from one controlling thread, never from a thread running
// `io` (Stop waits for the connection to close). Session() and Stats() from any thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include "common/error/error.hpp"
#include "common/net/backoff.hpp"
#include "common/net/frame_session.hpp"

namespace ncirt::common::net {

struct FrameConnectorOptions {
  // The peer's address: a host name or an IP address, and a port.
  std::string host;
  std::uint16_t port = 0;
  BackoffPolicy backoff;
  // Name resolution plus TCP connect must finish within this time.
  std::chrono::milliseconds connect_timeout{10'000};
  // A session that stayed up at least this long counts as healthy: the backoff starts over.
  std::chrono::milliseconds stable_after{30'000};
  FrameSessionOptions session;
  // Uniform in [0, 1) for the jitter; empty: DefaultUnitRandom.
  UnitRandom random;
  // Monotonic time, for stable_after; empty: std::chrono::steady_clock::now.
  std::function<std::chrono::steady_clock::time_point()> now;
  // Observes every pause before a retry (which retry, how long, and why the last attempt
  // ended); for logs, metrics and tests. Called on the connector's strand: do not block.
  std::function<void(int retry, std::chrono::milliseconds delay, const Error& why)> on_retry;
};

struct FrameConnectorStats {
  std::uint64_t attempts = 0;      // connections tried
  std::uint64_t established = 0;   // sessions that completed Hello
  std::uint64_t failures = 0;      // attempts that ended before Hello completed
};

class FrameConnector {
 public:
  // `tls` (a client context: TLS 1.3, our certificate, CA and pin check) must outlive the
  // connector. `io` is the executor the connection runs on (the connector makes a strand of
  // it); `workers` runs the handler for requests the peer sends on this connection.
  FrameConnector(FrameConnectorOptions options, boost::asio::ssl::context& tls,
                 RequestHandler handler, boost::asio::any_io_executor io,
                 boost::asio::any_io_executor workers, SessionEvents events = {});
  ~FrameConnector();
  FrameConnector(const FrameConnector&) = delete;
  FrameConnector& operator=(const FrameConnector&) = delete;

  // Starts connecting (asynchronously). kBadConfig, and nothing started, when the host is
  // empty, the port 0, or the session options cannot work (CheckSessionOptions). Call once.
  Result<void> Start();
  // Stops retrying and closes the current session gracefully (its in-flight requests may
  // finish within the session's close_timeout), then returns. Idempotent.
  void Stop();

  // The established session, or null while (re)connecting. A session may close at any time;
  // requests on a closed session fail with kUnavailable.
  std::shared_ptr<FrameSession> Session() const;
  FrameConnectorStats Stats() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ncirt::common::net
