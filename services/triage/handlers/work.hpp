#pragma once
// Handlers of the analysts' work endpoints (docs/api.md): the queue listing, assignment,
// category, priority override, comments and links. Decode, call WorkStore, encode.
//
// Thread-safety: the handlers hold only a reference to the thread-safe store.

#include <optional>
#include <string>
#include <string_view>

#include "triage/routes.hpp"
#include "triage/store/work_store.hpp"

namespace ncirt::triage::handlers {

// GET /v1/queue?state=&category=&assignee=&partner=&constituent=&mine=&overdue_first=
//              &limit=&after=
RouteHandler ListQueue(store::WorkStore& work);
// PUT /v1/incidents/{id}/assignee {"assignee": "<user>" | ""}
RouteHandler AssignIncident(store::WorkStore& work);
// PUT /v1/incidents/{id}/category {"category": "<class/type>"}
RouteHandler SetCategory(store::WorkStore& work);
// PUT /v1/incidents/{id}/priority {"priority": 1..4 | null}
RouteHandler SetPriorityOverride(store::WorkStore& work);
// POST /v1/incidents/{id}/comments {"body"}; GET /v1/incidents/{id}/comments
RouteHandler AddComment(store::WorkStore& work);
RouteHandler ListComments(store::WorkStore& work);
// POST /v1/incidents/{id}/links {"to", "relation"}; GET /v1/incidents/{id}/links
RouteHandler AddLink(store::WorkStore& work);
RouteHandler ListLinks(store::WorkStore& work);

// The percent-decoded value of query parameter `name`, if present.
std::optional<std::string> QueryValue(std::string_view query, std::string_view name);

// The page cursor's text form "<created_at ms>.<incident id>", or with overdue_first
// "<as_of ms>.<part>.<created_at ms>.<incident id>", and back.
std::string CursorText(const store::PageKey& key);
std::optional<store::PageKey> ParseCursor(std::string_view text);

}  // namespace ncirt::triage::handlers
