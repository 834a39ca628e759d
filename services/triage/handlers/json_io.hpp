#pragma once
// JSON in and out for triage's handlers: parsing a request body into an object with a clear
// error, and the JSON form of a queue entry (docs/api.md describes every field).
//
// Thread-safety: pure functions.

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "common/net/https_server.hpp"
#include "triage/store/queue_store.hpp"

namespace ncirt::triage::handlers {

// The body as a JSON object; kBadRequest naming the problem otherwise.
common::Result<nlohmann::json> ParseObject(const common::net::HttpRequest& request);

// The string member `name`; kBadRequest naming it when absent or not a string.
common::Result<std::string> StringMember(const nlohmann::json& object, const char* name);

nlohmann::json EntryJson(const store::QueueEntry& entry);

// 200 with `body` as application/json.
common::net::HttpResponse JsonResponse(const common::net::HttpRequest& request,
                                       const nlohmann::json& body,
                                       boost::beast::http::status status =
                                           boost::beast::http::status::ok);

}  // namespace ncirt::triage::handlers
