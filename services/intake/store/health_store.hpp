#pragma once
// What /readyz and /metrics ask the database: is it reachable with the schema this build needs,
// and how many incidents wait for triage.
//
// Thread-safety: implementations must allow concurrent calls.

#include <cstdint>

#include "common/error/error.hpp"

namespace ncirt::intake::store {

class HealthStore {
 public:
  virtual ~HealthStore() = default;

  // kUnavailable with the reason when PostgreSQL cannot be reached, or when its schema is older
  // than the migrations built into this binary (run ncirt-migrate).
  virtual common::Result<void> Ready() = 0;

  // Outbox rows triage has not taken yet.
  virtual common::Result<std::int64_t> PendingTriage() = 0;
};

}  // namespace ncirt::intake::store
