#include "triage/sharing/sharing_store.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "exchange/store/pg_outbox_store.hpp"
#include "exchange/store/share_source.hpp"
#include "intake/uuid.hpp"
#include "iodef/marking.hpp"
#include "triage/sharing/partner_json.hpp"
#include "triage/sharing/status_query_store.hpp"

namespace ncirt::triage::sharing {
namespace {

constexpr const char* kExists = "sharing_incident_exists";
constexpr const char* kHistory = "sharing_history";
constexpr const char* kDelivery = "sharing_delivery";
constexpr const char* kReceivedFrom = "sharing_received_from";

constexpr const char* kUtc = "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'";

google::protobuf::Timestamp ToTimestamp(TimePoint at) {
  const std::int64_t ms = at.time_since_epoch().count();
  google::protobuf::Timestamp out;
  out.set_seconds(ms / 1000);
  out.set_nanos(static_cast<int>(ms % 1000) * 1'000'000);
  return out;
}

common::Result<void> NoIncident(const std::string& id) {
  return common::Fail(common::ErrorKind::kNotFound, "no incident with id '" + id + "'", "id");
}

void Audit(pqxx::work& work, const store::Actor& actor, std::string action, std::string subject,
           const nlohmann::json& detail, TimePoint at) {
  store::AppendAudit(work, actor,
                     store::AuditEvent{std::move(action), std::move(subject), detail.dump()}, at);
}

}  // namespace

void PrepareStatements(pqxx::connection& c) {
  exchange::store::PgPartnerStore::Prepare(c);
  exchange::store::PgOutboxStore::Prepare(c);
  exchange::store::PrepareShareSourceStatements(c);
  PrepareStatusQueryStatements(c);
  c.prepare(kExists, "SELECT 1 FROM intake.incidents WHERE id = $1");
  c.prepare(kHistory,
            std::string("SELECT to_char(at AT TIME ZONE 'UTC', ") + kUtc +
                "), partner_name, coalesce(version, 0), share_id, event, reason, detail "
                "FROM exchange.sharing_history WHERE incident_id = $1 ORDER BY id");
  c.prepare(kDelivery,
            "SELECT p.name, (array_agg(o.attempts ORDER BY o.id DESC))[1], "
            "(array_agg(o.last_error ORDER BY o.id DESC))[1], max(o.receiver_incident_id) "
            "FROM exchange.outbox o JOIN exchange.partners p ON p.id = o.partner_id "
            "WHERE o.incident_id = $1 GROUP BY p.name");
  c.prepare(kReceivedFrom,
            std::string("SELECT p.name, r.origin_incident_id, r.version, "
                        "to_char(r.received_at AT TIME ZONE 'UTC', ") +
                kUtc +
                "), r.kind = 'withdrawal' FROM exchange.received_shares r "
                "JOIN exchange.partners p ON p.id = r.partner_id "
                "WHERE r.receiver_incident_id = $1 AND r.applied "
                "ORDER BY r.received_at DESC, r.version DESC LIMIT 1");
}

std::vector<PartnerSummary> Summarise(const std::vector<HistoryRow>& history) {
  std::map<std::string, PartnerSummary> by_name;
  for (const HistoryRow& row : history) {
    PartnerSummary& s = by_name[row.partner];
    s.partner = row.partner;
    if (row.event == "queued") {
      s.latest_version = row.version;
      s.state = "pending";
      s.reason.clear();
      s.withdrawn = row.reason == "withdrawal";
    } else if (row.event == "refused") {
      s.state = "refused";
      s.reason = row.reason;
    } else if (row.version == s.latest_version) {
      if (row.event == "acknowledged" || row.event == "duplicate") {
        s.state = "delivered";
      } else if (row.event == "nacked") {
        s.state = "nacked";
        s.reason = row.reason;
      }
    }
  }
  std::vector<PartnerSummary> out;
  for (auto& [name, summary] : by_name) out.push_back(std::move(summary));
  return out;
}

common::Result<std::vector<exchange::Partner>> SharingStore::ListPartners() {
  return partners_.List();
}

common::Result<exchange::Partner> SharingStore::GetPartner(const std::string& name) {
  return partners_.Get(name);
}

common::Result<exchange::Partner> SharingStore::CreatePartner(const store::Actor& actor,
                                                              const exchange::Partner& partner) {
  const TimePoint now = clock_.Now();
  return partners_.Create(partner, [&](pqxx::work& work, const exchange::Partner& stored) {
    Audit(work, actor, "partner.create", "", PartnerJson(stored), now);
  });
}

common::Result<exchange::Partner> SharingStore::UpdatePartner(const store::Actor& actor,
                                                              const exchange::Partner& partner) {
  const TimePoint now = clock_.Now();
  return partners_.Update(partner, [&](pqxx::work& work, const exchange::Partner& stored) {
    Audit(work, actor, "partner.update", "", PartnerJson(stored), now);
  });
}

common::Result<exchange::Partner> SharingStore::DisablePartner(const store::Actor& actor,
                                                               const std::string& name) {
  auto partner = partners_.Get(name);
  if (!partner) return partner;
  partner->enabled = false;
  const TimePoint now = clock_.Now();
  return partners_.Update(*partner, [&](pqxx::work& work, const exchange::Partner& stored) {
    Audit(work, actor, "partner.disable", "", {{"name", stored.name}}, now);
  });
}

common::Result<ShareOutcome> SharingStore::Share(const store::Actor& actor,
                                                 const std::string& incident_id,
                                                 const std::vector<std::string>& partner_names,
                                                 bool dry_run) {
  if (!intake::IsUuid(incident_id)) {
    return std::unexpected(NoIncident(incident_id).error());
  }
  auto registry = partners_.List();
  if (!registry) return std::unexpected(registry.error());
  std::vector<exchange::Partner> chosen;
  for (const std::string& name : partner_names) {
    const auto it = std::ranges::find(*registry, name, &exchange::Partner::name);
    if (it == registry->end()) {
      return common::Fail(common::ErrorKind::kNotFound, "no partner named '" + name + "'",
                          "partners");
    }
    if (!it->enabled) {
      return common::Fail(common::ErrorKind::kConflict,
                          "partner '" + name + "' is disabled; enable it first", "partners");
    }
    chosen.push_back(*it);
  }
  const TimePoint now = clock_.Now();
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<ShareOutcome> {
    const auto source = exchange::store::LoadShareable(work, incident_id);
    if (!source) return std::unexpected(NoIncident(incident_id).error());
    ShareOutcome out;
    out.incident_id = incident_id;
    out.tlp = std::string(iodef::TlpName(source->incident.tlp()));
    out.decisions = exchange::outbox::PlanShare(source->incident, source->provenance, chosen);
    if (dry_run) return out;
    const exchange::store::Enqueued queued =
        exchange::store::EnqueueIn(work, incident_id, out.decisions, ToTimestamp(now));
    out.version = queued.version;
    out.queued = queued.queued;
    out.refused = queued.refused;
    Audit(work, actor, "incident.share", incident_id,
          {{"partners", partner_names}, {"version", out.version}, {"queued", out.queued},
           {"refused", out.refused}},
          now);
    return out;
  });
}

