#pragma once
// GET /v1/incidents/{id}: the stored incident as IODEF v2 XML or RFC 8727 JSON, chosen by
// Accept (media_type.hpp; 406 when neither is acceptable). Scope: read, for the submitter's own
// incidents; admin, for any. An incident the caller may not read is answered 404 like one that
// does not exist, so ids cannot be probed. The response carries X-Ncirt-Version and
// X-Ncirt-Tlp (the marking intake enforces) beside the document.
//
// Thread-safety: operator() runs concurrently; the store must allow that.

#include "intake/routes.hpp"
#include "intake/store/incident_store.hpp"

namespace ncirt::intake::handlers {

class GetIncident {
 public:
  explicit GetIncident(store::IncidentStore& incidents) : incidents_(&incidents) {}

  common::net::HttpResponse operator()(RequestContext& context) const;

 private:
  store::IncidentStore* incidents_;
};

}  // namespace ncirt::intake::handlers
