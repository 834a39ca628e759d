#include "triage/handlers/detail_json.hpp"

#include <google/protobuf/util/json_util.h>

#include "triage/handlers/json_io.hpp"

namespace ncirt::triage::handlers {
namespace {

nlohmann::json TimeOrNull(const std::optional<TimePoint>& t) {
  return t ? nlohmann::json(t->time_since_epoch().count()) : nlohmann::json();
}

std::string_view PhaseName(SlaPhase phase) {
  switch (phase) {
    case SlaPhase::kTriage: return "triage";
    case SlaPhase::kResolve: return "resolve";
    case SlaPhase::kDone: return "done";
  }
  return "done";
}

// protobuf's JSON mapping of a message; the message was parsed from stored bytes, so it
// always converts (a failure would be a broken invariant, reported in place of the value).
nlohmann::json ProtoJson(const google::protobuf::Message& message) {
  std::string text;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  const auto status = google::protobuf::util::MessageToJsonString(message, &text, options);
  if (!status.ok()) return {{"error", std::string(status.message())}};
  return nlohmann::json::parse(text, nullptr, false);
}

nlohmann::json HistoryJson(const std::vector<store::HistoryEvent>& history) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : history) {
    nlohmann::json detail = nlohmann::json::parse(e.detail, nullptr, false);
    if (detail.is_discarded()) detail = e.detail;
    out.push_back({{"seq", e.seq ? nlohmann::json(*e.seq) : nlohmann::json()},
                   {"at_ms", e.at_us / 1000},
                   {"actor", e.actor},
                   {"origin", e.origin},
                   {"action", e.action},
                   {"detail", detail}});
  }
  return out;
}

}  // namespace

nlohmann::json SlaJson(const SlaStatus& status, const SlaTargets& targets) {
  return {{"phase", PhaseName(status.phase)},
          {"elapsed_ms", status.elapsed.count()},
          {"target_ms", status.target.count()},
          {"remaining_ms", status.remaining.count()},
          {"overdue", status.overdue},
          {"time_to_triage_s", targets.time_to_triage.count()},
          {"time_to_resolve_s", targets.time_to_resolve.count()}};
}

nlohmann::json DetailJson(const store::IncidentDetail& d) {
  nlohmann::json j = EntryJson(d.entry);
  j["sla"] = SlaJson(d.sla, d.targets);
  j["origin"] = {{"submitter", d.entry.submitter},
                 {"iodef_name", d.iodef_name},
                 {"iodef_id", d.iodef_id},
                 {"purpose", d.purpose},
                 {"warning_count", d.warning_count}};
  j["times"] = {{"generation_ms", TimeOrNull(d.generation_time)},
                {"report_ms", TimeOrNull(d.report_time)},
                {"detect_ms", TimeOrNull(d.detect_time)},
                {"start_ms", TimeOrNull(d.start_time)},
                {"end_ms", TimeOrNull(d.end_time)},
                {"received_ms", d.entry.created_at.time_since_epoch().count()}};
  j["marking"] = {{"tlp", d.entry.tlp}};
  nlohmann::json assessments = nlohmann::json::array();
  for (const auto& a : d.model.assessments()) assessments.push_back(ProtoJson(a));
  j["assessments"] = assessments;
  nlohmann::json indicators = nlohmann::json::array();
  for (const auto& i : d.indicators) {
    indicators.push_back({{"kind", i.kind}, {"value", i.value},
                          {"hash_algorithm", i.hash_algorithm}, {"role", i.role}});
  }
  j["indicators"] = indicators;
  j["indicators_truncated"] = d.indicators_truncated;
  nlohmann::json comments = nlohmann::json::array();
  for (const auto& c : d.comments) {
    comments.push_back({{"id", c.id}, {"author", c.author}, {"body", c.body},
                        {"created_at_ms", c.created_at.time_since_epoch().count()}});
  }
  j["comments"] = comments;
  nlohmann::json links = nlohmann::json::array();
  for (const auto& l : d.links) {
    links.push_back({{"incident_id", l.other}, {"relation", l.relation},
                     {"created_by", l.created_by}});
  }
  j["links"] = links;
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& v : d.versions) {
    versions.push_back({{"version", v.version}, {"tlp", v.tlp}, {"submitter", v.submitter},
                        {"recorded_at_ms", v.recorded_at.time_since_epoch().count()}});
  }
  j["versions"] = versions;
  j["history"] = HistoryJson(d.history);
  j["model"] = ProtoJson(d.model);
  return j;
}

}  // namespace ncirt::triage::handlers
