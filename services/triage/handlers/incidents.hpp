#pragma once
// Handlers of the queue and incident endpoints (docs/api.md): claim-next, incident detail,
// workflow transition and merge. Each decodes the request, calls a store, and maps the
// Result to a response; no SQL, no sockets.
//
// Thread-safety: the handlers hold only a reference to the store, which is thread-safe.

#include "triage/routes.hpp"
#include "triage/store/detail_store.hpp"
#include "triage/store/queue_store.hpp"

namespace ncirt::triage::handlers {

// POST /v1/queue/claim -> 200 with the claimed entry, or 204 when nothing is waiting.
RouteHandler ClaimNext(store::QueueStore& queue);
// GET /v1/incidents/{id} -> the full detail (detail_json.hpp)
RouteHandler GetIncident(store::DetailStore& details);
// POST /v1/incidents/{id}/transition {"to": "<state>"}
RouteHandler TransitionIncident(store::QueueStore& queue);
// POST /v1/incidents/{id}/merge {"into": "<survivor id>"}
RouteHandler MergeIncident(store::QueueStore& queue);

}  // namespace ncirt::triage::handlers
