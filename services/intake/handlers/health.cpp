#include "intake/handlers/health.hpp"

#include "intake/handlers/responses.hpp"

namespace ncirt::intake::handlers {

HttpResponse Healthz(RequestContext& context) {
  return JsonResponse(context.request, http::status::ok, {{"status", "ok"}});
}

HttpResponse Readyz::operator()(RequestContext& context) const {
  if (auto ready = health_->Ready(); !ready) {
    HttpResponse response = Problem(context.request, ready.error());
    response.set(http::field::retry_after, "5");
    return response;
  }
  return JsonResponse(context.request, http::status::ok, {{"status", "ready"}});
}

}  // namespace ncirt::intake::handlers
