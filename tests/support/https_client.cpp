#include "support/https_client.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>

namespace ncirt::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct HttpsClient::Impl {
  std::string host;
  unsigned short port;
  asio::io_context io;
  asio::ssl::context tls{asio::ssl::context::tls_client};
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream;

  void Connect(std::chrono::milliseconds timeout) {
    stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io, tls);
    // SNI, as every real client sends it.
    SSL_ctrl(stream->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>("localhost"));
    beast::get_lowest_layer(*stream).expires_after(timeout);
    beast::get_lowest_layer(*stream).connect(
        asio::ip::tcp::endpoint(asio::ip::make_address(host), port));
    stream->handshake(asio::ssl::stream_base::client);
  }
};

HttpsClient::HttpsClient(std::string ca_file, unsigned short port, std::string host)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->tls.load_verify_file(ca_file);
  impl_->tls.set_verify_mode(asio::ssl::verify_peer);
}

HttpsClient::~HttpsClient() = default;

void HttpsClient::Close() { impl_->stream.reset(); }

HttpReply HttpsClient::Request(http::verb method, const std::string& target,
                               const std::string& body, const std::string& content_type,
                               const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpReply reply;
  try {
    if (!impl_->stream) impl_->Connect(timeout_);
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "localhost");
    req.keep_alive(true);
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    beast::get_lowest_layer(*impl_->stream).expires_after(timeout_);
    http::write(*impl_->stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);
    http::read(*impl_->stream, buffer, parser);
    auto res = parser.release();
    reply.status = res.result_int();
    reply.body = res.body();
    reply.headers = res.base();
    if (!res.keep_alive()) Close();
  } catch (const std::exception& e) {
    reply.transport_error = e.what();
    Close();
  }
  return reply;
}

}  // namespace ncirt::testing
