#include "triage/store/queue_store.hpp"

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "triage_fixture.hpp"

namespace ncirt::triage::testing {
namespace {

using std::chrono::seconds;

const store::Actor kAlice{"alice", "192.0.2.10"};
const store::Actor kBob{"bob", "192.0.2.11"};

v1::Incident Low() { return ModelWith(v1::SEVERITY_LOW, v1::CONFIDENCE_RATING_LOW, v1::TLP_CLEAR); }
v1::Incident High() {
  return ModelWith(v1::SEVERITY_HIGH, v1::CONFIDENCE_RATING_HIGH, v1::TLP_AMBER);
}

using QueueStoreTest = TriageDbTest;

TEST_F(QueueStoreTest, OutboxRowsEnterTheQueueExactlyOnce) {
  const std::string a = AddIntakeIncident(Low(), "CLEAR");
  const std::string b = AddIntakeIncident(High(), "AMBER");
  ASSERT_EQ(store_->ConsumeOutbox(100), 2);
  EXPECT_EQ(store_->ConsumeOutbox(100), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM triage.incidents"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.triage_outbox WHERE delivered_at IS NULL"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'received'"), 2);
  auto entry = store_->Get(kAlice, b);
  ASSERT_TRUE(entry.has_value()) << entry.error().ToString();
  EXPECT_EQ(entry->state, State::kNew);
  EXPECT_EQ(entry->priority, 2);  // 40 + AMBER 10 = 50
  EXPECT_EQ(entry->score, 50);
  EXPECT_EQ(entry->tlp, "AMBER");
}

TEST_F(QueueStoreTest, ConcurrentConsumersTakeEachOutboxRowOnce) {
  for (int i = 0; i < 60; ++i) AddIntakeIncident(Low(), "CLEAR");
  std::atomic<int> taken{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round) taken += store_->ConsumeOutbox(5).value_or(0);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(taken.load(), 60);
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'received'"), 60);
}

TEST_F(QueueStoreTest, IntakeUpdateRecomputesPriorityButKeepsTheWorkflow) {
  const std::string id = AddIntakeIncident(Low(), "CLEAR");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  ASSERT_TRUE(store_->Transition(kAlice, id, State::kTriaged).has_value());
  UpdateIntakeIncident(id, High(), 2);
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  auto entry = store_->Get(kAlice, id);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->intake_version, 2);
  EXPECT_EQ(entry->priority, 2);
  EXPECT_EQ(entry->state, State::kTriaged);
}

TEST_F(QueueStoreTest, ClaimGivesTheMostUrgentIncidentFirstAndEachOnlyOnce) {
  const std::string low = AddIntakeIncident(Low(), "CLEAR");
  const std::string high = AddIntakeIncident(High(), "AMBER");
  auto first = store_->ClaimNext(kAlice);  // consumes the outbox itself
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->incident_id, high);
  EXPECT_EQ((*first)->assignee, "alice");
  auto second = store_->ClaimNext(kBob);
  ASSERT_TRUE(second.has_value() && second->has_value());
  EXPECT_EQ((*second)->incident_id, low);
  auto none = store_->ClaimNext(kBob);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
}

TEST_F(QueueStoreTest, ClaimTakesInWaitingOutboxIncidentsBeforeChoosing) {
  const std::string low = AddIntakeIncident(Low(), "CLEAR");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  // Announced by intake, not yet taken in by the poller: more urgent than the queued one.
  const std::string high = AddIntakeIncident(High(), "AMBER");
  auto claimed = store_->ClaimNext(kAlice);
  ASSERT_TRUE(claimed.has_value() && claimed->has_value());
  EXPECT_EQ((*claimed)->incident_id, high);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.triage_outbox WHERE delivered_at IS NULL"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'claim' AND actor = 'alice' "
                  "AND origin = '192.0.2.10' AND subject = '" + high +
                  "' AND detail = '{\"overdue\":false}'"),
            1);
  auto next = store_->ClaimNext(kBob);
  ASSERT_TRUE(next.has_value() && next->has_value());
  EXPECT_EQ((*next)->incident_id, low);
}

