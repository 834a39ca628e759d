#include "intake/handlers/get_incident.hpp"

#include "common/log/log.hpp"
#include "intake/handlers/responses.hpp"
#include "intake/media_type.hpp"
#include "intake/uuid.hpp"
#include "iodef/codec.hpp"
#include "iodef/marking.hpp"

namespace ncirt::intake::handlers {

HttpResponse GetIncident::operator()(RequestContext& context) const {
  const auto& request = context.request;
  const Principal& principal = *context.principal;
  const std::string& id = context.params.at(0);
  const common::Error not_found{common::ErrorKind::kNotFound, "no incident with id " + id, {}};
  if (!IsUuid(id)) return Problem(request, not_found);

  const auto type = NegotiateResponseType(request.message[http::field::accept]);
  if (!type) return Problem(request, type.error(), nlohmann::json::object(), 406);

  auto stored = incidents_->Get(CanonicalUuid(id));
  if (!stored) {
    return Problem(request, stored.error().kind == common::ErrorKind::kNotFound ? not_found
                                                                                 : stored.error());
  }
  if (stored->submitter != principal.submitter && !principal.scopes.Has(Scope::kAdmin)) {
    return Problem(request, not_found);
  }
  const std::vector<v1::Incident> incidents{stored->incident};
  auto rendered = type->type == DocumentType::kJson ? iodef::RenderJson(incidents)
                                                     : iodef::RenderXml(incidents);
  if (!rendered) {
    // A stored incident always has what rendering needs; this is a broken invariant.
    common::log::Error("render_failed", {{"incident", id}, {"error", rendered.error().message}});
    return Problem(request, rendered.error(), nlohmann::json::object(), 500);
  }
  HttpResponse response = common::net::MakeResponse(
      request, http::status::ok, std::move(rendered->document), type->media_type);
  response.set("X-Ncirt-Version", std::to_string(stored->version));
  response.set("X-Ncirt-Tlp", iodef::TlpName(stored->incident.tlp()));
  if (!rendered->omitted.empty()) {
    // What IODEF v2 cannot carry validly is left out of the rendering (it stays in the stored
    // original); say how much, so a consumer knows the rendering is not the whole story.
    response.set("X-Ncirt-Omitted", std::to_string(rendered->omitted.size()));
  }
  return response;
}

}  // namespace ncirt::intake::handlers