common::Result<WithdrawOutcome> SharingStore::Withdraw(const store::Actor& actor,
                                                       const std::string& incident_id,
                                                       const std::string& reason) {
  if (!intake::IsUuid(incident_id)) {
    return std::unexpected(NoIncident(incident_id).error());
  }
  const TimePoint now = clock_.Now();
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<WithdrawOutcome> {
        if (work.exec_prepared(kExists, incident_id).empty()) {
          return std::unexpected(NoIncident(incident_id).error());
        }
        if (exchange::store::IsWithdrawn(work, incident_id)) {
          return common::Fail(common::ErrorKind::kConflict,
                              "incident " + incident_id + " was withdrawn already", "id");
        }
        const auto recipients = exchange::store::Recipients(work, incident_id);
        if (recipients.empty()) {
          return common::Fail(common::ErrorKind::kConflict,
                              "incident " + incident_id +
                                  " was never sent to a partner: there is nothing to withdraw",
                              "id");
        }
        WithdrawOutcome out;
        out.incident_id = incident_id;
        out.version = exchange::store::WithdrawIn(work, incident_id, recipients, reason,
                                                  ToTimestamp(now));
        for (const auto& [id, name] : recipients) out.partners.push_back(name);
        Audit(work, actor, "incident.withdraw", incident_id,
              {{"partners", out.partners}, {"version", out.version}, {"reason", reason}}, now);
        return out;
      });
}

common::Result<SharingView> SharingStore::History(const std::string& incident_id) {
  if (!intake::IsUuid(incident_id)) {
    return std::unexpected(NoIncident(incident_id).error());
  }
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<SharingView> {
    if (work.exec_prepared(kExists, incident_id).empty()) {
      return std::unexpected(NoIncident(incident_id).error());
    }
    SharingView view;
    view.incident_id = incident_id;
    for (const pqxx::row& row : work.exec_prepared(kHistory, incident_id)) {
      view.history.push_back(HistoryRow{.at = row[0].as<std::string>(),
                                        .partner = row[1].as<std::string>(),
                                        .version = row[2].as<std::uint64_t>(),
                                        .share_id = row[3].as<std::string>(),
                                        .event = row[4].as<std::string>(),
                                        .reason = row[5].as<std::string>(),
                                        .detail = row[6].as<std::string>()});
    }
    view.partners = Summarise(view.history);
    for (const pqxx::row& row : work.exec_prepared(kDelivery, incident_id)) {
      for (PartnerSummary& s : view.partners) {
        if (s.partner != row[0].as<std::string>()) continue;
        s.attempts = row[1].as<int>();
        s.last_error = row[2].as<std::string>();
        s.receiver_incident_id = row[3].as<std::string>();
      }
    }
    const pqxx::result from = work.exec_prepared(kReceivedFrom, incident_id);
    if (!from.empty()) {
      view.received_from = ReceivedFrom{.partner = from[0][0].as<std::string>(),
                                        .origin_incident_id = from[0][1].as<std::string>(),
                                        .version = from[0][2].as<std::uint64_t>(),
                                        .received_at = from[0][3].as<std::string>(),
                                        .withdrawn = from[0][4].as<bool>()};
    }
    return view;
  });
}

}  // namespace ncirt::triage::sharing
