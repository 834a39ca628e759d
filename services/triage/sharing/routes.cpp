// The routes that share incidents with partner CIRTs and manage the partner registry
// (docs/api-exchange.md). Each handler decodes the request, calls SharingStore, and maps the
// result to a response; the store and the exchange library hold the logic.
#include "triage/route_modules.hpp"

#include <memory>

#include "triage/handlers/json_io.hpp"
#include "triage/sharing/decision_json.hpp"
#include "triage/sharing/partner_json.hpp"
#include "triage/sharing/sharing_store.hpp"
#include "triage/sharing/status_query_json.hpp"
#include "triage/sharing/status_query_store.hpp"

namespace ncirt::triage {

namespace http = boost::beast::http;
using auth::Permission;
using common::net::MakeProblem;
using handlers::JsonResponse;
using handlers::ParseObject;

namespace {

constexpr std::size_t kMaxReason = 1000;

// A validated partner from the body, or the response that says why not.
common::Result<exchange::Partner> PartnerFromRequest(RequestContext& context,
                                                     const std::optional<std::string>& name) {
  auto body = ParseObject(context.request);
  if (!body) return std::unexpected(body.error());
  auto partner = sharing::PartnerFromJson(*body, name);
  if (!partner) return partner;
  return exchange::ValidatePartner(std::move(*partner));
}

RouteHandler ListPartners(sharing::SharingStore& store) {
  return [&store](RequestContext& context) {
    auto partners = store.ListPartners();
    if (!partners) return MakeProblem(context.request, partners.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : *partners) list.push_back(sharing::PartnerJson(p));
    return JsonResponse(context.request, {{"partners", list}});
  };
}

RouteHandler GetPartner(sharing::SharingStore& store) {
  return [&store](RequestContext& context) {
    auto partner = store.GetPartner(context.params.at(0));
    if (!partner) return MakeProblem(context.request, partner.error());
    return JsonResponse(context.request, sharing::PartnerJson(*partner));
  };
}

RouteHandler CreatePartner(sharing::SharingStore& store) {
  return [&store](RequestContext& context) {
    auto partner = PartnerFromRequest(context, std::nullopt);
    if (!partner) return MakeProblem(context.request, partner.error());
    auto created = store.CreatePartner(context.Actor(), *partner);
    if (!created) return MakeProblem(context.request, created.error());
    auto response =
        JsonResponse(context.request, sharing::PartnerJson(*created), http::status::created);
    response.set(http::field::location, "/v1/partners/" + created->name);
    return response;
  };
}

RouteHandler UpdatePartner(sharing::SharingStore& store) {
  return [&store](RequestContext& context) {
    auto partner = PartnerFromRequest(context, context.params.at(0));
    if (!partner) return MakeProblem(context.request, partner.error());
    auto updated = store.UpdatePartner(context.Actor(), *partner);
    if (!updated) return MakeProblem(context.request, updated.error());
    return JsonResponse(context.request, sharing::PartnerJson(*updated));
  };
}

RouteHandler DisablePartner(sharing::SharingStore& store) {
  return [&store](RequestContext& context) {
    auto disabled = store.DisablePartner(context.Actor(), context.params.at(0));
    if (!disabled) return MakeProblem(context.request, disabled.error());
    return JsonResponse(context.request, sharing::PartnerJson(*disabled));
  };
}

// POST .../share and .../share/preview: `preview` forces a dry run.
RouteHandler ShareIncident(sharing::SharingStore& store, bool preview) {
  return [&store, preview](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    auto names = sharing::PartnerNames(*body);
    if (!names) return MakeProblem(context.request, names.error());
    bool dry_run = preview;
    if (const auto it = body->find("dry_run"); it != body->end()) {
      if (!it->is_boolean()) {
        return MakeProblem(context.request, {common::ErrorKind::kBadRequest,
                                             "dry_run: must be true or false", "dry_run"});
      }
      dry_run = dry_run || it->get<bool>();
    }
    auto outcome = store.Share(context.Actor(), context.params.at(0), *names, dry_run);
    if (!outcome) return MakeProblem(context.request, outcome.error());
    return JsonResponse(context.request,
                        dry_run ? sharing::PreviewJson(*outcome) : sharing::SharedJson(*outcome));
  };
}

RouteHandler WithdrawIncident(sharing::SharingStore& store) {
  return [&store](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    auto reason = handlers::StringMember(*body, "reason");
    if (!reason) return MakeProblem(context.request, reason.error());
    if (reason->empty() || reason->size() > kMaxReason) {
      return MakeProblem(context.request,
                         {common::ErrorKind::kBadRequest,
                          "reason: must be 1 to " + std::to_string(kMaxReason) + " characters",
                          "reason"});
    }
    auto withdrawn = store.Withdraw(context.Actor(), context.params.at(0), *reason);
    if (!withdrawn) return MakeProblem(context.request, withdrawn.error());
    return JsonResponse(context.request, {{"incident_id", withdrawn->incident_id},
                                          {"version", withdrawn->version},
                                          {"partners", withdrawn->partners}});
  };
}

RouteHandler SharingHistory(sharing::SharingStore& store) {
  return [&store](RequestContext& context) {
    auto view = store.History(context.params.at(0));
    if (!view) return MakeProblem(context.request, view.error());
    return JsonResponse(context.request, sharing::SharingViewJson(*view));
  };
}

// POST /v1/incidents/{id}/shares/{partner}/status-query: 202, the exchange asks it.
RouteHandler AskStatus(sharing::StatusQueryStore& store) {
  return [&store](RequestContext& context) {
    auto asked = store.Ask(context.Actor(), context.params.at(0), context.params.at(1));
    if (!asked) return MakeProblem(context.request, asked.error());
    auto response = JsonResponse(context.request, sharing::StatusQuestionJson(*asked),
                                 http::status::accepted);
    response.set(http::field::location, "/v1/incidents/" + asked->incident_id +
                                            "/status-queries/" + std::to_string(asked->id));
    return response;
  };
}

RouteHandler ListStatusQuestions(sharing::StatusQueryStore& store) {
  return [&store](RequestContext& context) {
    auto questions = store.List(context.params.at(0));
    if (!questions) return MakeProblem(context.request, questions.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& q : *questions) list.push_back(sharing::StatusQuestionJson(q));
    return JsonResponse(context.request,
                        {{"incident_id", context.params.at(0)}, {"status_queries", list}});
  };
}

RouteHandler GetStatusQuestion(sharing::StatusQueryStore& store) {
  return [&store](RequestContext& context) {
    auto id = sharing::QuestionIdFromPath(context.params.at(1));
    if (!id) return MakeProblem(context.request, id.error());
    auto question = store.Get(context.params.at(0), *id);
    if (!question) return MakeProblem(context.request, question.error());
    return JsonResponse(context.request, sharing::StatusQuestionJson(*question));
  };
}

}  // namespace

std::vector<Route> SharingRoutes(const RouteDeps& deps) {
  // The routes' handlers share one store for the life of the process (App keeps the routes).
  auto store = std::make_shared<sharing::SharingStore>(deps.pool, deps.clock);
  sharing::SharingStore& s = *store;
  auto questions = std::make_shared<sharing::StatusQueryStore>(deps.pool, deps.clock);
  sharing::StatusQueryStore& q = *questions;
  std::vector<Route> routes = {
      {http::verb::get, "/v1/partners", Permission::kRead, ListPartners(s)},
      {http::verb::get, "/v1/partners/{name}", Permission::kRead, GetPartner(s)},
      {http::verb::post, "/v1/partners", Permission::kAdmin, CreatePartner(s)},
      {http::verb::put, "/v1/partners/{name}", Permission::kAdmin, UpdatePartner(s)},
      {http::verb::delete_, "/v1/partners/{name}", Permission::kAdmin, DisablePartner(s)},
      {http::verb::post, "/v1/incidents/{id}/share/preview", Permission::kWork,
       ShareIncident(s, true)},
      {http::verb::post, "/v1/incidents/{id}/share", Permission::kWork, ShareIncident(s, false)},
      {http::verb::post, "/v1/incidents/{id}/share/withdraw", Permission::kWork,
       WithdrawIncident(s)},
      {http::verb::get, "/v1/incidents/{id}/sharing", Permission::kRead, SharingHistory(s)},
      {http::verb::post, "/v1/incidents/{id}/shares/{partner}/status-query", Permission::kWork,
       AskStatus(q)},
      {http::verb::get, "/v1/incidents/{id}/status-queries", Permission::kRead,
       ListStatusQuestions(q)},
      {http::verb::get, "/v1/incidents/{id}/status-queries/{question}", Permission::kRead,
       GetStatusQuestion(q)},
  };
  // Each handler holds a share of the stores, so they live exactly as long as the routes.
  for (Route& route : routes) {
    route.handler = [store, questions,
                     inner = std::move(route.handler)](RequestContext& context) {
      return inner(context);
    };
  }
  return routes;
}

}  // namespace ncirt::triage
