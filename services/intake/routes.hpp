#pragma once
// The route table: (method, path pattern) -> handler, with the scope each route needs.
//
// The Router is the HttpsServer's handler. For each request it strips the query, finds the
// route (404 when no pattern matches the path, 405 with Allow when only the method differs),
// authenticates the bearer token when the route names a scope (401, or 403 without the scope),
// calls the route's handler, and counts the request (route, status, time) in IntakeMetrics.
// Patterns are literal segments and "{name}" placeholders matching one non-empty segment;
// RequestContext::params holds the placeholders' values in order.
//
// Handlers know no socket and no SQL (STYLE.md convention 2).
//
// Thread-safety: the table is fixed at construction; Handle() runs concurrently on the
// server's worker threads (handlers must be thread-safe).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/https_server.hpp"
#include "intake/authenticator.hpp"
#include "intake/intake_metrics.hpp"
#include "intake/token.hpp"

namespace ncirt::intake {

struct RequestContext {
  common::net::HttpRequest& request;
  // The target's path and query (after '?'), as sent (not percent-decoded).
  std::string_view path;
  std::string_view query;
  // The caller, for routes that need a scope.
  std::optional<Principal> principal;
  // Values of the pattern's placeholders, in order.
  std::vector<std::string> params;
};

using RouteHandler = std::function<common::net::HttpResponse(RequestContext&)>;

struct Route {
  boost::beast::http::verb method;
  std::string pattern;
  // nullopt: no token needed (health, readiness, metrics).
  std::optional<Scope> scope;
  RouteHandler handler;
};

class Router {
 public:
  // `authenticator` and `metrics` must outlive the router.
  Router(std::vector<Route> routes, Authenticator& authenticator, IntakeMetrics& metrics);

  common::net::HttpResponse Handle(common::net::HttpRequest& request);

 private:
  struct Match {
    const Route* route = nullptr;
    std::vector<std::string> params;
    std::string allowed;  // methods of routes matching the path, for 405
  };
  Match Find(boost::beast::http::verb method, std::string_view path) const;
  common::net::HttpResponse Dispatch(RequestContext& context, const Match& match);

  const std::vector<Route> routes_;
  Authenticator& authenticator_;
  IntakeMetrics& metrics_;
};

// The metric label of a route: "POST /v1/incidents".
std::string RouteName(const Route& route);

// Splits "a=1&b=2" and returns the value of `name` (not percent-decoded), if present.
std::optional<std::string_view> QueryParameter(std::string_view query, std::string_view name);

}  // namespace ncirt::intake
