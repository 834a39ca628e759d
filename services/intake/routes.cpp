#include "intake/routes.hpp"

#include <chrono>

#include "common/log/log.hpp"
#include "intake/handlers/responses.hpp"

namespace ncirt::intake {
namespace {

namespace http = boost::beast::http;

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    const std::size_t end = std::min(path.find('/', pos), path.size());
    segments.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return segments;
}

// Matches `path` against `pattern`; fills `params` with placeholder values.
bool Matches(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  if (path.empty() || path.front() != '/') return false;
  // "/v1/incidents/" is not "/v1/incidents": trailing slashes are not folded, so each resource
  // has one name.
  if (path.size() > 1 && path.back() == '/') return false;
  const auto want = Segments(pattern);
  const auto got = Segments(path);
  if (want.size() != got.size()) return false;
  std::vector<std::string> values;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].starts_with('{') && want[i].ends_with('}')) {
      values.emplace_back(got[i]);
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  params = std::move(values);
  return true;
}

}  // namespace

std::string RouteName(const Route& route) {
  return std::string(http::to_string(route.method)) + " " + route.pattern;
}

std::optional<std::string_view> QueryParameter(std::string_view query, std::string_view name) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    const std::size_t end = std::min(query.find('&', pos), query.size());
    const std::string_view pair = query.substr(pos, end - pos);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    }
    pos = end + 1;
  }
  return std::nullopt;
}

Router::Router(std::vector<Route> routes, Authenticator& authenticator, IntakeMetrics& metrics)
    : routes_(std::move(routes)), authenticator_(authenticator), metrics_(metrics) {}

Router::Match Router::Find(http::verb method, std::string_view path) const {
  Match match;
  for (const Route& route : routes_) {
    std::vector<std::string> params;
    if (!Matches(route.pattern, path, params)) continue;
    if (route.method == method) {
      match.route = &route;
      match.params = std::move(params);
      return match;
    }
    if (!match.allowed.empty()) match.allowed += ", ";
    match.allowed += std::string(http::to_string(route.method));
  }
  return match;
}

common::net::HttpResponse Router::Dispatch(RequestContext& context, const Match& match) {
  const Route& route = *match.route;
  if (route.scope) {
    const std::string_view authorization = context.request.message[http::field::authorization];
    auto principal = authenticator_.Authenticate(authorization);
    if (principal) {
      if (auto allowed = RequireScope(*principal, *route.scope); !allowed) {
        principal = std::unexpected(std::move(allowed.error()));
      }
    }
    if (!principal) {
      if (*route.scope == Scope::kSubmit) {
        metrics_.CountRejection(common::KindName(principal.error().kind));
      }
      return handlers::Problem(context.request, principal.error());
    }
    context.principal = std::move(*principal);
  }
  context.params = match.params;
  return route.handler(context);
}

common::net::HttpResponse Router::Handle(common::net::HttpRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  const std::string_view target = request.message.target();
  const std::size_t question = target.find('?');
  RequestContext context{request, target.substr(0, question),
                         question == std::string_view::npos ? std::string_view()
                                                            : target.substr(question + 1),
                         std::nullopt, {}};
  const Match match = Find(request.message.method(), context.path);
  std::string route_name = "unmatched";
  common::net::HttpResponse response;
  if (match.route != nullptr) {
    route_name = RouteName(*match.route);
    try {
      response = Dispatch(context, match);
    } catch (...) {
      // Counted, then left to the server, which logs it and answers 503 (an exception is the
      // unexpected: a lost database connection, a bug).
      metrics_.CountRequest(route_name, 503,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                          started).count());
      throw;
    }
  } else if (!match.allowed.empty()) {
    response = handlers::Problem(
        request,
        common::Error{common::ErrorKind::kBadRequest,
                      "method " + std::string(request.message.method_string()) +
                          " is not allowed here; allowed: " + match.allowed,
                      {}},
        nlohmann::json::object(), 405);
    response.set(http::field::allow, match.allowed);
  } else {
    response = handlers::Problem(
        request, common::Error{common::ErrorKind::kNotFound,
                               "no resource at " + std::string(context.path), {}});
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.CountRequest(route_name, response.result_int(), seconds);
  if (response.result_int() >= 500) {
    common::log::Warn("request_failed", {{"route", route_name},
                                         {"status", response.result_int()}});
  }
  return response;
}

}  // namespace ncirt::intake
