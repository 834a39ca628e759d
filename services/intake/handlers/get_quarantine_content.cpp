#include "intake/handlers/get_quarantine_content.hpp"

#include <charconv>

#include "intake/handlers/responses.hpp"

namespace ncirt::intake::handlers {

HttpResponse GetQuarantineContent::operator()(RequestContext& context) const {
  const std::string& text = context.params.at(0);
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  const common::Error not_found{common::ErrorKind::kNotFound,
                                "no quarantine entry with id " + text, {}};
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return Problem(context.request, not_found);
  }
  auto record = quarantine_->Get(id);
  if (!record) {
    return Problem(context.request,
                   record.error().kind == common::ErrorKind::kNotFound ? not_found
                                                                       : record.error());
  }
  HttpResponse response = common::net::MakeResponse(
      context.request, http::status::ok, std::move(record->entry.content),
      "application/octet-stream");
  response.set(http::field::content_disposition,
               "attachment; filename=\"quarantine-" + std::to_string(id) + ".bin\"");
  response.set("X-Ncirt-Truncated", record->entry.truncated ? "true" : "false");
  return response;
}

}  // namespace ncirt::intake::handlers
