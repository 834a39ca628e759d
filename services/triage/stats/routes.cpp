// The statistics and annual-report routes (issue 10; docs/api-statistics.md):
//   GET /v1/statistics?from=&to=[&tlp=][&top=][&format=json|csv]   JSON or CSV
//   GET /v1/reports/annual?year=[&tlp=][&top=]                    printable HTML
// Both need the read permission; the TLP ceiling follows the caller's role (visibility.hpp).
#include <memory>

#include "common/net/https_server.hpp"
#include "triage/route_modules.hpp"
#include "triage/stats/annual_report.hpp"
#include "triage/stats/export.hpp"
#include "triage/stats/request.hpp"
#include "triage/stats/stats_store.hpp"

namespace ncirt::triage {
namespace {

namespace http = boost::beast::http;
using common::net::HttpResponse;
using common::net::MakeProblem;
using common::net::MakeResponse;

// The figures a request asks for, or the error to answer with.
common::Result<stats::Statistics> Figures(stats::StatsStore& store, const RequestContext& context,
                                          const stats::StatsRequest& request) {
  auto ceiling = stats::RequestCeiling(context.principal->role, request.tlp);
  if (!ceiling) return std::unexpected(ceiling.error());
  // Folding deltas first keeps the next reads short; it changes no figure.
  if (auto compacted = store.Compact(); !compacted) return std::unexpected(compacted.error());
  return store.Load(request.period, *ceiling, request.top);
}

RouteHandler Statistics(std::shared_ptr<stats::StatsStore> store) {
  return [store](RequestContext& context) -> HttpResponse {
    auto& request = context.request;
    auto parsed = stats::ParseStatisticsQuery(context.query, request.message[http::field::accept]);
    if (!parsed) return MakeProblem(request, parsed.error());
    auto figures = Figures(*store, context, *parsed);
    if (!figures) return MakeProblem(request, figures.error());
    if (!parsed->csv) {
      return MakeResponse(request, http::status::ok, stats::StatisticsJson(*figures).dump(),
                          "application/json");
    }
    HttpResponse response = MakeResponse(request, http::status::ok,
                                         stats::StatisticsCsv(*figures),
                                         "text/csv; charset=utf-8");
    response.set(http::field::content_disposition,
                 "attachment; filename=\"ncirt-statistics-" +
                     stats::FormatDate(figures->period.from) + "-" +
                     stats::FormatDate(figures->period.to) + ".csv\"");
    return response;
  };
}

RouteHandler AnnualReport(std::shared_ptr<stats::StatsStore> store, const Clock& clock) {
  return [store, &clock](RequestContext& context) -> HttpResponse {
    auto& request = context.request;
    auto parsed = stats::ParseAnnualQuery(context.query);
    if (!parsed) return MakeProblem(request, parsed.error());
    auto figures = Figures(*store, context, *parsed);
    if (!figures) return MakeProblem(request, figures.error());
    HttpResponse response =
        MakeResponse(request, http::status::ok,
                     stats::AnnualReportHtml(*figures, clock.Now(), context.principal->name),
                     "text/html; charset=utf-8");
    for (const auto& [name, value] : stats::ReportHeaders()) response.set(name, value);
    return response;
  };
}

}  // namespace

std::vector<Route> StatisticsRoutes(const RouteDeps& deps) {
  auto store = std::make_shared<stats::StatsStore>(deps.pool);
  std::vector<Route> routes;
  routes.push_back(
      {http::verb::get, "/v1/statistics", auth::Permission::kRead, Statistics(store)});
  routes.push_back({http::verb::get, "/v1/reports/annual", auth::Permission::kRead,
                    AnnualReport(store, deps.clock)});
  return routes;
}

}  // namespace ncirt::triage