TEST_F(QueueStoreTest, SixteenConcurrentAnalystsNeverGetTheSameIncident) {
  constexpr int kIncidents = 400;
  for (int i = 0; i < kIncidents; ++i) {
    AddIntakeIncident(i % 3 == 0 ? High() : Low(), i % 3 == 0 ? "AMBER" : "CLEAR");
  }
  ASSERT_EQ(store_->ConsumeOutbox(kIncidents), kIncidents);
  std::mutex mutex;
  std::vector<std::string> claimed;
  std::atomic<int> failures{0};
  std::vector<std::thread> analysts;
  for (int a = 0; a < 16; ++a) {
    analysts.emplace_back([&, a] {
      const store::Actor me{"analyst" + std::to_string(a), "192.0.2.1"};
      while (true) {
        auto next = store_->ClaimNext(me);
        if (!next) {
          ++failures;
          return;
        }
        if (!next->has_value()) return;
        std::lock_guard lock(mutex);
        claimed.push_back((*next)->incident_id);
      }
    });
  }
  for (auto& t : analysts) t.join();
  EXPECT_EQ(failures.load(), 0);
  const std::set<std::string> distinct(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kIncidents));
  EXPECT_EQ(distinct.size(), claimed.size());
  EXPECT_EQ(Count("SELECT count(*) FROM triage.incidents WHERE assignee IS NULL"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'claim'"), kIncidents);
  EXPECT_TRUE(store_->VerifyAudit().has_value());
}

TEST_F(QueueStoreTest, OverdueIncidentIsEscalatedAheadOfMoreUrgentOnes) {
  ASSERT_TRUE(store_->SetSlaTargets(kAlice, 4, SlaTargets{seconds{60}, seconds{3600}}));
  const std::string low = AddIntakeIncident(Low(), "CLEAR");
  const std::string high = AddIntakeIncident(High(), "AMBER");
  ASSERT_EQ(store_->ConsumeOutbox(10), 2);
  clock_.Advance(seconds{61});
  auto first = store_->ClaimNext(kAlice);
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ((*first)->incident_id, low);
  auto status = EvaluateSla((*first)->state, (*first)->sla, SlaTargets{seconds{60}, seconds{3600}},
                            clock_.Now());
  EXPECT_TRUE(status.overdue);
  auto second = store_->ClaimNext(kAlice);
  ASSERT_TRUE(second.has_value() && second->has_value());
  EXPECT_EQ((*second)->incident_id, high);
}

TEST_F(QueueStoreTest, NotYetOverdueLowPriorityWaitsBehindHigh) {
  ASSERT_TRUE(store_->SetSlaTargets(kAlice, 4, SlaTargets{seconds{60}, seconds{3600}}));
  const std::string low = AddIntakeIncident(Low(), "CLEAR");
  const std::string high = AddIntakeIncident(High(), "AMBER");
  ASSERT_EQ(store_->ConsumeOutbox(10), 2);
  clock_.Advance(seconds{59});
  auto first = store_->ClaimNext(kAlice);
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ((*first)->incident_id, high);
}

TEST_F(QueueStoreTest, IllegalTransitionIsRefusedNamingTheAllowedStates) {
  const std::string id = AddIntakeIncident(Low(), "CLEAR");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  auto refused = store_->Transition(kAlice, id, State::kClosed);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, common::ErrorKind::kConflict);
  EXPECT_NE(refused.error().message.find("may go to: triaged, rejected, merged"),
            std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'transition'"), 0);
  auto entry = store_->Get(kAlice, id);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->state, State::kNew);
}

