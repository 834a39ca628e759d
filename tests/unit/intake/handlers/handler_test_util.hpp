#pragma once
// Building requests and contexts for handler unit tests.

#include <string>

#include "intake/handlers/responses.hpp"
#include "intake/routes.hpp"

namespace ncirt::intake::handlers::testing {

inline Principal MakePrincipal(const std::string& submitter, Scopes scopes) {
  Principal p;
  p.submitter = submitter;
  p.scopes = scopes;
  return p;
}

// A GET request for `target` with an optional Accept header.
inline common::net::HttpRequest GetRequest(const std::string& target,
                                           const std::string& accept = {}) {
  common::net::HttpRequest request;
  request.message = {boost::beast::http::verb::get, target, 11};
  if (!accept.empty()) request.message.set(boost::beast::http::field::accept, accept);
  request.request_id = "test-request";
  return request;
}

}  // namespace ncirt::intake::handlers::testing
