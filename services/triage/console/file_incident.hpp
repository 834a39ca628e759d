#pragma once
// POST /v1/incidents on triage: an analyst files a new incident from the console's form
// (new_incident.hpp) or from `ncirtctl file`.
//
// The incident goes through intake's door, not around it: the form's model is rendered as an
// IODEF v2 document (iodef/codec.hpp RenderXml), the document is validated against the official
// schema under the strict policy and decoded again, and what the decoder read is prepared and
// stored by intake's own library (intake/submission.hpp, intake/store/pg_incident_store.hpp) in
// ONE transaction with the verbatim document, its indicators and the triage outbox row, as any
// other submission. The answer comes after that commit, with intake's JSON (docs/api.md), so
// the console says "filed" only for a durable incident. The queue picks it up from the outbox
// within one poll interval.
//
// The submitter is "console/<user name>", so the incident's source is the analyst and its
// Idempotency-Keys never mix with an intake token's. The console sends an Idempotency-Key per
// opened form, so a double submit files one incident. After the commit, an `incident.filed`
// audit event names the analyst (a separate transaction: intake's store owns the first one).
//
// Thread-safety: the handler may run concurrently; the store is thread-safe.

#include <memory>

#include "intake/store/pg_incident_store.hpp"
#include "triage/route_modules.hpp"

namespace ncirt::triage::console {

class FileIncident {
 public:
  explicit FileIncident(const RouteDeps& deps);

  common::net::HttpResponse Handle(RequestContext& context);

 private:
  common::pg::Pool& pool_;
  const Clock& clock_;
  intake::store::PgIncidentStore store_;
};

// Prepares intake's incident statements on a triage connection (PrepareModuleStatements).
void PrepareConsoleStatements(pqxx::connection& connection);

}  // namespace ncirt::triage::console
