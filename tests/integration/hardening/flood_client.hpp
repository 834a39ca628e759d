#pragma once
// Hostile clients for the hardening tests: TLS connections opened FROM a chosen loopback address
// (127.0.0.2, 127.0.0.3, ...: Linux routes all of 127/8 to lo), so a flood comes from one peer
// while the well-behaved client speaks from 127.0.0.1, as a sensor behind another address would.
//
// Each call is synchronous with a deadline; nothing here asserts, the tests judge the outcome.
//
// Thread-safety: one FloodConnection per thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "support/pki.hpp"

namespace ncirt::hardening {

class FloodConnection {
 public:
  // Connects from `source` to 127.0.0.1:`port` and completes the TLS handshake (verifying the
  // server against `ca_file`) unless `tls` is false. Check connected() / handshaken().
  // With `client_cert`, the connection presents that certificate (a partner on a mutual-TLS
  // port) and insists on TLS 1.3.
  FloodConnection(const std::string& source, std::uint16_t port, const std::string& ca_file,
                  bool tls, std::chrono::milliseconds timeout,
                  const testing::CertFiles* client_cert = nullptr);
  ~FloodConnection();
  FloodConnection(const FloodConnection&) = delete;
  FloodConnection& operator=(const FloodConnection&) = delete;

  bool connected() const;
  bool handshaken() const;
  // Writes `bytes` (over TLS when handshaken). False when the server has closed the connection.
  bool Send(const std::string& bytes);
  // Reads what arrives within `timeout`; "" when nothing came. Sets closed() on EOF or reset.
  std::string Receive(std::chrono::milliseconds timeout);
  // True once the server was seen closing (a failed Send or Receive, or a TLS close_notify).
  bool closed() const;
  // Waits up to `timeout` for the server to close; true if it did.
  bool WaitClosedByServer(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The HTTP status of the first response line in `text`, or 0.
int StatusOf(const std::string& text);

// Resident memory of process `pid` in KiB (VmRSS), or -1.
long ResidentKib(int pid);

}  // namespace ncirt::hardening
