#include "intake/handlers/submit_incident.hpp"

#include "common/log/log.hpp"
#include "intake/handlers/responses.hpp"
#include "intake/media_type.hpp"
#include "intake/quarantine.hpp"
#include "intake/submission.hpp"
#include "iodef/codec.hpp"

namespace ncirt::intake::handlers {
namespace {

// A problem document lists at most this many issues (a broken generator can produce thousands);
// issues_total says how many there were.
constexpr std::size_t kMaxIssuesInProblem = 100;

nlohmann::json DocumentProblemMembers(const iodef::Decoded& decoded) {
  nlohmann::json extra = nlohmann::json::object();
  if (const auto format = FormatName(decoded.report.format); !format.empty()) {
    extra["format"] = format;
  }
  const auto& issues = decoded.report.issues;
  for (const auto& issue : issues) {
    if (issue.level() != v1::ValidationIssue::LEVEL_ERROR) continue;
    if (issue.line() != 0) extra["line"] = issue.line();
    if (issue.column() != 0) extra["column"] = issue.column();
    if (!issue.schema_path().empty()) extra["schema_path"] = issue.schema_path();
    break;
  }
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = 0; i < issues.size() && i < kMaxIssuesInProblem; ++i) {
    list.push_back(IssueToJson(issues[i]));
  }
  extra["issues"] = std::move(list);
  extra["issues_total"] = issues.size();
  return extra;
}

std::optional<std::string> HeaderValue(const common::net::HttpRequest& request,
                                       std::string_view name) {
  const auto it = request.message.find(name);
  if (it == request.message.end()) return std::nullopt;
  return std::string(it->value());
}

}  // namespace

SubmitIncident::SubmitIncident(store::IncidentStore& incidents,
                               store::QuarantineStore& quarantine, IntakeMetrics& metrics,
                               SubmitIncidentOptions options)
    : incidents_(&incidents), quarantine_(&quarantine), metrics_(&metrics), options_(options) {}

HttpResponse SubmitIncident::Reject(const RequestContext& context, const common::Error& error,
                                    const nlohmann::json& extra) const {
  HttpResponse response = Problem(context.request, error, extra);
  metrics_->CountRejection(common::KindName(error.kind));
  const std::string_view body = context.request.message.body();
  common::log::Info("submission_rejected",
                    {{"submitter", context.principal->submitter},
                     {"reason", common::KindName(error.kind)},
                     {"bytes", body.size()},
                     {"detail", error.message}});
  if (IsQuarantined(error.kind)) {
    const auto kept = quarantine_->Keep(MakeQuarantineEntry(
        context.principal->submitter, context.request.message[http::field::content_type], body,
        error, ProblemJson(response), context.request.request_id, options_.quarantine_max_bytes));
    if (kept) {
      response.set("X-Ncirt-Quarantine-Id", std::to_string(*kept));
    } else {
      // The answer stands; only the copy for administrators is missing. Logged loudly.
      common::log::Error("quarantine_failed", {{"error", kept.error().ToString()}});
    }
  }
  return response;
}

HttpResponse SubmitIncident::operator()(RequestContext& context) const {
  const auto& request = context.request;
  const Principal& principal = *context.principal;
  const std::string_view body = request.message.body();
  const std::string content_type(request.message[http::field::content_type]);

  const auto type = ClassifyContentType(content_type);
  if (!type) return Reject(context, type.error(), nlohmann::json::object());
  if (body.size() > options_.limits.max_document_bytes) {
    return Reject(context,
                  common::Error{common::ErrorKind::kTooLarge,
                                "the document has " + std::to_string(body.size()) +
                                    " bytes; the limit is " +
                                    std::to_string(options_.limits.max_document_bytes),
                                {}},
                  {{"limit_bytes", options_.limits.max_document_bytes}});
  }
  std::optional<std::string> key = HeaderValue(request, "Idempotency-Key");
  if (key) {
    if (auto valid = ValidateIdempotencyKey(*key); !valid) {
      return Reject(context, valid.error(), nlohmann::json::object());
    }
  }
  if (auto matches = CheckBodyMatches(*type, body); !matches) {
    return Reject(context, matches.error(), nlohmann::json::object());
  }

  iodef::Decoded decoded = iodef::Decode(body, principal.policy, options_.limits);
  if (!decoded.ok()) return Reject(context, *decoded.error, DocumentProblemMembers(decoded));

  auto submission = PrepareSubmission(std::move(decoded.incidents), principal,
                                      std::string(MediaTypeName(*type)), body, std::move(key));
  if (!submission) return Reject(context, submission.error(), nlohmann::json::object());

  auto result = incidents_->Submit(*submission);
  if (!result) {
    if (result.error().kind == common::ErrorKind::kUnavailable) {
      // Not the document's fault: nothing stored, nothing quarantined; the client retries.
      HttpResponse response = Problem(request, result.error());
      response.set(http::field::retry_after, "2");
      return response;
    }
    return Reject(context, result.error(), nlohmann::json::object());
  }
  metrics_->CountIncidents(*result);
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& incident : result->incidents) ids.push_back(incident.id);
  common::log::Info("submission_accepted", {{"submitter", principal.submitter},
                                            {"incidents", ids},
                                            {"replayed", result->replayed},
                                            {"bytes", body.size()}});
  const int status = SuccessStatus(*result);
  HttpResponse response = JsonResponse(request, static_cast<http::status>(status), ToJson(*result));
  if (result->incidents.size() == 1) {
    response.set(http::field::location, "/v1/incidents/" + result->incidents.front().id);
  }
  return response;
}

}  // namespace ncirt::intake::handlers
