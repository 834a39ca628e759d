#include "flood_client.hpp"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

namespace ncirt::hardening {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct FloodConnection::Impl {
  asio::io_context io;
  asio::ssl::context tls{asio::ssl::context::tls_client};
  std::optional<asio::ssl::stream<tcp::socket>> stream;
  bool connected = false;
  bool handshaken = false;
  bool closed = false;

  // Runs the io_context until `done` or `timeout`; on timeout the socket's operations are
  // cancelled and the call reports false.
  bool RunFor(bool& done, std::chrono::milliseconds timeout) {
    io.restart();
    io.run_for(timeout);
    if (!done) {
      boost::system::error_code ignored;
      stream->next_layer().cancel(ignored);
      io.restart();
      io.run_for(std::chrono::milliseconds(200));
    }
    return done;
  }
};

FloodConnection::FloodConnection(const std::string& source, std::uint16_t port,
                                 const std::string& ca_file, bool tls,
                                 std::chrono::milliseconds timeout,
                                 const testing::CertFiles* client_cert)
    : impl_(std::make_unique<Impl>()) {
  auto& d = *impl_;
  d.tls.load_verify_file(ca_file);
  d.tls.set_verify_mode(asio::ssl::verify_peer);
  if (client_cert) {
    d.tls.use_certificate_chain_file(client_cert->certificate.string());
    d.tls.use_private_key_file(client_cert->private_key.string(), asio::ssl::context::pem);
    SSL_CTX_set_min_proto_version(d.tls.native_handle(), TLS1_3_VERSION);
  }
  d.stream.emplace(d.io, d.tls);
  auto& socket = d.stream->next_layer();
  boost::system::error_code ec;
  socket.open(tcp::v4(), ec);
  if (ec) return;
  socket.bind({asio::ip::make_address(source), 0}, ec);
  if (ec) return;
  bool done = false;
  socket.async_connect({asio::ip::make_address("127.0.0.1"), port},
                       [&](boost::system::error_code e) {
                         done = true;
                         d.connected = !e;
                       });
  if (!d.RunFor(done, timeout) || !d.connected || !tls) return;
  // SSL_set_tlsext_host_name() spelled out: the macro's C cast trips -Wold-style-cast.
  SSL_ctrl(d.stream->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
           const_cast<char*>("localhost"));
  done = false;
  d.stream->async_handshake(asio::ssl::stream_base::client, [&](boost::system::error_code e) {
    done = true;
    d.handshaken = !e;
    d.closed = e && e != asio::error::operation_aborted;
  });
  d.RunFor(done, timeout);
}

FloodConnection::~FloodConnection() {
  boost::system::error_code ignored;
  if (impl_->stream) impl_->stream->next_layer().close(ignored);
}

bool FloodConnection::connected() const { return impl_->connected; }
bool FloodConnection::handshaken() const { return impl_->handshaken; }
bool FloodConnection::closed() const { return impl_->closed; }

bool FloodConnection::Send(const std::string& bytes) {
  auto& d = *impl_;
  if (!d.connected || d.closed) return false;
  bool done = false;
  bool ok = false;
  auto on_write = [&](boost::system::error_code e, std::size_t) {
    done = true;
    ok = !e;
    if (e && e != asio::error::operation_aborted) d.closed = true;
  };
  if (d.handshaken) {
    asio::async_write(*d.stream, asio::buffer(bytes), on_write);
  } else {
    asio::async_write(d.stream->next_layer(), asio::buffer(bytes), on_write);
  }
  d.RunFor(done, std::chrono::seconds(5));
  return ok;
}

std::string FloodConnection::Receive(std::chrono::milliseconds timeout) {
  auto& d = *impl_;
  if (!d.connected || d.closed) return {};
  std::string received;
  char buffer[8192];
  bool done = false;
  auto on_read = [&](boost::system::error_code e, std::size_t n) {
    done = true;
    received.assign(buffer, n);
    if (e && e != asio::error::operation_aborted) d.closed = true;
  };
  if (d.handshaken) {
    d.stream->async_read_some(asio::buffer(buffer), on_read);
  } else {
    d.stream->next_layer().async_read_some(asio::buffer(buffer), on_read);
  }
  d.RunFor(done, timeout);
  return received;
}

bool FloodConnection::WaitClosedByServer(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed() && std::chrono::steady_clock::now() < deadline) {
    Receive(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()));
  }
  return closed();
}

int StatusOf(const std::string& text) {
  // "HTTP/1.1 413 Payload Too Large"
  if (text.rfind("HTTP/1.", 0) != 0 || text.size() < 12) return 0;
  return std::atoi(text.substr(9, 3).c_str());
}

long ResidentKib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      std::istringstream in(line.substr(6));
      long kib = -1;
      in >> kib;
      return kib;
    }
  }
  return -1;
}

}  // namespace ncirt::hardening
