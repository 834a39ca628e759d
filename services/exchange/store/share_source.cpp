#include "exchange/store/share_source.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <pqxx/binarystring>
#include <pqxx/result>

#include "exchange/policy/agreement.hpp"
#include "exchange/policy/category_gate.hpp"
#include "intake/uuid.hpp"

namespace ncirt::exchange::store {
namespace {

constexpr const char* kLoad = "exchange_source_load";
constexpr const char* kRecipients = "exchange_source_recipients";
constexpr const char* kWithdrawn = "exchange_source_withdrawn";
constexpr std::string_view kPartnerPrefix = "partner:";

}  // namespace

void PrepareShareSourceStatements(pqxx::connection& c) {
  c.prepare(kLoad,
            "SELECT i.model, i.submitter, coalesce(t.state, ''), coalesce(t.category, ''), "
            "coalesce((SELECT r.originator FROM exchange.received_shares r "
            "WHERE r.receiver_incident_id = i.id::text AND r.applied AND r.originator <> '' "
            "ORDER BY r.version DESC LIMIT 1), '') "
            "FROM intake.incidents i LEFT JOIN triage.incidents t ON t.incident_id = i.id "
            "WHERE i.id = $1");
  c.prepare(kRecipients,
            "SELECT DISTINCT p.id, p.name FROM exchange.outbox o "
            "JOIN exchange.partners p ON p.id = o.partner_id "
            "WHERE o.incident_id = $1 AND o.state IN ('pending', 'delivered') ORDER BY p.name");
  c.prepare(kWithdrawn,
            "SELECT withdrawn FROM exchange.share_versions WHERE incident_id = $1");
}


void ApplyTriageView(v1::Incident& incident, const std::string& state,
                     const std::string& category) {
  if (state == "new" || state == "triaged") {
    incident.set_status(v1::INCIDENT_STATUS_NEW);
  } else if (state == "in_progress" || state == "waiting") {
    incident.set_status(v1::INCIDENT_STATUS_IN_PROGRESS);
  } else if (state == "resolved" || state == "closed") {
    incident.set_status(v1::INCIDENT_STATUS_RESOLVED);
  }
  if (category.empty() || incident.assessments_size() == 0) return;
  const std::vector<std::string> present = policy::IncidentCategories(incident);
  if (std::ranges::find(present, policy::NormaliseCategory(category)) != present.end()) return;
  incident.mutable_assessments(0)->add_incident_categories()->set_text(category);
}

std::optional<Shareable> LoadShareable(pqxx::work& work, const std::string& incident_id) {
  const pqxx::result rows = work.exec_prepared(kLoad, incident_id);
  if (rows.empty()) return std::nullopt;
  const pqxx::row row = rows[0];
  Shareable out;
  const pqxx::binarystring model(row[0]);
  if (!out.incident.ParseFromArray(model.data(), static_cast<int>(model.size()))) {
    // intake wrote it; a model that does not parse is a broken invariant, not bad input.
    throw std::runtime_error("intake.incidents.model of " + incident_id + " does not parse");
  }
  const std::string submitter = row[1].as<std::string>();
  if (submitter.starts_with(kPartnerPrefix)) {
    out.provenance.received_from = submitter.substr(kPartnerPrefix.size());
    out.provenance.originator = row[4].as<std::string>();
  }
  out.state = row[2].as<std::string>();
  ApplyTriageView(out.incident, out.state, row[3].as<std::string>());
  return out;
}

std::vector<std::pair<std::int64_t, std::string>> Recipients(pqxx::work& work,
                                                             const std::string& incident_id) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (const pqxx::row& row : work.exec_prepared(kRecipients, incident_id)) {
    out.emplace_back(row[0].as<std::int64_t>(), row[1].as<std::string>());
  }
  return out;
}

bool IsWithdrawn(pqxx::work& work, const std::string& incident_id) {
  const pqxx::result rows = work.exec_prepared(kWithdrawn, incident_id);
  return !rows.empty() && rows[0][0].as<bool>();
}

}  // namespace ncirt::exchange::store
