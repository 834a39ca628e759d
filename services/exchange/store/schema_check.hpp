#pragma once
// The start-up check that the database holds the tables the exchange service uses (its own, and
// intake's and triage's it writes partners' incidents and withdrawals into). Without it, a
// service started against a database whose migrations have not run would fail on its first
// statement with an exception; with it, start-up stops with a sentence that says what is
// missing, why, and what to run.
//
// Thread-safety: a free function; each call borrows its own connection.

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"

namespace ncirt::exchange::store {

// The tables checked, schema-qualified.
inline constexpr const char* kRequiredTables[] = {
    "exchange.partners",        "exchange.outbox",  "exchange.received_shares",
    "exchange.sharing_history", "exchange.changed_incidents", "exchange.status_queries",
    "intake.incidents", "triage.incidents"};

// kBadConfig naming the missing tables and the remedy (run ncirt-migrate against the same
// NCIRT_DATABASE_URL) when any is missing; kUnavailable when PostgreSQL cannot be reached.
common::Result<void> CheckSchema(common::pg::Pool& pool);

}  // namespace ncirt::exchange::store
