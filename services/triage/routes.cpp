#include "triage/routes.hpp"

#include <chrono>

#include "common/log/log.hpp"

namespace ncirt::triage {
namespace {

namespace http = boost::beast::http;
using common::ErrorKind;
using common::net::MakeProblem;

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t end = path.find('/', start);
    const std::size_t stop = end == std::string_view::npos ? path.size() : end;
    out.push_back(path.substr(start, stop - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool Match(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  const auto want = Segments(pattern);
  const auto got = Segments(path);
  if (want.size() != got.size()) return false;
  std::vector<std::string> values;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].starts_with('{')) {
      if (got[i].empty()) return false;
      values.emplace_back(got[i]);
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  params = std::move(values);
  return true;
}

common::Error Problem(ErrorKind kind, std::string message) {
  return common::Error{kind, std::move(message), {}};
}

}  // namespace

store::Actor RequestContext::Actor() const {
  return store::Actor{principal ? principal->name : std::string("anonymous"),
                      request.remote_address};
}

std::optional<std::string> CookieValue(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    pos = end + 1;
  }
  return std::nullopt;
}

Router::Router(std::vector<Route> routes, store::UserStore& users, TriageMetrics* metrics)
    : routes_(std::move(routes)), users_(users), metrics_(metrics) {}

common::net::HttpResponse Router::Handle(common::net::HttpRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  std::string_view route_name = "unmatched";
  common::net::HttpResponse response = Dispatch(request, route_name);
  if (metrics_) {
    metrics_->CountRequest(
        route_name, response.result_int(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return response;
}

common::net::HttpResponse Router::Dispatch(common::net::HttpRequest& request,
                                           std::string_view& route_name) {
  const std::string_view target = request.message.target();
  const std::size_t question = target.find('?');
  RequestContext context{request, target.substr(0, question),
                         question == std::string_view::npos ? std::string_view()
                                                            : target.substr(question + 1),
                         std::nullopt, std::nullopt, {}};
  bool path_known = false;
  for (const Route& route : routes_) {
    std::vector<std::string> params;
    if (!Match(route.pattern, context.path, params)) continue;
    path_known = true;
    if (route.method != request.message.method()) continue;
    route_name = route.pattern;
    context.params = std::move(params);
    if (!route.permission) return route.handler(context);
    return Authenticated(context, route);
  }
  if (path_known) {
    return MakeProblem(request, Problem(ErrorKind::kBadRequest,
                                        "this path does not take method " +
                                            std::string(request.message.method_string())));
  }
  return MakeProblem(request, Problem(ErrorKind::kNotFound,
                                      "no such resource: " + std::string(context.path)));
}

common::net::HttpResponse Router::Authenticated(RequestContext& context, const Route& route) {
  auto& request = context.request;
  const auto& fields = request.message;
  const std::string_view authorization = fields[http::field::authorization];
  common::Result<std::optional<store::Principal>> found = std::optional<store::Principal>();
  bool by_session = false;
  if (authorization.starts_with("Bearer ")) {
    found = users_.FindApiToken(auth::DigestOf(authorization.substr(7)));
  } else if (auto cookie = CookieValue(fields[http::field::cookie], kSessionCookie)) {
    found = users_.FindSession(auth::DigestOf(*cookie));
    context.session = *cookie;
    by_session = true;
  }
  if (!found) return MakeProblem(request, found.error());
  if (!*found) {
    return MakeProblem(request, Problem(ErrorKind::kUnauthenticated,
                                        "log in (POST /v1/session) or send an API token as "
                                        "'Authorization: Bearer <token>'"));
  }
  context.principal = std::move(**found);
  const auto method = fields.method();
  if (by_session && method != http::verb::get && method != http::verb::head) {
    const std::string_view csrf = fields[kCsrfHeader];
    if (csrf.empty() || !context.principal->csrf ||
        !auth::SameDigest(auth::DigestOf(csrf), *context.principal->csrf)) {
      return MakeProblem(request, Problem(ErrorKind::kForbidden,
                                          "a state-changing request with a session needs the "
                                          "session's CSRF token in X-CSRF-Token"));
    }
  }
  if (!auth::Allows(context.principal->role, *route.permission)) {
    return MakeProblem(request,
                       Problem(ErrorKind::kForbidden,
                               "role '" + std::string(auth::RoleName(context.principal->role)) +
                                   "' lacks the '" +
                                   std::string(auth::PermissionName(*route.permission)) +
                                   "' permission this request needs"));
  }
  return route.handler(context);
}

}  // namespace ncirt::triage
