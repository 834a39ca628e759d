#pragma once
// A small synchronous HTTPS client for tests: one keep-alive TLS connection to 127.0.0.1:port,
// verifying the server against a test CA. Real TLS and real HTTP, as a sensor or ncirtctl
// would speak it.
//
// Thread-safety: one client per thread.

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/beast/http.hpp>

namespace ncirt::testing {

struct HttpReply {
  int status = 0;
  std::string body;
  boost::beast::http::fields headers;
  // Set when the exchange failed at the transport level (refused, reset, TLS error, timeout).
  std::string transport_error;
};

class HttpsClient {
 public:
  HttpsClient(std::string ca_file, unsigned short port, std::string host = "127.0.0.1");
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Sends a request on the kept-alive connection (connecting first if needed).
  HttpReply Request(boost::beast::http::verb method, const std::string& target,
                    const std::string& body = {}, const std::string& content_type = {},
                    const std::vector<std::pair<std::string, std::string>>& headers = {});
  HttpReply Get(const std::string& target,
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return Request(boost::beast::http::verb::get, target, {}, {}, headers);
  }

  void SetTimeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
  // Drops the connection; the next request reconnects.
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::chrono::milliseconds timeout_{10'000};
};

}  // namespace ncirt::testing
