#include "triage/console/file_incident.hpp"

#include <array>
#include <stdexcept>

#include "common/pg/transaction.hpp"
#include "intake/submission.hpp"
#include "iodef/codec.hpp"
#include "triage/console/new_incident.hpp"
#include "triage/handlers/json_io.hpp"
#include "triage/store/audit_log.hpp"

namespace ncirt::triage::console {
namespace {

namespace http = boost::beast::http;
using common::net::MakeProblem;

// "console-" and 16 random hex digits: unique within the CSIRT's name, and an xs:ID-safe token.
std::string NewIncidentId() {
  std::array<std::uint8_t, 8> bytes{};
  intake::SecureRandomBytes(bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "console-";
  for (const std::uint8_t b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

// The console's principal for intake's logic: strict validation, the form's TLP as restriction
// (so the default TLP below never applies; it is the most restrictive one in case it did).
intake::Principal ConsolePrincipal(const std::string& user) {
  intake::Principal principal;
  principal.submitter = "console/" + user;
  principal.scopes = intake::Scopes{intake::Scope::kSubmit};
  principal.policy = iodef::Policy::kStrict;
  principal.default_tlp = v1::TLP_RED;
  return principal;
}

}  // namespace

void PrepareConsoleStatements(pqxx::connection& connection) {
  intake::store::PgIncidentStore::Prepare(connection);
}

FileIncident::FileIncident(const RouteDeps& deps)
    : pool_(deps.pool), clock_(deps.clock), store_(deps.pool, intake::SecureRandomBytes) {}

common::net::HttpResponse FileIncident::Handle(RequestContext& context) {
  auto& request = context.request;
  auto form = handlers::ParseObject(request);
  if (!form) return MakeProblem(request, form.error());
  const std::string analyst = context.principal->name;
  auto model = NewIncidentModel(
      {.form = *form, .analyst = analyst, .incident_id = NewIncidentId(), .now = clock_.Now()});
  if (!model) return MakeProblem(request, model.error());

  auto rendered = iodef::RenderXml({*model});
  if (!rendered) return MakeProblem(request, rendered.error());
  // The form builds only what IODEF v2 carries, so an omission or an invalid document is a bug
  // here, not bad input: thrown, and answered 500 at the session boundary.
  if (!rendered->omitted.empty()) {
    throw std::logic_error("the form's incident could not be rendered completely: " +
                           rendered->omitted.front());
  }
  const std::string& document = rendered->document;
  iodef::Decoded decoded = iodef::Decode(document, iodef::Policy::kStrict);
  if (!decoded.ok()) {
    throw std::logic_error("the form's IODEF v2 document does not validate: " +
                           decoded.error->message);
  }
  std::optional<std::string> key;
  if (const auto header = request.message["Idempotency-Key"]; !header.empty()) {
    key = std::string(header);
  }
  auto submission = intake::PrepareSubmission(std::move(decoded.incidents),
                                              ConsolePrincipal(analyst), "application/xml",
                                              document, std::move(key));
  if (!submission) return MakeProblem(request, submission.error());
  auto result = store_.Submit(*submission);
  if (!result) return MakeProblem(request, result.error());

  if (!result->replayed && !result->incidents.empty()) {
    const auto& filed = result->incidents.front();
    const nlohmann::json detail = {{"incident_id", filed.iodef_id}, {"name", filed.iodef_name},
                                   {"status", intake::OutcomeName(filed.outcome)}};
    auto audited = common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
      store::AppendAudit(work, context.Actor(),
                         store::AuditEvent{"incident.filed", filed.id, detail.dump()},
                         clock_.Now());
    });
    if (!audited) return MakeProblem(request, audited.error());
  }
  auto response = handlers::JsonResponse(request, intake::ToJson(*result),
                                         static_cast<http::status>(intake::SuccessStatus(*result)));
  if (result->incidents.size() == 1) {
    response.set(http::field::location, "/v1/incidents/" + result->incidents.front().id);
  }
  return response;
}

}  // namespace ncirt::triage::console
