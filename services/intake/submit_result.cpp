#include "intake/submit_result.hpp"

#include "iodef/marking.hpp"

namespace ncirt::intake {
namespace {

using Json = nlohmann::json;

common::Error Broken(const std::string& what) {
  return common::Error{common::ErrorKind::kUnavailable,
                       "the stored answer of an earlier request is unreadable (" + what + ")",
                       {}};
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kCreated: return "created";
    case Outcome::kUpdated: return "updated";
    case Outcome::kDuplicate: return "duplicate";
  }
  return "";
}

int SuccessStatus(const SubmitResult& result) {
  if (result.replayed) return 200;
  for (const auto& incident : result.incidents) {
    if (incident.outcome != Outcome::kDuplicate) return 201;
  }
  return 200;
}

Json IssueToJson(const v1::ValidationIssue& issue) {
  Json json = Json::object();
  json["level"] = issue.level() == v1::ValidationIssue::LEVEL_ERROR ? "error" : "warning";
  if (issue.line() != 0) json["line"] = issue.line();
  if (issue.column() != 0) json["column"] = issue.column();
  json["schema_path"] = issue.schema_path();
  json["message"] = issue.message();
  return json;
}

Json ToJson(const SubmitResult& result) {
  Json incidents = Json::array();
  for (const auto& r : result.incidents) {
    Json warnings = Json::array();
    for (const auto& w : r.warnings) warnings.push_back(IssueToJson(w));
    incidents.push_back({{"id", r.id},
                         {"incident_id", r.iodef_id},
                         {"name", r.iodef_name},
                         {"status", OutcomeName(r.outcome)},
                         {"version", r.version},
                         {"tlp", iodef::TlpName(r.tlp)},
                         {"warnings", std::move(warnings)}});
  }
  return Json{{"incidents", std::move(incidents)}, {"replayed", result.replayed}};
}

common::Result<SubmitResult> SubmitResultFromJson(const Json& json) {
  SubmitResult result;
  try {
    result.replayed = json.at("replayed").get<bool>();
    for (const Json& item : json.at("incidents")) {
      IncidentResult r;
      r.id = item.at("id").get<std::string>();
      r.iodef_id = item.at("incident_id").get<std::string>();
      r.iodef_name = item.at("name").get<std::string>();
      const auto status = item.at("status").get<std::string>();
      if (status == "created") {
        r.outcome = Outcome::kCreated;
      } else if (status == "updated") {
        r.outcome = Outcome::kUpdated;
      } else if (status == "duplicate") {
        r.outcome = Outcome::kDuplicate;
      } else {
        return std::unexpected(Broken("status '" + status + "'"));
      }
      r.version = item.at("version").get<std::int32_t>();
      const auto tlp = iodef::ParseTlp(item.at("tlp").get<std::string>());
      if (!tlp) return std::unexpected(Broken("tlp"));
      r.tlp = *tlp;
      for (const Json& w : item.at("warnings")) {
        v1::ValidationIssue issue;
        issue.set_level(w.at("level") == "error" ? v1::ValidationIssue::LEVEL_ERROR
                                                 : v1::ValidationIssue::LEVEL_WARNING);
        issue.set_line(w.value("line", 0u));
        issue.set_column(w.value("column", 0u));
        issue.set_schema_path(w.at("schema_path").get<std::string>());
        issue.set_message(w.at("message").get<std::string>());
        r.warnings.push_back(std::move(issue));
      }
      result.incidents.push_back(std::move(r));
    }
  } catch (const Json::exception& e) {
    return std::unexpected(Broken(e.what()));
  }
  return result;
}

}  // namespace ncirt::intake
