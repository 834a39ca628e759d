#pragma once
// The response shapes every intake handler uses: JSON bodies and RFC 9457 problem documents
// (common/net's MakeProblem, with a status override for the few answers the ErrorKind table
// does not give, such as 406 Not Acceptable and 405 Method Not Allowed).
//
// Thread-safety: pure functions.

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "common/net/https_server.hpp"

namespace ncirt::intake::handlers {

namespace http = boost::beast::http;
using common::net::HttpRequest;
using common::net::HttpResponse;

HttpResponse JsonResponse(const HttpRequest& request, http::status status,
                          const nlohmann::json& body);

// The problem document for `error`; `status` replaces the kind's usual status when not 0.
// 401 answers carry WWW-Authenticate: Bearer (RFC 6750).
HttpResponse Problem(const HttpRequest& request, const common::Error& error,
                     const nlohmann::json& extra = nlohmann::json::object(), int status = 0);

// The problem document as JSON, as Problem() sends it (what quarantine keeps).
nlohmann::json ProblemJson(const HttpResponse& response);

}  // namespace ncirt::intake::handlers
