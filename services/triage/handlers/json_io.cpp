#include "triage/handlers/json_io.hpp"

namespace ncirt::triage::handlers {

common::Result<nlohmann::json> ParseObject(const common::net::HttpRequest& request) {
  nlohmann::json body = nlohmann::json::parse(request.message.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "the request body must be a JSON object", "body");
  }
  return body;
}

common::Result<std::string> StringMember(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        std::string("member '") + name + "' (a string) is required", name);
  }
  return it->get<std::string>();
}

nlohmann::json EntryJson(const store::QueueEntry& e) {
  const auto ms = [](TimePoint t) { return t.time_since_epoch().count(); };
  nlohmann::json j = {
      {"incident_id", e.incident_id},
      {"state", StateName(e.state)},
      {"priority", e.EffectivePriority()},
      {"computed_priority", e.priority},
      {"score", e.score},
      {"tlp", e.tlp},
      {"submitter", e.submitter},
      {"intake_version", e.intake_version},
      {"sla_elapsed_ms", e.sla.elapsed.count()},
      {"sla_running", e.sla.running_since.has_value()},
      {"triage_due_at_ms", ms(e.triage_due_at)},
      {"created_at_ms", ms(e.created_at)},
      {"updated_at_ms", ms(e.updated_at)},
  };
  j["severity_override"] =
      e.severity_override ? nlohmann::json(*e.severity_override) : nlohmann::json(nullptr);
  j["assignee"] = e.assignee ? nlohmann::json(*e.assignee) : nlohmann::json(nullptr);
  j["category"] = e.category ? nlohmann::json(*e.category) : nlohmann::json(nullptr);
  j["merged_into"] = e.merged_into ? nlohmann::json(*e.merged_into) : nlohmann::json(nullptr);
  return j;
}

common::net::HttpResponse JsonResponse(const common::net::HttpRequest& request,
                                       const nlohmann::json& body,
                                       boost::beast::http::status status) {
  return common::net::MakeResponse(request, status, body.dump(), "application/json");
}

}  // namespace ncirt::triage::handlers
