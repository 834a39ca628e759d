#pragma once
// Shared set-up of the constituency integration tests: a fresh migrated database per test, a
// pool prepared as the triage App prepares it, a clock the test moves, the stores, and
// incidents written the way intake writes them (document, incident, normalised indicators,
// outbox row) and then taken into triage by QueueStore::ConsumeOutbox, which matches them.
//
// Thread-safety: used by the test's thread only.

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "common/pg/pool.hpp"
#include "triage/clock.hpp"
#include "triage/constituency/registry_store.hpp"
#include "triage/correlation/correlation_store.hpp"
#include "triage/store/queue_store.hpp"

namespace ncirt::triage::testing {

class TestClock final : public Clock {
 public:
  explicit TestClock(TimePoint start) : ms_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint{std::chrono::milliseconds{ms_.load()}}; }
  void Advance(std::chrono::milliseconds by) { ms_ += by.count(); }

 private:
  std::atomic<std::int64_t> ms_;
};

// (kind, value) as in intake.indicators: "ipv4-address", "ipv6-network", "domain", "url",
// "email", "hash", "asn", ...
using Indicators = std::vector<std::pair<std::string, std::string>>;

class ConstituencyDbTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // Writes an intake incident with these indicators and takes it into triage; returns its id.
  std::string AddIncident(const Indicators& indicators);
  // Writes several incidents and takes them in with one ConsumeOutbox.
  std::vector<std::string> AddIncidents(const std::vector<Indicators>& each);

  // The handles matched to an incident, most specific first.
  std::vector<std::string> Matched(const std::string& incident_id);
  store::QueueEntry Entry(const std::string& incident_id);
  std::int64_t Count(const std::string& sql);
  void Exec(const std::string& sql);

  constituency::NewOrganisation Org(const std::string& handle, const std::string& sector,
                                    std::optional<Criticality> criticality,
                                    const std::vector<std::string>& ranges,
                                    const std::vector<std::string>& asns = {},
                                    const std::vector<std::string>& domains = {});

  const store::Actor lead_{"lead1", "127.0.0.1"};
  std::string dsn_;
  TestClock clock_{TimePoint{std::chrono::milliseconds{1'800'000'000'000}}};
  std::unique_ptr<common::pg::Pool> pool_;
  std::unique_ptr<store::QueueStore> queue_;
  std::unique_ptr<constituency::RegistryStore> registry_;
  std::unique_ptr<correlation::CorrelationStore> correlation_;
  int next_iodef_id_ = 1;
};

}  // namespace ncirt::triage::testing
