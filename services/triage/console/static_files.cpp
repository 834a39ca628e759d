#include "triage/console/static_files.hpp"

#include <array>
#include <utility>

namespace ncirt::triage::console {

namespace http = boost::beast::http;

std::optional<std::string_view> MediaTypeFor(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".json", "application/json"},
  }};
  for (const auto& [extension, type] : kTypes) {
    if (path.ends_with(extension)) return type;
  }
  return std::nullopt;
}

void SetConsoleHeaders(common::net::HttpResponse& response) {
  response.set("Content-Security-Policy", kContentSecurityPolicy);
  response.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Frame-Options", "DENY");
  response.set("Cross-Origin-Opener-Policy", "same-origin");
  response.set(http::field::cache_control, "no-cache");
}

common::net::HttpResponse FileResponse(const common::net::HttpRequest& request,
                                       std::string_view media_type, std::string_view bytes) {
  common::net::HttpResponse response{http::status::ok, request.message.version()};
  response.set(http::field::content_type, media_type);
  SetConsoleHeaders(response);
  if (request.message.method() == http::verb::head) {
    response.content_length(bytes.size());
  } else {
    response.body() = std::string(bytes);
    response.prepare_payload();
  }
  return response;
}

common::net::HttpResponse RedirectResponse(const common::net::HttpRequest& request,
                                           std::string_view location) {
  common::net::HttpResponse response{http::status::found, request.message.version()};
  response.set(http::field::location, location);
  SetConsoleHeaders(response);
  response.prepare_payload();
  return response;
}

}  // namespace ncirt::triage::console
