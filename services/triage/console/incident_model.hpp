#pragma once
// GET /v1/incidents/{id}/model on triage: the incident's full model as intake stored it (times,
// assessments, contacts, indicators, related activity, history...), as the protobuf JSON
// mapping of ncirt::v1::Incident (proto/ncirt/v1/incident.proto; field names in lowerCamelCase,
// enums by name). The incident detail page shows it beside triage's own fields.
//
// The same rules as GET /v1/incidents/{id}: the read permission, 404 for an incident triage does
// not know, and reading an AMBER, AMBER+STRICT or RED incident is audited (the triage read is
// done first, through QueueStore::Get, which records it). The verbatim source document's bytes
// are left out (intake serves the document itself).
//
// Thread-safety: the handler may run concurrently; the stores are thread-safe.

#include <string>

#include "intake/store/pg_incident_store.hpp"
#include "ncirt/v1/incident.pb.h"
#include "triage/route_modules.hpp"

namespace ncirt::triage::console {

// The JSON text of `model` as this route answers it (source content cleared).
std::string ModelJson(v1::Incident model);

class IncidentModel {
 public:
  explicit IncidentModel(const RouteDeps& deps);

  common::net::HttpResponse Handle(RequestContext& context);

 private:
  store::QueueStore& queue_;
  intake::store::PgIncidentStore store_;
};

}  // namespace ncirt::triage::console
