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

// The figures a request asks for, or the error to answer with. Restricted named items and
// refusals are audited (restricted_reads.hpp).
common::Result<stats::Statistics> Figures(stats::StatsStore& store, const RequestContext& context,
                                          const stats::StatsRequest& request,
                                          const char* report, const Clock& clock) {
  const stats::ReadAudit audit{context.Actor(), report, clock.Now()};
  const auth::Role role = context.principal->role;
  auto ceiling = stats::RequestCeiling(role, request.tlp);
  if (!ceiling) {
    if (ceiling.error().kind == common::ErrorKind::kForbidden) {
      // RequestCeiling refuses only a well-formed marking, so it parses.
      const stats::Tlp asked =
          stats::ParseTlp(request.tlp.value_or("")).value_or(stats::Tlp::kRed);
      if (auto recorded = store.AuditRefused(audit, request.period, asked,
                                             stats::RoleCeiling(role));
          !recorded) {
        return std::unexpected(recorded.error());
      }
    }
    return std::unexpected(ceiling.error());
  }
  // Folding deltas first keeps the next reads short; it changes no figure.
  if (auto compacted = store.Compact(); !compacted) return std::unexpected(compacted.error());
  return store.Load(request.period, *ceiling, request.top, &audit);
}

RouteHandler Statistics(std::shared_ptr<stats::StatsStore> store, const Clock& clock) {
  return [store, &clock](RequestContext& context) -> HttpResponse {
    auto& request = context.request;
    auto parsed = stats::ParseStatisticsQuery(context.query, request.message[http::field::accept]);
    if (!parsed) return MakeProblem(request, parsed.error());
    auto figures = Figures(*store, context, *parsed, "statistics", clock);
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
    auto figures = Figures(*store, context, *parsed, "annual-report", clock);
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
      {http::verb::get, "/v1/statistics", auth::Permission::kRead, Statistics(store, deps.clock)});
  routes.push_back({http::verb::get, "/v1/reports/annual", auth::Permission::kRead,
                    AnnualReport(store, deps.clock)});
  return routes;
}

}  // namespace ncirt::triage
