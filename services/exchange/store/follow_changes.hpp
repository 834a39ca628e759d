#pragma once
// Updates follow the incident: takes the incidents noted as changed since they were shared
// (exchange.changed_incidents, filled by the triggers of the "exchange_follow" migration) and
// queues a new version of each for every partner that has received it, through the same
// policy as the first share (share_source.hpp, outbox/share_plan.hpp). A partner the policy
// now refuses (say the incident was re-marked RED) gets a "refused" history entry and nothing.
//
// Each incident is handled in one transaction that deletes its note and writes the outbox rows,
// so a crash either leaves the note (handled again) or the whole new version; notes are taken
// with FOR UPDATE SKIP LOCKED, so several exchange instances can follow at once.
//
// Thread-safety: may run on several threads and processes at once.

#include <vector>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "exchange/partner.hpp"
#include "google/protobuf/timestamp.pb.h"

namespace ncirt::exchange::store {

void PrepareFollowStatements(pqxx::connection& connection);

// Handles up to `limit` noted incidents; returns how many new versions it queued (incidents
// whose recipients were all refused or gone count 0). `partners` is the current registry.
// REQUIRES: the pool's connections ran PrepareFollowStatements, PrepareShareSourceStatements
// and PgOutboxStore::Prepare.
common::Result<int> FollowChanges(common::pg::Pool& pool, const std::vector<Partner>& partners,
                                  const google::protobuf::Timestamp& now, int limit);

}  // namespace ncirt::exchange::store
