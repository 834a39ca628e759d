#include "triage/handlers/users.hpp"

#include <charconv>

#include "triage/handlers/json_io.hpp"
#include "triage/handlers/work.hpp"

namespace ncirt::triage::handlers {

namespace http = boost::beast::http;
using common::net::MakeProblem;

namespace {

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }

nlohmann::json UserJson(const store::UserInfo& u) {
  return {{"name", u.name},
          {"role", auth::RoleName(u.role)},
          {"disabled", u.disabled},
          {"created_at_ms", Ms(u.created_at)}};
}

nlohmann::json TokenJson(const store::TokenInfo& t) {
  nlohmann::json j = {{"id", t.id},
                      {"user", t.user},
                      {"label", t.label},
                      {"created_at_ms", Ms(t.created_at)}};
  j["revoked_at_ms"] = t.revoked_at ? nlohmann::json(Ms(*t.revoked_at)) : nlohmann::json();
  return j;
}

common::net::HttpResponse UserAnswer(RequestContext& context,
                                     const common::Result<store::UserInfo>& user) {
  if (!user) return MakeProblem(context.request, user.error());
  return JsonResponse(context.request, UserJson(*user));
}

}  // namespace

RouteHandler ListUsers(store::UserStore& users) {
  return [&users](RequestContext& context) {
    auto list = users.ListUsers();
    if (!list) return MakeProblem(context.request, list.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : *list) out.push_back(UserJson(u));
    return JsonResponse(context.request, {{"users", out}});
  };
}

RouteHandler SetUserRole(store::UserStore& users) {
  return [&users](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    auto name = StringMember(*body, "role");
    if (!name) return MakeProblem(context.request, name.error());
    const auto role = auth::ParseRole(*name);
    if (!role) {
      return MakeProblem(context.request,
                         common::Error{common::ErrorKind::kBadRequest,
                                       "role must be analyst, lead, admin or auditor", "role"});
    }
    return UserAnswer(context, users.SetRole(context.Actor(), context.params.at(0), *role));
  };
}

RouteHandler SetUserDisabled(store::UserStore& users) {
  return [&users](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    const auto it = body->find("disabled");
    if (it == body->end() || !it->is_boolean()) {
      return MakeProblem(context.request,
                         common::Error{common::ErrorKind::kBadRequest,
                                       "member 'disabled' (true or false) is required",
                                       "disabled"});
    }
    return UserAnswer(context, users.SetDisabled(context.Actor(), context.params.at(0),
                                                 it->get<bool>()));
  };
}

RouteHandler ListTokens(store::UserStore& users) {
  return [&users](RequestContext& context) {
    auto list = users.ListTokens(QueryValue(context.query, "user").value_or(""));
    if (!list) return MakeProblem(context.request, list.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : *list) out.push_back(TokenJson(t));
    return JsonResponse(context.request, {{"tokens", out}});
  };
}

RouteHandler RevokeToken(store::UserStore& users) {
  return [&users](RequestContext& context) {
    const std::string& text = context.params.at(0);
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
      return MakeProblem(context.request,
                         common::Error{common::ErrorKind::kBadRequest,
                                       "'" + text + "' is not a token id (a positive integer "
                                       "from GET /v1/tokens)", "id"});
    }
    auto revoked = users.RevokeToken(context.Actor(), id);
    if (!revoked) return MakeProblem(context.request, revoked.error());
    return JsonResponse(context.request, TokenJson(*revoked));
  };
}

RouteHandler Me() {
  return [](RequestContext& context) {
    const store::Principal& me = *context.principal;
    nlohmann::json permissions = nlohmann::json::array();
    for (auth::Permission p : {auth::Permission::kRead, auth::Permission::kWork,
                               auth::Permission::kLead, auth::Permission::kAdmin,
                               auth::Permission::kAudit}) {
      if (auth::Allows(me.role, p)) permissions.push_back(auth::PermissionName(p));
    }
    nlohmann::json body = {{"name", me.name},
                           {"role", auth::RoleName(me.role)},
                           {"permissions", permissions},
                           {"via", context.session ? "session" : "token"}};
    body["session_expires_at_ms"] =
        me.session_expires ? nlohmann::json(Ms(*me.session_expires)) : nlohmann::json();
    return JsonResponse(context.request, body);
  };
}

}  // namespace ncirt::triage::handlers
