#pragma once
// Builds the TLS contexts every ncirt listener and connector uses, in one place, from config.
//
// Two shapes:
// - HTTPS for people and scripts (intake, triage): TLS 1.2 or 1.3, server certificate only.
// - The exchange link between CIRTs and the internal RPC between services: TLS 1.3 only, mutual
//   authentication, the peer's certificate validated against our CA bundle AND its public key
//   checked against a set of pins.
//
// A pin is the SHA-256 of the certificate's DER SubjectPublicKeyInfo, base64-encoded, so a
// renewed certificate with the same key keeps its pin. docs/operations.md gives the command:
//   openssl x509 -in cert.pem -noout -pubkey | openssl pkey -pubin -outform der |
//     openssl dgst -sha256 -binary | base64
//
// Thread-safety: building is done once at start-up. The returned context is shared by all
// sessions (OpenSSL's SSL_CTX is safe for that once configured). The pin check is called from
// handshakes on any thread and must be thread-safe itself.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/ssl/context.hpp>
#include <openssl/x509.h>

#include "common/error/error.hpp"

namespace ncirt::common::net {

enum class TlsMinVersion { kTls12, kTls13 };

// Answers whether a peer key (its pin) is allowed; see the header comment for the pin format.
using PinCheck = std::function<bool(std::string_view spki_sha256_base64)>;

struct TlsConfig {
  // PEM files: our certificate chain and private key.
  std::string certificate_file;
  std::string private_key_file;
  // PEM bundle of CAs we accept the peer's certificate from. Required for mutual TLS and for
  // clients; ignored by a server that does not ask for client certificates.
  std::string ca_file;
  TlsMinVersion min_version = TlsMinVersion::kTls12;
  // Server side: demand a client certificate and fail the handshake without one.
  bool require_peer_certificate = false;
  // When set, the peer's leaf certificate must also pass this check (after CA validation).
  PinCheck pin_check;
};

using ContextPtr = std::unique_ptr<boost::asio::ssl::context>;

// Fails with kBadConfig naming the file and OpenSSL's reason when a file is missing, unreadable,
// or the key does not match the certificate.
Result<ContextPtr> MakeServerContext(const TlsConfig& config);
Result<ContextPtr> MakeClientContext(const TlsConfig& config);

// The pin of a certificate; empty if the key cannot be encoded (never for a parsed cert).
std::string SpkiSha256Base64(X509* certificate);

// The pin of the first certificate in a PEM file.
Result<std::string> SpkiSha256Base64OfPemFile(const std::string& path);

}  // namespace ncirt::common::net
