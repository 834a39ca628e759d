// The constituency registry and correlation routes (docs/api-constituency.md): organisations
// and their facts, CSV import, lookup, an incident's constituents, related incidents,
// duplicate proposals and their merge, and the correlation settings. Handlers decode, call a
// store, encode; the stores own the SQL.
#include <charconv>
#include <memory>

#include "triage/constituency/json_forms.hpp"
#include "triage/constituency/registry_store.hpp"
#include "triage/correlation/correlation_store.hpp"
#include "triage/handlers/json_io.hpp"
#include "triage/handlers/work.hpp"
#include "triage/route_modules.hpp"

namespace ncirt::triage {
namespace {

namespace http = boost::beast::http;
using auth::Permission;
using common::ErrorKind;
using common::net::HttpResponse;
using common::net::MakeProblem;
using constituency::RegistryStore;
using correlation::CorrelationStore;
using handlers::JsonResponse;
using handlers::ParseObject;

struct Stores {
  RegistryStore registry;
  CorrelationStore correlation;
  store::QueueStore& queue;
};

HttpResponse Problem(RequestContext& c, const common::Error& e) {
  return MakeProblem(c.request, e);
}

common::Result<std::int64_t> FactId(const std::string& text) {
  std::int64_t id = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) {
    return common::Fail(ErrorKind::kBadRequest, "'" + text + "' is not a fact id", "id");
  }
  return id;
}

common::Result<constituency::FactKind> Collection(const std::string& segment) {
  if (auto kind = constituency::ParseFactCollection(segment)) return *kind;
  return common::Fail(ErrorKind::kNotFound,
                      "'" + segment + "' is not ranges, asns, domains or contacts", "path");
}

RouteHandler ListOrganisations(Stores& s) {
  return [&s](RequestContext& c) {
    auto at = constituency::QueryTime(c.query, "at_ms");
    if (!at) return Problem(c, at.error());
    auto limit = constituency::QueryInt(c.query, "limit", 1, 1000);
    if (!limit) return Problem(c, limit.error());
    auto page = s.registry.List(*at, handlers::QueryValue(c.query, "after").value_or(""),
                                limit->value_or(100));
    if (!page) return Problem(c, page.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& o : page->organisations) {
      list.push_back(constituency::VersionJson(o.handle, o.version));
    }
    return JsonResponse(c.request, {{"organisations", list},
                                    {"next_after", page->next_after
                                                       ? nlohmann::json(*page->next_after)
                                                       : nlohmann::json(nullptr)}});
  };
}

RouteHandler CreateOrganisation(Stores& s) {
  return [&s](RequestContext& c) {
    auto body = ParseObject(c.request);
    if (!body) return Problem(c, body.error());
    auto input = constituency::ParseNewOrganisation(*body);
    if (!input) return Problem(c, input.error());
    auto created = s.registry.Create(c.Actor(), *input);
    if (!created) return Problem(c, created.error());
    return JsonResponse(c.request, constituency::OrganisationJson(*created, false),
                        http::status::created);
  };
}

RouteHandler GetOrganisation(Stores& s) {
  return [&s](RequestContext& c) {
    auto at = constituency::QueryTime(c.query, "at_ms");
    if (!at) return Problem(c, at.error());
    const bool history = handlers::QueryValue(c.query, "history").value_or("") == "true";
    auto o = s.registry.Get(c.params.at(0), *at, history);
    if (!o) return Problem(c, o.error());
    return JsonResponse(c.request, constituency::OrganisationJson(*o, history));
  };
}

RouteHandler UpdateOrganisation(Stores& s) {
  return [&s](RequestContext& c) {
    auto body = ParseObject(c.request);
    if (!body) return Problem(c, body.error());
    auto attributes = constituency::ParseAttributes(*body);
    if (!attributes) return Problem(c, attributes.error());
    auto from = constituency::ParseValidFrom(*body);
    if (!from) return Problem(c, from.error());
    auto o = s.registry.Update(c.Actor(), c.params.at(0), *attributes, *from);
    if (!o) return Problem(c, o.error());
    return JsonResponse(c.request, constituency::OrganisationJson(*o, false));
  };
}

RouteHandler RemoveOrganisation(Stores& s) {
  return [&s](RequestContext& c) {
    auto closed = s.registry.Remove(c.Actor(), c.params.at(0));
    if (!closed) return Problem(c, closed.error());
    return JsonResponse(c.request, {{"handle", c.params.at(0)}, {"closed_facts", *closed}});
  };
}

RouteHandler AddFact(Stores& s) {
  return [&s](RequestContext& c) {
    auto kind = Collection(c.params.at(1));
    if (!kind) return Problem(c, kind.error());
    auto body = ParseObject(c.request);
    if (!body) return Problem(c, body.error());
    auto fact = constituency::ParseFact(*kind, *body);
    if (!fact) return Problem(c, fact.error());
    auto from = constituency::ParseValidFrom(*body);
    if (!from) return Problem(c, from.error());
    const auto transfer = body->find("transfer");
    const bool is_transfer = transfer != body->end() && transfer->is_boolean() &&
                             transfer->get<bool>();
    auto added = s.registry.AddFact(c.Actor(), c.params.at(0), *fact, *from, is_transfer);
    if (!added) return Problem(c, added.error());
    return JsonResponse(c.request, constituency::FactJson(*added), http::status::created);
  };
}

RouteHandler CloseFact(Stores& s) {
  return [&s](RequestContext& c) {
    auto kind = Collection(c.params.at(1));
    if (!kind) return Problem(c, kind.error());
    auto id = FactId(c.params.at(2));
    if (!id) return Problem(c, id.error());
    auto closed = s.registry.CloseFact(c.Actor(), c.params.at(0), *kind, *id);
    if (!closed) return Problem(c, closed.error());
    return JsonResponse(c.request, constituency::FactJson(*closed));
  };
}

RouteHandler Import(Stores& s) {
  return [&s](RequestContext& c) {
    const bool dry_run = handlers::QueryValue(c.query, "dry_run").value_or("") == "true";
    const auto plan = constituency::PlanImport(c.request.message.body());
    auto report = s.registry.Import(c.Actor(), plan, dry_run);
    if (!report) return Problem(c, report.error());
    if (!report->errors.empty()) {
      return MakeProblem(c.request,
                         common::Error{ErrorKind::kBadRequest,
                                       std::to_string(report->errors.size()) +
                                           " problem(s) in the file; nothing was imported",
                                       "body"},
                         {{"errors", constituency::ImportErrorsJson(report->errors)},
                          {"rows", report->rows}});
    }
    return JsonResponse(c.request, constituency::ImportJson(*report));
  };
}

RouteHandler Lookup(Stores& s) {
  return [&s](RequestContext& c) {
    const auto value = handlers::QueryValue(c.query, "value");
    if (!value || value->empty()) {
      return Problem(c, common::Error{ErrorKind::kBadRequest,
                                      "query parameter 'value' (an address, network, AS number "
                                      "or domain) is required", "value"});
    }
    auto at = constituency::QueryTime(c.query, "at_ms");
    if (!at) return Problem(c, at.error());
    auto matches = s.registry.Lookup(*value, *at);
    if (!matches) return Problem(c, matches.error());
    return JsonResponse(c.request, constituency::LookupJson(*value, *matches));
  };
}

}  // namespace

