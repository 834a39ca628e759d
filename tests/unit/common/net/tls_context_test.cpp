#include "common/net/tls_context.hpp"

#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <gtest/gtest.h>

#include "support/pki.hpp"

// Real TLS handshakes over loopback (port 0), with certificates from a throwaway CA: the pin and
// version rules are only worth something if a real OpenSSL peer is refused by them.
namespace ncirt::common::net {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using ncirt::testing::CertFiles;
using ncirt::testing::Pki;

struct HandshakeOutcome {
  boost::system::error_code server;
  boost::system::error_code client;
  bool ok() const { return !server && !client; }
};

HandshakeOutcome Handshake(ssl::context& server_ctx, ssl::context& client_ctx,
                           int client_max_version = 0) {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  ssl::stream<asio::ip::tcp::socket> server(io, server_ctx);
  ssl::stream<asio::ip::tcp::socket> client(io, client_ctx);
  if (client_max_version != 0) SSL_set_max_proto_version(client.native_handle(), client_max_version);
  HandshakeOutcome out;
  acceptor.async_accept(server.next_layer(), [&](boost::system::error_code ec) {
    if (ec) { out.server = ec; return; }
    server.async_handshake(ssl::stream_base::server,
                           [&](boost::system::error_code hec) { out.server = hec; });
  });
  client.next_layer().async_connect(acceptor.local_endpoint(), [&](boost::system::error_code ec) {
    if (ec) { out.client = ec; return; }
    client.async_handshake(ssl::stream_base::client, [&](boost::system::error_code hec) {
      out.client = hec;
      // A TLS 1.3 client finishes before the server has judged its certificate: read once so
      // a server-side refusal reaches the client as an error.
      if (!hec) {
        static char byte;
        client.async_read_some(asio::buffer(&byte, 1), [&](boost::system::error_code rec,
                                                           std::size_t) {
          if (rec && rec != asio::error::eof && out.server) out.client = rec;
        });
        asio::post(io, [&] { if (!out.server) client.next_layer().close(); });
      }
    });
  });
  io.run_for(std::chrono::seconds(10));
  return out;
}

class TlsContextTest : public ::testing::Test {
 protected:
  Pki pki_;
  CertFiles server_ = pki_.Issue("cirt-a.example");
  CertFiles client_ = pki_.Issue("cirt-b.example");

  ContextPtr MutualServer(PinCheck pins) {
    auto ctx = MakeServerContext({.certificate_file = server_.certificate,
                                  .private_key_file = server_.private_key,
                                  .ca_file = pki_.CaFile(),
                                  .min_version = TlsMinVersion::kTls13,
                                  .require_peer_certificate = true,
                                  .pin_check = std::move(pins)});
    EXPECT_TRUE(ctx) << ctx.error().ToString();
    return std::move(*ctx);
  }
  ContextPtr Client(const CertFiles& cert, const std::string& ca, PinCheck pins = {}) {
    auto ctx = MakeClientContext({.certificate_file = cert.certificate,
                                  .private_key_file = cert.private_key,
                                  .ca_file = ca,
                                  .min_version = TlsMinVersion::kTls13,
                                  .pin_check = std::move(pins)});
    EXPECT_TRUE(ctx) << ctx.error().ToString();
    return std::move(*ctx);
  }
  static PinCheck Only(const std::string& pin) {
    return [pin](std::string_view seen) { return seen == pin; };
  }
};

TEST_F(TlsContextTest, PinnedPeersCompleteAMutualHandshake) {
  auto server = MutualServer(Only(client_.spki_pin));
  auto client = Client(client_, pki_.CaFile(), Only(server_.spki_pin));
  EXPECT_TRUE(Handshake(*server, *client).ok());
}

TEST_F(TlsContextTest, ValidCertificateWithUnpinnedKeyIsRefused) {
  const auto stranger = pki_.Issue("stranger.example");
  auto server = MutualServer(Only(client_.spki_pin));
  auto client = Client(stranger, pki_.CaFile());
  EXPECT_FALSE(Handshake(*server, *client).ok());
}

TEST_F(TlsContextTest, RenewedCertificateWithTheSameKeyKeepsItsPin) {
  const auto renewed = pki_.Renew(client_, "cirt-b.example");
  EXPECT_EQ(renewed.spki_pin, client_.spki_pin);
  auto server = MutualServer(Only(client_.spki_pin));
  auto client = Client(renewed, pki_.CaFile());
  EXPECT_TRUE(Handshake(*server, *client).ok());
}

TEST_F(TlsContextTest, PinFromPemFileMatchesTheCertificatesPin) {
  auto pin = SpkiSha256Base64OfPemFile(client_.certificate);
  ASSERT_TRUE(pin);
  EXPECT_EQ(*pin, client_.spki_pin);
  EXPECT_EQ(pin->size(), 44u);  // base64 of 32 bytes
}

TEST_F(TlsContextTest, CertificateFromAnotherCaIsRefusedEvenWhenPinned) {
  Pki other("rogue CA");
  const auto rogue = other.Issue("cirt-b.example");
  auto server = MutualServer([&](std::string_view) { return true; });
  auto client = Client(rogue, pki_.CaFile());
  EXPECT_FALSE(Handshake(*server, *client).ok());
}

TEST_F(TlsContextTest, ExpiredCertificateIsRefused) {
  const auto expired = pki_.Issue("old.example", std::chrono::hours(-48), std::chrono::hours(-24));
  auto server = MutualServer([](std::string_view) { return true; });
  auto client = Client(expired, pki_.CaFile());
  EXPECT_FALSE(Handshake(*server, *client).ok());
}

TEST_F(TlsContextTest, ClientWithoutCertificateIsRefusedByMutualServer) {
  auto server = MutualServer([](std::string_view) { return true; });
  auto client = MakeClientContext({.ca_file = pki_.CaFile(), .min_version = TlsMinVersion::kTls13});
  ASSERT_TRUE(client);
  EXPECT_FALSE(Handshake(*server, **client).ok());
}

TEST_F(TlsContextTest, Tls12ClientIsRefusedWhereTls13IsRequired) {
  auto server = MutualServer([](std::string_view) { return true; });
  auto client = Client(client_, pki_.CaFile());
  EXPECT_FALSE(Handshake(*server, *client, TLS1_2_VERSION).ok());
}

TEST_F(TlsContextTest, HttpsServerAcceptsTls12ClientsWithoutCertificates) {
  auto server = MakeServerContext(
      {.certificate_file = server_.certificate, .private_key_file = server_.private_key});
  ASSERT_TRUE(server) << server.error().ToString();
  auto client = MakeClientContext({.ca_file = pki_.CaFile()});
  ASSERT_TRUE(client);
  EXPECT_TRUE(Handshake(**server, **client, TLS1_2_VERSION).ok());
}

TEST_F(TlsContextTest, MissingOrMismatchedFilesAreConfigErrorsNamingTheFile) {
  auto missing = MakeServerContext(
      {.certificate_file = "/nonexistent/cert.pem", .private_key_file = "/nonexistent/key.pem"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kBadConfig);
  EXPECT_NE(missing.error().message.find("/nonexistent/cert.pem"), std::string::npos);

  auto mismatched = MakeServerContext(
      {.certificate_file = server_.certificate, .private_key_file = client_.private_key});
  ASSERT_FALSE(mismatched);
  EXPECT_NE(mismatched.error().message.find("does not match"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::common::net
