#pragma once
// Triage's side of sharing with partner CIRTs (docs/api-exchange.md): the partner registry
// with an audit record for every change, sharing an incident (policy per partner, outbox rows,
// refusals and the audit record in one transaction), its preview, withdrawal, and the
// incident's sharing history. The exchange service delivers what this queues.
//
// The policy and the outbox are the exchange library's (exchange/policy, exchange/outbox,
// exchange/store): a share from the console and an automatic update build the same Shares.
//
// Thread-safety: every member may be called from many threads at once; each call runs its own
// transaction on a pooled connection.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "exchange/outbox/share_plan.hpp"
#include "exchange/partner.hpp"
#include "exchange/store/pg_partner_store.hpp"
#include "triage/clock.hpp"
#include "triage/store/audit_log.hpp"

namespace ncirt::triage::sharing {

// Prepares this part's statements and the exchange stores' it uses, on every pool connection.
void PrepareStatements(pqxx::connection& connection);

struct ShareOutcome {
  std::string incident_id;
  std::string tlp;
  // 0 for a preview (nothing stored).
  std::uint64_t version = 0;
  int queued = 0;
  int refused = 0;
  std::vector<exchange::outbox::PartnerDecision> decisions;
};

struct WithdrawOutcome {
  std::string incident_id;
  std::uint64_t version = 0;
  std::vector<std::string> partners;
};

struct HistoryRow {
  std::string at;  // RFC 3339, UTC, milliseconds
  std::string partner;
  std::uint64_t version = 0;
  std::string share_id;
  std::string event;
  std::string reason;
  std::string detail;
};

struct PartnerSummary {
  std::string partner;
  std::uint64_t latest_version = 0;
  // "pending", "delivered", "refused" (our policy), "nacked" (the partner).
  std::string state;
  std::string reason;
  std::string receiver_incident_id;
  int attempts = 0;
  std::string last_error;
  bool withdrawn = false;
};

struct ReceivedFrom {
  std::string partner;
  std::string origin_incident_id;
  std::uint64_t version = 0;
  std::string received_at;
  bool withdrawn = false;
};

struct SharingView {
  std::string incident_id;
  std::vector<PartnerSummary> partners;
  std::vector<HistoryRow> history;
  std::optional<ReceivedFrom> received_from;
};

// The per-partner summaries the history implies (pure; exposed for tests).
std::vector<PartnerSummary> Summarise(const std::vector<HistoryRow>& history);

class SharingStore {
 public:
  // `pool` and `clock` must outlive the store; the pool's connections ran PrepareStatements.
  SharingStore(common::pg::Pool& pool, const Clock& clock)
      : pool_(pool), clock_(clock), partners_(pool) {}

  common::Result<std::vector<exchange::Partner>> ListPartners();
  common::Result<exchange::Partner> GetPartner(const std::string& name);
  // `partner` passed exchange::ValidatePartner. kDuplicate / kNotFound as PartnerStore says.
  common::Result<exchange::Partner> CreatePartner(const store::Actor& actor,
                                                  const exchange::Partner& partner);
  common::Result<exchange::Partner> UpdatePartner(const store::Actor& actor,
                                                  const exchange::Partner& partner);
  common::Result<exchange::Partner> DisablePartner(const store::Actor& actor,
                                                   const std::string& name);

  // Decides per partner and, unless `dry_run`, queues and audits it all in one transaction.
  // kNotFound: no such incident or partner (named); kConflict: a named partner is disabled.
  common::Result<ShareOutcome> Share(const store::Actor& actor, const std::string& incident_id,
                                     const std::vector<std::string>& partner_names, bool dry_run);

  // kNotFound: no such incident; kConflict: never sent to a partner, or withdrawn already.
  common::Result<WithdrawOutcome> Withdraw(const store::Actor& actor,
                                           const std::string& incident_id,
                                           const std::string& reason);

  // kNotFound: no such incident.
  common::Result<SharingView> History(const std::string& incident_id);

 private:
  common::pg::Pool& pool_;
  const Clock& clock_;
  exchange::store::PgPartnerStore partners_;
};

}  // namespace ncirt::triage::sharing
