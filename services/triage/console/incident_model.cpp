#include "triage/console/incident_model.hpp"

#include <stdexcept>

#include <google/protobuf/util/json_util.h>

namespace ncirt::triage::console {

namespace http = boost::beast::http;
using common::net::MakeProblem;

std::string ModelJson(v1::Incident model) {
  model.mutable_source()->clear_content();
  std::string text;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  const auto status = google::protobuf::util::MessageToJsonString(model, &text, options);
  // A message always converts; failure would be a protobuf bug, not bad input.
  if (!status.ok()) throw std::runtime_error("model to JSON: " + status.ToString());
  return text;
}

IncidentModel::IncidentModel(const RouteDeps& deps)
    : queue_(deps.queue), store_(deps.pool, intake::SecureRandomBytes) {}

common::net::HttpResponse IncidentModel::Handle(RequestContext& context) {
  auto& request = context.request;
  const std::string& id = context.params.at(0);
  // Triage's read first: the same 404 and the audited read of a restricted incident.
  auto entry = queue_.Get(context.Actor(), id);
  if (!entry) return MakeProblem(request, entry.error());
  auto stored = store_.Get(id);
  if (!stored) return MakeProblem(request, stored.error());
  common::net::HttpResponse response{http::status::ok, request.message.version()};
  response.set(http::field::content_type, "application/json");
  response.set("X-Ncirt-Version", std::to_string(stored->version));
  response.body() = ModelJson(std::move(stored->incident));
  response.prepare_payload();
  return response;
}

}  // namespace ncirt::triage::console
