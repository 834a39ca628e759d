// The web console (issue 7): its static files, compiled into the binary, and the route that
// files a new incident from its form. docs/console.md describes both.
#include <memory>

#include "ConsoleFiles.hpp"
#include "triage/console/file_incident.hpp"
#include "triage/console/incident_model.hpp"
#include "triage/console/static_files.hpp"
#include "triage/route_modules.hpp"

namespace ncirt::triage {
namespace {

namespace http = boost::beast::http;

// GET and HEAD routes for one embedded file at `path`.
void AddFileRoutes(std::vector<Route>& routes, const std::string& path, std::string_view type,
                   std::string_view bytes) {
  for (const auto method : {http::verb::get, http::verb::head}) {
    routes.push_back(Route{method, path, std::nullopt, [type, bytes](RequestContext& context) {
                             return console::FileResponse(context.request, type, bytes);
                           }});
  }
}

void AddRedirect(std::vector<Route>& routes, const std::string& path) {
  routes.push_back(Route{http::verb::get, path, std::nullopt, [](RequestContext& context) {
                           return console::RedirectResponse(context.request, "/console/");
                         }});
}

}  // namespace

std::vector<Route> ConsoleRoutes(const RouteDeps& deps) {
  std::vector<Route> routes;
  // The files are public: the app itself holds no data; every API call it makes is checked.
  for (const EmbeddedFile& file : console::ConsoleFiles()) {
    const auto type = console::MediaTypeFor(file.path);
    if (!type) continue;
    AddFileRoutes(routes, "/console/" + std::string(file.path), *type, file.bytes);
    if (file.path == "index.html") AddFileRoutes(routes, "/console/", *type, file.bytes);
  }
  AddRedirect(routes, "/");
  AddRedirect(routes, "/console");
  auto filer = std::make_shared<console::FileIncident>(deps);
  routes.push_back(Route{http::verb::post, "/v1/incidents", auth::Permission::kWork,
                         [filer](RequestContext& context) { return filer->Handle(context); }});
  auto model = std::make_shared<console::IncidentModel>(deps);
  routes.push_back(Route{http::verb::get, "/v1/incidents/{id}/model", auth::Permission::kRead,
                         [model](RequestContext& context) { return model->Handle(context); }});
  return routes;
}

}  // namespace ncirt::triage
