#include "intake/handlers/list_quarantine.hpp"

#include <charconv>

#include "intake/handlers/responses.hpp"

namespace ncirt::intake::handlers {
namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 500;

// A decimal parameter in [low, high]; kBadRequest naming it otherwise.
common::Result<std::int64_t> NumberParameter(std::string_view name, std::string_view text,
                                             std::int64_t low, std::int64_t high) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < low || n > high) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "parameter '" + std::string(name) + "' must be a whole number from " +
                            std::to_string(low) + " to " + std::to_string(high));
  }
  return n;
}

}  // namespace

nlohmann::json QuarantineRecordJson(const store::QuarantineRecord& record) {
  const store::QuarantineEntry& e = record.entry;
  return {{"id", record.id},
          {"received_at", record.received_at},
          {"submitter", e.submitter},
          {"reason", e.reason},
          {"status", e.status},
          {"detail", e.detail},
          {"media_type", e.media_type},
          {"content_size", e.content_size},
          {"truncated", e.truncated},
          {"request_id", e.request_id},
          {"content_url", "/v1/quarantine/" + std::to_string(record.id) + "/content"},
          {"problem", e.problem}};
}

HttpResponse ListQuarantine::operator()(RequestContext& context) const {
  int limit = kDefaultLimit;
  if (const auto text = QueryParameter(context.query, "limit")) {
    auto n = NumberParameter("limit", *text, 1, kMaxLimit);
    if (!n) return Problem(context.request, n.error());
    limit = static_cast<int>(*n);
  }
  std::optional<std::int64_t> before;
  if (const auto text = QueryParameter(context.query, "before")) {
    auto n = NumberParameter("before", *text, 1, std::numeric_limits<std::int64_t>::max());
    if (!n) return Problem(context.request, n.error());
    before = *n;
  }
  auto records = quarantine_->List(limit, before);
  if (!records) return Problem(context.request, records.error());
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& record : *records) entries.push_back(QuarantineRecordJson(record));
  nlohmann::json body{{"entries", std::move(entries)}};
  if (static_cast<int>(records->size()) == limit) body["next_before"] = records->back().id;
  return JsonResponse(context.request, http::status::ok, body);
}

}  // namespace ncirt::intake::handlers
