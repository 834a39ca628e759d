#include "ncirtctl/https_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <openssl/ssl.h>

namespace ncirt::ncirtctl {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using common::ErrorKind;

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

common::Result<ServiceUrl> ParseServiceUrl(std::string_view url, std::string_view what) {
  const auto bad = [&](const std::string& why) {
    return common::Fail(ErrorKind::kBadRequest,
                        std::string(what) + " '" + std::string(url) + "' " + why,
                        std::string(what));
  };
  constexpr std::string_view kScheme = "https://";
  if (url.empty()) return bad("is not set");
  if (!url.starts_with(kScheme)) return bad("must start with https://");
  std::string_view rest = url.substr(kScheme.size());
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  while (path.ends_with('/')) path.remove_suffix(1);
  ServiceUrl out;
  out.text = std::string(url);
  out.base_path = std::string(path);
  std::string_view host = authority;
  std::string_view port = "443";
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("has an unclosed '[' in its host");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return bad("has text after its IPv6 address");
      port = authority.substr(close + 2);
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return bad("has no host");
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string_view::npos || std::stoi(std::string(port)) == 0 ||
      std::stoi(std::string(port)) > 65535) {
    return bad("has no valid port (1-65535)");
  }
  out.host = std::string(host);
  out.port = std::string(port);
  return out;
}

std::string HttpAnswer::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (SameName(key, name)) return value;
  }
  return {};
}

HttpsClient::HttpsClient(ServiceUrl url, std::string ca_file, std::chrono::milliseconds timeout)
    : url_(std::move(url)), ca_file_(std::move(ca_file)), timeout_(timeout) {}

common::Result<HttpAnswer> HttpsClient::Send(const HttpCall& call) const {
  const auto failed = [&](const std::string& step, const beast::error_code& ec) {
    return common::Fail(ErrorKind::kUnavailable,
                        "cannot reach " + url_.text + ": " + step + " failed: " + ec.message(),
                        url_.text);
  };
  asio::io_context io;
  ssl::context tls(ssl::context::tls_client);
  tls.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                  ssl::context::no_tlsv1_1);
  beast::error_code ec;
  if (ca_file_.empty()) {
    tls.set_default_verify_paths(ec);
  } else {
    tls.load_verify_file(ca_file_, ec);
  }
  if (ec) {
    return common::Fail(ErrorKind::kBadRequest,
                        "cannot load the CA file '" + ca_file_ + "': " + ec.message(),
                        "NCIRT_CA_FILE");
  }
  tls.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  // The certificate must name the host the URL names (an IP address or a DNS name).
  stream.set_verify_callback(ssl::host_name_verification(url_.host));
  // SSL_set_tlsext_host_name() spelled out: the macro's C cast trips -Wold-style-cast.
  if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(url_.host.c_str())) != 1) {
    return common::Fail(ErrorKind::kBadRequest, "cannot use '" + url_.host + "' as a TLS name",
                        url_.text);
  }
  asio::ip::tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(url_.host, url_.port, ec);
  if (ec) return failed("resolving " + url_.host, ec);
  beast::get_lowest_layer(stream).expires_after(timeout_);
  beast::get_lowest_layer(stream).connect(endpoints, ec);
  if (ec) return failed("connecting", ec);
  beast::get_lowest_layer(stream).expires_after(timeout_);
  stream.handshake(ssl::stream_base::client, ec);
  if (ec) return failed("the TLS handshake (is NCIRT_CA_FILE the CA that signed it?)", ec);

  http::request<http::string_body> request{http::string_to_verb(call.method),
                                           url_.base_path + call.target, 11};
  request.set(http::field::host, url_.host);
  request.set(http::field::user_agent, "ncirtctl");
  request.set(http::field::accept, "application/json");
  if (!call.content_type.empty()) request.set(http::field::content_type, call.content_type);
  for (const auto& [name, value] : call.headers) request.set(name, value);
  request.body() = call.body;
  request.prepare_payload();
  beast::get_lowest_layer(stream).expires_after(timeout_);
  http::write(stream, request, ec);
  if (ec) return failed("sending the request", ec);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  beast::get_lowest_layer(stream).expires_after(timeout_);
  http::read(stream, buffer, parser, ec);
  if (ec) return failed("reading the answer", ec);
  const auto& response = parser.get();
  HttpAnswer answer;
  answer.status = static_cast<int>(response.result_int());
  answer.body = response.body();
  for (const auto& field : response) {
    answer.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  answer.content_type = answer.Header("Content-Type");
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
  stream.shutdown(ec);  // The answer is complete; a peer that skips close_notify changes nothing.
  return answer;
}

}  // namespace ncirt::ncirtctl