TEST_F(QueueStoreTest, SlaClockStopsWhileWaitingAcrossTransitions) {
  const std::string id = AddIntakeIncident(Low(), "CLEAR");
  ASSERT_EQ(store_->ConsumeOutbox(10), 1);
  clock_.Advance(seconds{100});
  ASSERT_TRUE(store_->Transition(kAlice, id, State::kTriaged));
  clock_.Advance(seconds{50});
  ASSERT_TRUE(store_->Transition(kAlice, id, State::kWaiting));
  clock_.Advance(seconds{10'000});
  auto resumed = store_->Transition(kAlice, id, State::kInProgress);
  ASSERT_TRUE(resumed.has_value()) << resumed.error().ToString();
  clock_.Advance(seconds{5});
  EXPECT_EQ(Elapsed(resumed->sla, clock_.Now()), seconds{155});
}

TEST_F(QueueStoreTest, MergedIncidentKeepsItsRowAndPointsToTheSurvivor) {
  const std::string survivor = AddIntakeIncident(High(), "AMBER");
  const std::string duplicate = AddIntakeIncident(Low(), "CLEAR");
  ASSERT_EQ(store_->ConsumeOutbox(10), 2);
  auto merged = store_->Merge(kAlice, duplicate, survivor);
  ASSERT_TRUE(merged.has_value()) << merged.error().ToString();
  EXPECT_EQ(merged->state, State::kMerged);
  EXPECT_EQ(merged->merged_into, survivor);
  EXPECT_FALSE(merged->sla.running_since.has_value());
  // The survivor cannot now be merged into the merged one, nor the merged one moved.
  auto into_merged = store_->Merge(kAlice, survivor, duplicate);
  ASSERT_FALSE(into_merged.has_value());
  EXPECT_NE(into_merged.error().message.find("'merged'"), std::string::npos);
  EXPECT_FALSE(store_->Transition(kAlice, duplicate, State::kTriaged).has_value());
  EXPECT_FALSE(store_->Merge(kAlice, survivor, survivor).has_value());
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action IN ('merge', 'merged-in')"), 2);
}

TEST_F(QueueStoreTest, ReadingARestrictedIncidentIsAuditedAndAClearOneIsNot) {
  const std::string amber = AddIntakeIncident(High(), "AMBER");
  const std::string clear = AddIntakeIncident(Low(), "CLEAR");
  ASSERT_EQ(store_->ConsumeOutbox(10), 2);
  ASSERT_TRUE(store_->Get(kBob, amber).has_value());
  ASSERT_TRUE(store_->Get(kBob, clear).has_value());
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'read' AND actor = 'bob' AND "
                  "subject = '" + amber + "'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'read'"), 1);
}

TEST_F(QueueStoreTest, UnknownAndMalformedIdsAreClearErrors) {
  auto unknown = store_->Get(kAlice, "7c9e6679-7425-40de-944b-e07fc1f90ae7");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().kind, common::ErrorKind::kNotFound);
  auto malformed = store_->Transition(kAlice, "'; DROP TABLE x; --", State::kTriaged);
  ASSERT_FALSE(malformed.has_value());
  EXPECT_EQ(malformed.error().kind, common::ErrorKind::kBadRequest);
}

TEST_F(QueueStoreTest, SlaTargetsAreValidatedAndAudited) {
  EXPECT_FALSE(store_->SetSlaTargets(kAlice, 2, SlaTargets{seconds{600}, seconds{60}}));
  EXPECT_FALSE(store_->SetSlaTargets(kAlice, 5, SlaTargets{seconds{60}, seconds{600}}));
  ASSERT_TRUE(store_->SetSlaTargets(kAlice, 2, SlaTargets{seconds{120}, seconds{7200}}));
  auto targets = store_->GetSlaTargets(2);
  ASSERT_TRUE(targets.has_value());
  EXPECT_EQ(targets->time_to_triage, seconds{120});
  EXPECT_EQ(targets->time_to_resolve, seconds{7200});
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'sla-targets'"), 1);
}

}  // namespace
}  // namespace ncirt::triage::testing
