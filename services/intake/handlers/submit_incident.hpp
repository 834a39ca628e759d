#pragma once
// POST /v1/incidents: file an IODEF document (XML v2/v1 or RFC 8727 JSON). Scope: submit.
//
// Decodes the request (media type, size, Idempotency-Key), runs the codec under the token's
// policy, prepares the submission (submission.hpp), stores it (IncidentStore::Submit, one
// transaction) and answers only after the commit: 201 with every incident's id when something
// was created or updated, 200 when everything was a duplicate or the Idempotency-Key was seen
// before. Refusals are RFC 9457 problem documents (400 with line, column, schema path and all
// issues; 409; 413; 415) and the refused document goes to quarantine (quarantine.hpp).
//
// Thread-safety: operator() runs concurrently; the stores and metrics must allow that.

#include <cstddef>

#include "intake/intake_metrics.hpp"
#include "intake/routes.hpp"
#include "intake/store/incident_store.hpp"
#include "intake/store/quarantine_store.hpp"
#include "iodef/limits.hpp"

namespace ncirt::intake::handlers {

struct SubmitIncidentOptions {
  iodef::Limits limits;
  std::size_t quarantine_max_bytes = 1u << 20;
};

class SubmitIncident {
 public:
  // The stores and metrics must outlive every copy of the handler.
  SubmitIncident(store::IncidentStore& incidents, store::QuarantineStore& quarantine,
                 IntakeMetrics& metrics, SubmitIncidentOptions options);

  common::net::HttpResponse operator()(RequestContext& context) const;

 private:
  common::net::HttpResponse Reject(const RequestContext& context, const common::Error& error,
                                   const nlohmann::json& extra) const;

  store::IncidentStore* incidents_;
  store::QuarantineStore* quarantine_;
  IntakeMetrics* metrics_;
  SubmitIncidentOptions options_;
};

}  // namespace ncirt::intake::handlers
