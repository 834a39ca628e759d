#pragma once
// What the triage stores share about reading triage.incidents rows: the select list that
// QueueEntry is read from, and the function that reads it. Internal to store/.
//
// Thread-safety: constants and a pure function.

#include <pqxx/row>

#include "triage/store/queue_store.hpp"

namespace ncirt::triage::store {

// The select list (16 columns) EntryFromRow reads, in its order.
extern const char* const kEntryColumns;

QueueEntry EntryFromRow(const pqxx::row& row);

}  // namespace ncirt::triage::store

namespace ncirt::triage::store {

// Ok for a UUID in text form; kBadRequest naming the value otherwise (checked before any SQL
// so a malformed id is the caller's error, not a database exception).
common::Result<void> CheckIncidentId(const std::string& incident_id);

}  // namespace ncirt::triage::store
