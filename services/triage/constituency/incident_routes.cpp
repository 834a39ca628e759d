// The per-incident routes of the constituency part (docs/api-constituency.md, "Incidents"):
// constituents, related incidents, duplicate proposals and their merge, and the correlation
// settings.
#include <algorithm>

#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "intake/uuid.hpp"
#include "triage/constituency/json_forms.hpp"
#include "triage/constituency/matcher.hpp"
#include "triage/correlation/correlation_store.hpp"
#include "triage/handlers/json_io.hpp"
#include "triage/route_modules.hpp"

namespace ncirt::triage {
namespace {

namespace http = boost::beast::http;
using auth::Permission;
using common::ErrorKind;
using common::net::MakeProblem;
using handlers::JsonResponse;


RouteHandler Constituents(common::pg::Pool& pool) {
  return [&pool](RequestContext& c) {
    const std::string& id = c.params.at(0);
    if (!intake::IsUuid(id)) {
      return MakeProblem(c.request, common::Error{ErrorKind::kBadRequest,
                                                  "'" + id + "' is not an incident id (a UUID)",
                                                  "incident_id"});
    }
    auto read = common::pg::RunTransaction(pool, [&](pqxx::work& work) {
      return constituency::ReadMatches(work, id);
    });
    if (!read) return MakeProblem(c.request, read.error());
    if (!*read) {
      return MakeProblem(c.request, common::Error{ErrorKind::kNotFound,
                                                  "triage has no incident " + id, "incident_id"});
    }
    return JsonResponse(c.request, constituency::ConstituentsJson(**read));
  };
}

RouteHandler RelatedIncidents(correlation::CorrelationStore& store) {
  return [&store](RequestContext& c) {
    auto cap = constituency::QueryInt(c.query, "cap", 1, 1000);
    if (!cap) return MakeProblem(c.request, cap.error());
    auto related = store.RelatedTo(c.params.at(0), *cap);
    if (!related) return MakeProblem(c.request, related.error());
    return JsonResponse(c.request, constituency::RelatedJson(*related));
  };
}

RouteHandler Duplicates(correlation::CorrelationStore& store) {
  return [&store](RequestContext& c) {
    auto proposals = store.Duplicates(c.params.at(0));
    if (!proposals) return MakeProblem(c.request, proposals.error());
    auto settings = store.GetSettings();
    if (!settings) return MakeProblem(c.request, settings.error());
    return JsonResponse(c.request, constituency::DuplicatesJson(
                                       c.params.at(0), settings->duplicate_window_s, *proposals));
  };
}

RouteHandler MergeDuplicate(correlation::CorrelationStore& store, store::QueueStore& queue) {
  return [&store, &queue](RequestContext& c) {
    const std::string& id = c.params.at(0);
    const std::string& other = c.params.at(1);
    auto proposals = store.Duplicates(id);
    if (!proposals) return MakeProblem(c.request, proposals.error());
    const bool proposed =
        std::any_of(proposals->begin(), proposals->end(),
                    [&](const correlation::DuplicateProposal& p) {
                      return p.incident_id == other;
                    });
    if (!proposed) {
      return MakeProblem(c.request,
                         common::Error{ErrorKind::kConflict,
                                       other + " is not proposed as a duplicate of " + id +
                                           " (see GET /v1/incidents/" + id + "/duplicates)",
                                       "other"});
    }
    auto merged = queue.Merge(c.Actor(), id, other);
    if (!merged) return MakeProblem(c.request, merged.error());
    return JsonResponse(c.request, handlers::EntryJson(*merged));
  };
}

RouteHandler GetSettings(correlation::CorrelationStore& store) {
  return [&store](RequestContext& c) {
    auto settings = store.GetSettings();
    if (!settings) return MakeProblem(c.request, settings.error());
    return JsonResponse(c.request, constituency::SettingsJson(*settings));
  };
}

RouteHandler PutSettings(correlation::CorrelationStore& store) {
  return [&store](RequestContext& c) {
    auto body = handlers::ParseObject(c.request);
    if (!body) return MakeProblem(c.request, body.error());
    auto settings = constituency::ParseSettings(*body);
    if (!settings) return MakeProblem(c.request, settings.error());
    auto stored = store.SetSettings(c.Actor(), *settings);
    if (!stored) return MakeProblem(c.request, stored.error());
    return JsonResponse(c.request, constituency::SettingsJson(*stored));
  };
}

}  // namespace

void AddIncidentRoutes(std::vector<Route>& routes, correlation::CorrelationStore& correlation,
                       common::pg::Pool& pool, store::QueueStore& queue) {
  routes.push_back({http::verb::get, "/v1/incidents/{id}/constituents", Permission::kRead,
                    Constituents(pool)});
  routes.push_back({http::verb::get, "/v1/incidents/{id}/related", Permission::kRead,
                    RelatedIncidents(correlation)});
  routes.push_back({http::verb::get, "/v1/incidents/{id}/duplicates", Permission::kRead,
                    Duplicates(correlation)});
  routes.push_back({http::verb::post, "/v1/incidents/{id}/duplicates/{other}/merge",
                    Permission::kWork, MergeDuplicate(correlation, queue)});
  routes.push_back({http::verb::get, "/v1/correlation/settings", Permission::kRead,
                    GetSettings(correlation)});
  routes.push_back({http::verb::put, "/v1/correlation/settings", Permission::kLead,
                    PutSettings(correlation)});
}

}  // namespace ncirt::triage
