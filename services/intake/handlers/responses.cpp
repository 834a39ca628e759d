#include "intake/handlers/responses.hpp"

namespace ncirt::intake::handlers {

HttpResponse JsonResponse(const HttpRequest& request, http::status status,
                          const nlohmann::json& body) {
  return common::net::MakeResponse(
      request, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
      "application/json");
}

HttpResponse Problem(const HttpRequest& request, const common::Error& error,
                     const nlohmann::json& extra, int status) {
  nlohmann::json members = extra;
  if (status != 0) {
    members["status"] = status;
    members["title"] = std::string(http::obsolete_reason(static_cast<http::status>(status)));
  }
  HttpResponse response = common::net::MakeProblem(request, error, members);
  if (status != 0) response.result(static_cast<http::status>(status));
  if (response.result() == http::status::unauthorized) {
    response.set(http::field::www_authenticate, "Bearer realm=\"ncirt-intake\"");
  }
  return response;
}

nlohmann::json ProblemJson(const HttpResponse& response) {
  return nlohmann::json::parse(response.body(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace ncirt::intake::handlers
