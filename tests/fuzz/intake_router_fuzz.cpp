// Fuzzes intake's HTTP request handling without a socket: bytes are parsed as an HTTP/1.1
// request by Boost.Beast (as the server does), then handed to the same Router and handlers that
// ncirt-intake builds (app.cpp), over the in-memory stores of the unit tests (fakes.hpp). This
// reaches routing, query parsing, bearer-token authentication, scopes, media-type and Accept
// negotiation, Idempotency-Key checks, the codec, submission preparation, quarantine and the
// problem documents.
//
// Input: byte 0 chooses the caller (bits 0-1: the Authorization header as sent, a submit+read
// token, a read-only token, an admin token; bit 2: the stores are down); the rest is the request.
// Properties beyond "no crash, no leak, no undefined behaviour": nothing escapes as an exception,
// every answer has a status from 200 to 599, and with the stores up no request earns a 500.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fakes.hpp"
#include "fuzz_check.hpp"
#include "intake/authenticator.hpp"
#include "intake/handlers/get_incident.hpp"
#include "intake/handlers/get_quarantine_content.hpp"
#include "intake/handlers/health.hpp"
#include "intake/handlers/list_quarantine.hpp"
#include "intake/handlers/metrics_page.hpp"
#include "intake/handlers/submit_incident.hpp"
#include "intake/intake_metrics.hpp"
#include "intake/routes.hpp"

namespace {

using ncirt::fuzz::Check;
namespace http = boost::beast::http;
namespace intake = ncirt::intake;
namespace handlers = ncirt::intake::handlers;
namespace fakes = ncirt::intake::testing;

// One intake with fresh stores per input, so inputs do not depend on each other.
struct Intake {
  fakes::FakeTokenStore tokens;
  fakes::FakeIncidentStore incidents;
  fakes::FakeQuarantineStore quarantine;
  fakes::FakeHealthStore health;
  intake::IntakeMetrics metrics;
  intake::Authenticator authenticator{tokens, {}};
  intake::Router router{Routes(), authenticator, metrics};

  std::vector<intake::Route> Routes() {
    ncirt::iodef::Limits limits;
    limits.max_document_bytes = 64u << 10;  // small, so that the 413 path is reachable
    std::vector<intake::Route> routes;
    routes.push_back({http::verb::post, "/v1/incidents", intake::Scope::kSubmit,
                      handlers::SubmitIncident(incidents, quarantine, metrics,
                                               {.limits = limits,
                                                .quarantine_max_bytes = 16u << 10})});
    routes.push_back({http::verb::get, "/v1/incidents/{id}", intake::Scope::kRead,
                      handlers::GetIncident(incidents)});
    routes.push_back({http::verb::get, "/v1/quarantine", intake::Scope::kAdmin,
                      handlers::ListQuarantine(quarantine)});
    routes.push_back({http::verb::get, "/v1/quarantine/{id}/content", intake::Scope::kAdmin,
                      handlers::GetQuarantineContent(quarantine)});
    routes.push_back({http::verb::get, "/healthz", std::nullopt, handlers::Healthz});
    routes.push_back({http::verb::get, "/readyz", std::nullopt, handlers::Readyz(health)});
    routes.push_back({http::verb::get, "/metrics", std::nullopt, handlers::MetricsPage(metrics)});
    return routes;
  }
};

std::string TokenFor(Intake& intake, std::uint8_t choice) {
  using intake::Scope;
  switch (choice & 3u) {
    case 1: return intake.tokens.Add("csirt.example", {Scope::kSubmit, Scope::kRead});
    case 2: return intake.tokens.Add("reader.example", {Scope::kRead});
    case 3:
      return intake.tokens.Add("admin.example", {Scope::kSubmit, Scope::kRead, Scope::kAdmin},
                               ncirt::iodef::Policy::kStrict);
    default: return {};
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t choice = data[0];
  http::request_parser<http::string_body> parser;
  parser.body_limit(256u << 10);
  parser.eager(true);
  boost::beast::error_code error;
  parser.put(boost::asio::buffer(data + 1, size - 1), error);
  if (error && error != http::error::need_more) return 0;
  if (!parser.is_done()) {
    parser.put_eof(error);
    if (error || !parser.is_done()) return 0;
  }

  Intake intake;
  const bool down = (choice & 4u) != 0;
  intake.incidents.down = down;
  intake.quarantine.down = down;
  intake.health.down = down;
  ncirt::common::net::HttpRequest request{parser.release(), "192.0.2.7", "fuzz-request"};
  if (const std::string token = TokenFor(intake, choice); !token.empty()) {
    request.message.set(http::field::authorization, "Bearer " + token);
  }
  const ncirt::common::net::HttpResponse response = intake.router.Handle(request);
  const unsigned status = response.result_int();
  Check(status >= 200 && status <= 599, "every answer has a final status",
        std::to_string(status));
  Check(down || status != 500, "no request earns a 500 while the stores are up", response.body());
  return 0;
}
