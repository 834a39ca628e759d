#pragma once
// Shared set-up of triage's integration tests: a fresh migrated database per test, a pool
// prepared with triage's statements, a clock the test moves, and intake incidents written the
// way intake writes them (document, incident with its model, outbox row).
//
// Thread-safety: the fixture is used by the test's thread; FakeClock may be read from any.

#include <atomic>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <pqxx/connection>

#include "common/pg/pool.hpp"
#include "ncirt/v1/incident.pb.h"
#include "triage/clock.hpp"
#include "triage/store/queue_store.hpp"

namespace ncirt::triage::testing {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : ms_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint{std::chrono::milliseconds{ms_.load()}}; }
  void Advance(std::chrono::milliseconds by) { ms_ += by.count(); }

 private:
  std::atomic<std::int64_t> ms_;
};

// An incident model with one SystemImpact of `severity` at `confidence`.
v1::Incident ModelWith(v1::Severity severity, v1::ConfidenceRating confidence, v1::Tlp tlp);

class TriageDbTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // Writes an intake incident (version 1) and its 'created' outbox row; returns its id.
  std::string AddIntakeIncident(const v1::Incident& model, const std::string& tlp);
  // Writes version `version` of an existing incident and an 'updated' outbox row.
  void UpdateIntakeIncident(const std::string& id, const v1::Incident& model, int version);

  // A connection as the cluster's superuser, for what the service's role may not do.
  std::unique_ptr<pqxx::connection> Superuser();
  // One number from a query on a plain connection, after chaining pending audit records.
  std::int64_t Count(const std::string& sql);

  std::string dsn_;
  std::string db_name_;
  FakeClock clock_{TimePoint{std::chrono::milliseconds{1'800'000'000'000}}};
  std::unique_ptr<common::pg::Pool> pool_;
  std::unique_ptr<store::QueueStore> store_;
  int next_iodef_id_ = 1;
};

}  // namespace ncirt::triage::testing