// Defined in incident_routes.cpp.
void AddIncidentRoutes(std::vector<Route>& routes, correlation::CorrelationStore& correlation,
                       common::pg::Pool& pool, store::QueueStore& queue);

std::vector<Route> ConstituencyRoutes(const RouteDeps& deps) {
  // The stores live as long as the routes that share them.
  auto stores = std::make_shared<Stores>(Stores{RegistryStore(deps.pool, deps.clock),
                                                CorrelationStore(deps.pool, deps.clock),
                                                deps.queue});
  Stores& s = *stores;
  const auto keep = [stores](RouteHandler handler) {
    return RouteHandler([stores, handler = std::move(handler)](RequestContext& c) {
      return handler(c);
    });
  };
  const std::string base = "/v1/constituency/organisations";
  std::vector<Route> routes;
  routes.push_back({http::verb::get, base, Permission::kRead, keep(ListOrganisations(s))});
  routes.push_back({http::verb::post, base, Permission::kLead, keep(CreateOrganisation(s))});
  routes.push_back({http::verb::get, base + "/{handle}", Permission::kRead,
                    keep(GetOrganisation(s))});
  routes.push_back({http::verb::put, base + "/{handle}", Permission::kLead,
                    keep(UpdateOrganisation(s))});
  routes.push_back({http::verb::delete_, base + "/{handle}", Permission::kLead,
                    keep(RemoveOrganisation(s))});
  routes.push_back({http::verb::post, base + "/{handle}/{facts}", Permission::kLead,
                    keep(AddFact(s))});
  routes.push_back({http::verb::delete_, base + "/{handle}/{facts}/{id}", Permission::kLead,
                    keep(CloseFact(s))});
  routes.push_back({http::verb::post, "/v1/constituency/import", Permission::kLead,
                    keep(Import(s))});
  routes.push_back({http::verb::get, "/v1/constituency/lookup", Permission::kRead,
                    keep(Lookup(s))});
  std::vector<Route> incident_routes;
  AddIncidentRoutes(incident_routes, s.correlation, deps.pool, deps.queue);
  for (auto& r : incident_routes) {
    r.handler = keep(std::move(r.handler));
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace ncirt::triage
