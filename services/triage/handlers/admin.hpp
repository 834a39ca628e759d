#pragma once
// Handlers for what leads and admins manage (docs/api.md): SLA targets, users, API tokens; and
// the audit-chain verification for auditors and admins.
//
// Thread-safety: the handlers hold references to thread-safe stores.

#include "triage/auth/password.hpp"
#include "triage/routes.hpp"
#include "triage/store/queue_store.hpp"
#include "triage/store/user_store.hpp"

namespace ncirt::triage::handlers {

// GET /v1/sla-targets/{priority}
RouteHandler GetSlaTargets(store::QueueStore& queue);
// PUT /v1/sla-targets/{priority} {"time_to_triage_s", "time_to_resolve_s"}
RouteHandler PutSlaTargets(store::QueueStore& queue);
// POST /v1/users {"name", "role", "password"} -> 201
RouteHandler CreateUser(store::UserStore& users, auth::PasswordCost cost);
// POST /v1/tokens {"user", "label"} -> 201 {"token"} (shown once)
RouteHandler CreateToken(store::UserStore& users);
// GET /v1/audit/verify -> 200 {"intact": true, "rows", "last_seq", "last_hash"} or
// 409 naming the first broken row.
RouteHandler VerifyAudit(store::QueueStore& queue);

}  // namespace ncirt::triage::handlers
