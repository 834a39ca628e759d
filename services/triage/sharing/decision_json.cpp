#include "triage/sharing/decision_json.hpp"

#include <algorithm>

#include "exchange/policy/refusal.hpp"

namespace ncirt::triage::sharing {
namespace {

common::Error Bad(std::string why) {
  return common::Error{common::ErrorKind::kBadRequest, "partners: " + std::move(why),
                       "partners"};
}

nlohmann::json RemovedJson(const std::vector<exchange::policy::Removal>& removed) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : removed) out.push_back({{"path", r.path}, {"reason", r.reason}});
  return out;
}

// One partner's entry; `sent` and `refused` name the decision in the answer's vocabulary.
nlohmann::json DecisionJson(const exchange::outbox::PartnerDecision& d, const char* sent,
                            const char* refused) {
  if (!d.decision) {
    return {{"partner", d.partner_name},
            {"decision", refused},
            {"reason", std::string(exchange::policy::ReasonName(d.decision.error().reason))},
            {"message", d.decision.error().message}};
  }
  return {{"partner", d.partner_name},
          {"decision", sent},
          {"removed", RemovedJson(d.decision->removed)},
          {"original_document", !d.decision->original_document.empty()},
          {"original_note", d.decision->original_note}};
}

}  // namespace

common::Result<std::vector<std::string>> PartnerNames(const nlohmann::json& body) {
  const auto it = body.find("partners");
  if (it == body.end() || !it->is_array()) {
    return std::unexpected(Bad("is required: an array of partner names"));
  }
  if (it->empty()) return std::unexpected(Bad("names no partner"));
  if (it->size() > kMaxPartnersPerShare) {
    return std::unexpected(
        Bad("names more than " + std::to_string(kMaxPartnersPerShare) + " partners"));
  }
  std::vector<std::string> out;
  for (const nlohmann::json& item : *it) {
    if (!item.is_string()) return std::unexpected(Bad("must hold strings only"));
    std::string name = item.get<std::string>();
    if (std::ranges::find(out, name) != out.end()) {
      return std::unexpected(Bad("names '" + name + "' twice"));
    }
    out.push_back(std::move(name));
  }
  return out;
}

nlohmann::json PreviewJson(const ShareOutcome& outcome) {
  nlohmann::json partners = nlohmann::json::array();
  for (const auto& d : outcome.decisions) partners.push_back(DecisionJson(d, "send", "refuse"));
  return {{"incident_id", outcome.incident_id}, {"tlp", outcome.tlp}, {"partners", partners}};
}

nlohmann::json SharedJson(const ShareOutcome& outcome) {
  nlohmann::json partners = nlohmann::json::array();
  for (const auto& d : outcome.decisions) {
    nlohmann::json entry = DecisionJson(d, "queued", "refused");
    if (d.decision) {
      entry["share_id"] = exchange::outbox::ShareIdFor(outcome.incident_id, outcome.version);
    }
    partners.push_back(std::move(entry));
  }
  return {{"incident_id", outcome.incident_id},
          {"version", outcome.version},
          {"queued", outcome.queued},
          {"refused", outcome.refused},
          {"partners", partners}};
}

nlohmann::json SharingViewJson(const SharingView& view) {
  nlohmann::json partners = nlohmann::json::array();
  for (const PartnerSummary& s : view.partners) {
    nlohmann::json entry = {{"partner", s.partner},
                            {"latest_version", s.latest_version},
                            {"state", s.state},
                            {"withdrawn", s.withdrawn}};
    if (!s.reason.empty()) entry["reason"] = s.reason;
    if (!s.receiver_incident_id.empty()) entry["receiver_incident_id"] = s.receiver_incident_id;
    if (s.state == "pending") {
      entry["attempts"] = s.attempts;
      entry["last_error"] = s.last_error;
    }
    partners.push_back(std::move(entry));
  }
  nlohmann::json history = nlohmann::json::array();
  for (const HistoryRow& h : view.history) {
    history.push_back({{"at", h.at},
                       {"partner", h.partner},
                       {"version", h.version},
                       {"share_id", h.share_id},
                       {"event", h.event},
                       {"reason", h.reason},
                       {"detail", h.detail}});
  }
  nlohmann::json received = nullptr;
  if (view.received_from) {
    received = {{"partner", view.received_from->partner},
                {"origin_incident_id", view.received_from->origin_incident_id},
                {"version", view.received_from->version},
                {"received_at", view.received_from->received_at},
                {"withdrawn", view.received_from->withdrawn}};
  }
  return {{"incident_id", view.incident_id},
          {"partners", partners},
          {"history", history},
          {"received_from", received}};
}

}  // namespace ncirt::triage::sharing
