#pragma once
// ncirtctl's HTTPS client: one request per call to an ncirt service (intake or triage), over
// TLS 1.2+ verified against a CA file (or the system's store) with the host name checked, with a
// timeout on connect, handshake, write and read. Failures to reach the service at all (a bad
// URL, a refused connection, a certificate that does not verify, a timeout) are errors that
// name the URL and the reason; HTTP answers of any status are returned for the caller to judge.
//
// Thread-safety: one client per thread (ncirtctl is single-threaded).

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "common/error/error.hpp"

namespace ncirt::ncirtctl {

// https://host[:port][/base], split. Only https is accepted: credentials never cross in clear.
struct ServiceUrl {
  std::string host;
  std::string port;
  // Without a trailing slash; "" for the root.
  std::string base_path;
  std::string text;
};

// kBadRequest naming the variable or flag (`what`) and the problem.
common::Result<ServiceUrl> ParseServiceUrl(std::string_view url, std::string_view what);

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;

  // The value of header `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

struct HttpCall {
  std::string method = "GET";
  // Path and query, appended to the URL's base path.
  std::string target;
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
};

class HttpsClient {
 public:
  // `ca_file` empty: the system's default trust store.
  HttpsClient(ServiceUrl url, std::string ca_file, std::chrono::milliseconds timeout);

  // kUnavailable naming the URL and what failed when no HTTP answer was received.
  common::Result<HttpAnswer> Send(const HttpCall& call) const;

  const ServiceUrl& url() const { return url_; }

 private:
  ServiceUrl url_;
  std::string ca_file_;
  std::chrono::milliseconds timeout_;
};

}  // namespace ncirt::ncirtctl
