#pragma once
// The JSON of a status question asked of a partner (docs/api-exchange.md "Asking a partner for
// an incident's status"): fields that have no value yet are null, so a client can tell
// "not answered" from "answered with nothing".
//
// Thread-safety: pure functions.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "triage/sharing/status_query_store.hpp"

namespace ncirt::triage::sharing {

nlohmann::json StatusQuestionJson(const StatusQuestion& question);

// A question id from a path segment; kBadRequest naming the segment when it is not a positive
// decimal integer.
common::Result<std::int64_t> QuestionIdFromPath(const std::string& segment);

}  // namespace ncirt::triage::sharing
