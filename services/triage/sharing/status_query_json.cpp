#include "triage/sharing/status_query_json.hpp"

#include <charconv>

namespace ncirt::triage::sharing {
namespace {

nlohmann::json OrNull(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

}  // namespace

nlohmann::json StatusQuestionJson(const StatusQuestion& q) {
  nlohmann::json out = {{"id", q.id},
                        {"incident_id", q.incident_id},
                        {"partner", q.partner},
                        {"asked_by", q.asked_by},
                        {"asked_at", q.asked_at},
                        {"state", q.state},
                        {"attempts", q.attempts},
                        {"last_error", OrNull(q.last_error)},
                        {"answered_at", OrNull(q.answered_at)},
                        {"answer", nullptr},
                        {"failure", nullptr}};
  if (q.state == "answered") {
    out["answer"] = {{"receiver_incident_id", OrNull(q.receiver_incident_id)},
                     {"state", OrNull(q.partner_state)},
                     {"latest_version", q.partner_version},
                     {"updated_at", OrNull(q.partner_updated_at)}};
  } else if (q.state == "failed") {
    out["failure"] = {{"reason", q.failure_reason}, {"detail", q.failure_detail}};
  }
  return out;
}

common::Result<std::int64_t> QuestionIdFromPath(const std::string& segment) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), id);
  if (ec != std::errc{} || end != segment.data() + segment.size() || id <= 0) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "question id '" + segment + "' is not a positive integer", "question");
  }
  return id;
}

}  // namespace ncirt::triage::sharing
