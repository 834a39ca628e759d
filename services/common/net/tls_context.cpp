#include "common/net/tls_context.hpp"

#include <cstdio>
#include <memory>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

namespace ncirt::common::net {
namespace {

namespace ssl = boost::asio::ssl;

std::string OpenSslReason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown reason";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

Result<void> Configure(ssl::context& ctx, const TlsConfig& config, bool server) {
  SSL_CTX* native = ctx.native_handle();
  // Below TLS 1.2 nothing is acceptable any more; the exchange link wants 1.3's shorter, always
  // forward-secret handshake and no legacy cipher suites at all.
  const int min = config.min_version == TlsMinVersion::kTls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
  SSL_CTX_set_min_proto_version(native, min);
  // For 1.2, only AEAD suites with forward secrecy; 1.3 suites are all strong by design.
  SSL_CTX_set_cipher_list(native,
                          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256");
  // Compression enables CRIME-style attacks; renegotiation is not needed by any peer of ours.
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                  SSL_OP_CIPHER_SERVER_PREFERENCE);

  if (!config.certificate_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(native, config.certificate_file.c_str()) != 1) {
      return Fail(ErrorKind::kBadConfig, "cannot load certificate chain from " +
                                             config.certificate_file + ": " + OpenSslReason());
    }
    if (SSL_CTX_use_PrivateKey_file(native, config.private_key_file.c_str(), SSL_FILETYPE_PEM) !=
        1) {
      if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) {
        ERR_clear_error();
        return Fail(ErrorKind::kBadConfig, "private key " + config.private_key_file +
                                               " does not match certificate " +
                                               config.certificate_file);
      }
      return Fail(ErrorKind::kBadConfig, "cannot load private key from " +
                                             config.private_key_file + ": " + OpenSslReason());
    }
    if (SSL_CTX_check_private_key(native) != 1) {
      return Fail(ErrorKind::kBadConfig, "private key " + config.private_key_file +
                                             " does not match certificate " +
                                             config.certificate_file);
    }
  } else if (server) {
    return Fail(ErrorKind::kBadConfig, "a TLS server needs a certificate and a private key");
  }

  const bool verify_peer = !server || config.require_peer_certificate;
  if (!verify_peer) {
    ctx.set_verify_mode(ssl::verify_none);
    return {};
  }
  if (config.ca_file.empty()) {
    return Fail(ErrorKind::kBadConfig, "verifying the peer needs a CA file");
  }
  if (SSL_CTX_load_verify_locations(native, config.ca_file.c_str(), nullptr) != 1) {
    return Fail(ErrorKind::kBadConfig,
                "cannot load CA bundle from " + config.ca_file + ": " + OpenSslReason());
  }
  // verify_fail_if_no_peer_cert: a server that asks must not silently accept "no certificate".
  ctx.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  if (config.pin_check) {
    ctx.set_verify_callback([check = config.pin_check](bool preverified,
                                                       ssl::verify_context& vctx) {
      X509_STORE_CTX* store = vctx.native_handle();
      // The CA chain must hold first; the pin is checked on the leaf only, on top of it.
      if (!preverified || X509_STORE_CTX_get_error_depth(store) != 0) return preverified;
      X509* leaf = X509_STORE_CTX_get_current_cert(store);
      if (leaf != nullptr && check(SpkiSha256Base64(leaf))) return true;
      X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
      return false;
    });
  }
  return {};
}

Result<ContextPtr> Make(const TlsConfig& config, bool server) {
  auto ctx = std::make_unique<ssl::context>(server ? ssl::context::tls_server
                                                   : ssl::context::tls_client);
  if (auto configured = Configure(*ctx, config, server); !configured) {
    return std::unexpected(configured.error());
  }
  return ctx;
}

}  // namespace

Result<ContextPtr> MakeServerContext(const TlsConfig& config) { return Make(config, true); }
Result<ContextPtr> MakeClientContext(const TlsConfig& config) { return Make(config, false); }

std::string SpkiSha256Base64(X509* certificate) {
  unsigned char* der = nullptr;
  const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate), &der);
  if (len <= 0) return {};
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  const bool hashed = EVP_Digest(der, static_cast<std::size_t>(len), digest, &digest_len,
                                 EVP_sha256(), nullptr) == 1;
  OPENSSL_free(der);
  if (!hashed) return {};
  std::string out(4 * ((digest_len + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), digest,
                                      static_cast<int>(digest_len));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

Result<std::string> SpkiSha256Base64OfPemFile(const std::string& path) {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "rb"),
                                                          &std::fclose);
  if (!file) return Fail(ErrorKind::kBadConfig, "cannot open certificate file " + path);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_X509(file.get(), nullptr, nullptr, nullptr), &X509_free);
  if (!cert) {
    return Fail(ErrorKind::kBadConfig, path + " holds no PEM certificate: " + OpenSslReason());
  }
  return SpkiSha256Base64(cert.get());
}

}  // namespace ncirt::common::net
