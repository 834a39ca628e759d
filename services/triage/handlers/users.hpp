#pragma once
// Handlers for user and token administration and for "who am I" (docs/api.md): an admin lists
// users, changes a role, disables or re-enables a user, lists and revokes API tokens; anyone
// logged in reads GET /v1/me. Decode, call UserStore, encode; never a password hash or token.
//
// Thread-safety: the handlers hold references to the thread-safe store.

#include "triage/routes.hpp"
#include "triage/store/user_store.hpp"

namespace ncirt::triage::handlers {

// GET /v1/users -> {"users": [{"name", "role", "disabled", "created_at_ms"}]}
RouteHandler ListUsers(store::UserStore& users);
// PUT /v1/users/{name}/role {"role"} -> the user; 409 when no enabled admin would remain
RouteHandler SetUserRole(store::UserStore& users);
// PUT /v1/users/{name}/disabled {"disabled": true|false} -> the user; 409 as above
RouteHandler SetUserDisabled(store::UserStore& users);
// GET /v1/tokens[?user=] -> {"tokens": [{"id", "user", "label", "created_at_ms",
// "revoked_at_ms"}]}
RouteHandler ListTokens(store::UserStore& users);
// DELETE /v1/tokens/{id} -> the revoked token; 404 unknown, 409 revoked already
RouteHandler RevokeToken(store::UserStore& users);
// GET /v1/me -> {"name", "role", "permissions", "via", "session_expires_at_ms"}
RouteHandler Me();

}  // namespace ncirt::triage::handlers
