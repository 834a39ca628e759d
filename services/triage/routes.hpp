#pragma once
// The triage HTTP route table and the router that applies it: (method, path pattern) -> the
// Permission the route needs (auth/roles.hpp) and its handler. For every route that needs a
// permission the router authenticates the caller before the handler runs:
//
//   - `Authorization: Bearer <API token>` (scripts, ncirtctl): the token's user;
//   - otherwise the `ncirt_session` cookie (the console): the session's user, and for any
//     method other than GET and HEAD the `X-CSRF-Token` header must carry the session's CSRF
//     token (a cross-site form can send the cookie, but cannot read the token to send it back);
//
// then checks the role: 401 without valid credentials, 403 when the role lacks the permission
// or the CSRF token is missing or wrong. Patterns are literal segments and "{name}"
// placeholders matching one segment; RequestContext::params holds their values in order.
//
// Thread-safety: the table is fixed at construction; Handle() runs concurrently.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/https_server.hpp"
#include "triage/auth/roles.hpp"
#include "triage/store/user_store.hpp"
#include "triage/triage_metrics.hpp"

namespace ncirt::triage {

inline constexpr std::string_view kSessionCookie = "ncirt_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

struct RequestContext {
  common::net::HttpRequest& request;
  std::string_view path;
  std::string_view query;
  // The authenticated caller (routes with a permission only).
  std::optional<store::Principal> principal;
  // The session secret when the caller came with a session cookie.
  std::optional<std::string> session;
  std::vector<std::string> params;

  // The audit actor for this request: the principal's name and the remote address.
  store::Actor Actor() const;
};

using RouteHandler = std::function<common::net::HttpResponse(RequestContext&)>;

struct Route {
  boost::beast::http::verb method;
  std::string pattern;
  // nullopt: public (login, health).
  std::optional<auth::Permission> permission;
  RouteHandler handler;
};

class Router {
 public:
  // `users` and `metrics` (when given) must outlive the router. With `metrics`, every answer
  // is counted under its route's pattern ("unmatched" when no route matched).
  Router(std::vector<Route> routes, store::UserStore& users, TriageMetrics* metrics = nullptr);

  common::net::HttpResponse Handle(common::net::HttpRequest& request);

  const std::vector<Route>& routes() const { return routes_; }

 private:
  common::net::HttpResponse Dispatch(common::net::HttpRequest& request,
                                     std::string_view& route_name);
  common::net::HttpResponse Authenticated(RequestContext& context, const Route& route);

  const std::vector<Route> routes_;
  store::UserStore& users_;
  TriageMetrics* const metrics_;
};

// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string> CookieValue(std::string_view header, std::string_view name);

}  // namespace ncirt::triage
