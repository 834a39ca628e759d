#include "triage/handlers/admin.hpp"

#include "triage/auth/secret.hpp"
#include "triage/handlers/json_io.hpp"

namespace ncirt::triage::handlers {

namespace http = boost::beast::http;
using common::net::MakeProblem;

namespace {

common::Result<int> PriorityParam(const RequestContext& context) {
  const std::string& text = context.params.at(0);
  if (text.size() != 1 || text[0] < '1' || text[0] > '4') {
    return common::Fail(common::ErrorKind::kNotFound,
                        "no SLA targets for priority '" + text + "'; priorities are 1 to 4",
                        "priority");
  }
  return text[0] - '0';
}

}  // namespace

RouteHandler GetSlaTargets(store::QueueStore& queue) {
  return [&queue](RequestContext& context) {
    auto priority = PriorityParam(context);
    if (!priority) return MakeProblem(context.request, priority.error());
    auto targets = queue.GetSlaTargets(*priority);
    if (!targets) return MakeProblem(context.request, targets.error());
    return JsonResponse(context.request,
                        {{"priority", *priority},
                         {"time_to_triage_s", targets->time_to_triage.count()},
                         {"time_to_resolve_s", targets->time_to_resolve.count()}});
  };
}

RouteHandler PutSlaTargets(store::QueueStore& queue) {
  return [&queue](RequestContext& context) {
    auto priority = PriorityParam(context);
    if (!priority) return MakeProblem(context.request, priority.error());
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    const auto triage = body->find("time_to_triage_s");
    const auto resolve = body->find("time_to_resolve_s");
    if (triage == body->end() || resolve == body->end() || !triage->is_number_integer() ||
        !resolve->is_number_integer()) {
      return MakeProblem(context.request,
                         common::Error{common::ErrorKind::kBadRequest,
                                       "time_to_triage_s and time_to_resolve_s (integers, "
                                       "seconds) are required",
                                       "body"});
    }
    const SlaTargets targets{std::chrono::seconds{triage->get<std::int64_t>()},
                             std::chrono::seconds{resolve->get<std::int64_t>()}};
    if (auto set = queue.SetSlaTargets(context.Actor(), *priority, targets); !set) {
      return MakeProblem(context.request, set.error());
    }
    return JsonResponse(context.request, {{"priority", *priority},
                                          {"time_to_triage_s", targets.time_to_triage.count()},
                                          {"time_to_resolve_s", targets.time_to_resolve.count()}});
  };
}

RouteHandler CreateUser(store::UserStore& users, auth::PasswordCost cost) {
  return [&users, cost](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    auto name = StringMember(*body, "name");
    if (!name) return MakeProblem(context.request, name.error());
    auto role_name = StringMember(*body, "role");
    if (!role_name) return MakeProblem(context.request, role_name.error());
    auto password = StringMember(*body, "password");
    if (!password) return MakeProblem(context.request, password.error());
    const auto role = auth::ParseRole(*role_name);
    if (!role) {
      return MakeProblem(context.request,
                         common::Error{common::ErrorKind::kBadRequest,
                                       "role must be analyst, lead, admin or auditor", "role"});
    }
    auto hash = auth::HashPassword(*password, cost);
    if (!hash) return MakeProblem(context.request, hash.error());
    if (auto created = users.CreateUser(context.Actor(), *name, *role, *hash); !created) {
      return MakeProblem(context.request, created.error());
    }
    return JsonResponse(context.request, {{"name", *name}, {"role", *role_name}},
                        http::status::created);
  };
}

RouteHandler CreateToken(store::UserStore& users) {
  return [&users](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    auto user = StringMember(*body, "user");
    if (!user) return MakeProblem(context.request, user.error());
    auto label = StringMember(*body, "label");
    if (!label) return MakeProblem(context.request, label.error());
    const std::string token = auth::NewSecret();
    if (auto created = users.CreateApiToken(context.Actor(), *user, *label,
                                            auth::DigestOf(token));
        !created) {
      return MakeProblem(context.request, created.error());
    }
    return JsonResponse(context.request, {{"user", *user}, {"label", *label}, {"token", token}},
                        http::status::created);
  };
}

RouteHandler VerifyAudit(store::QueueStore& queue) {
  return [&queue](RequestContext& context) {
    auto summary = queue.VerifyAudit();
    if (!summary) return MakeProblem(context.request, summary.error());
    return JsonResponse(context.request, {{"intact", true},
                                          {"rows", summary->rows},
                                          {"last_seq", summary->last_seq},
                                          {"last_hash", ToHex(summary->last_hash)}});
  };
}

}  // namespace ncirt::triage::handlers
