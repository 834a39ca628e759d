#include "triage/handlers/health.hpp"

#include <pqxx/transaction>

#include "common/metrics/text_format.hpp"
#include "common/pg/transaction.hpp"

namespace ncirt::triage::handlers {

namespace http = boost::beast::http;

common::net::HttpResponse Healthz(RequestContext& context) {
  return common::net::MakeResponse(context.request, http::status::ok, "ok\n", "text/plain");
}

RouteHandler Readyz(common::pg::Pool& pool) {
  return [&pool](RequestContext& context) {
    auto ready = common::pg::RunTransaction(
        pool, [](pqxx::work& work) { work.exec("SELECT 1 FROM triage.sla_targets LIMIT 1"); });
    if (!ready) return common::net::MakeProblem(context.request, ready.error());
    return common::net::MakeResponse(context.request, http::status::ok, "ready\n",
                                     "text/plain");
  };
}

RouteHandler Metrics(const TriageMetrics& metrics) {
  return [&metrics](RequestContext& context) {
    return common::net::MakeResponse(context.request, http::status::ok,
                                     metrics.registry().Render(),
                                     std::string(common::metrics::kTextContentType));
  };
}

}  // namespace ncirt::triage::handlers
