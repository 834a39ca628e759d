// The registry: time-versioned ownership, re-matching open incidents when the registry
// changes, conflicts, and the audit record of every change.
#include <gtest/gtest.h>

#include "constituency_fixture.hpp"
#include "triage/store/work_store.hpp"

namespace ncirt::triage::testing {
namespace {

using constituency::CheckFact;
using constituency::FactKind;
using std::chrono::hours;
using V = std::vector<std::string>;

class RegistryTest : public ConstituencyDbTest {};

TEST_F(RegistryTest, AnOldIncidentKeepsTheOwnerTheAddressHadWhenReported) {
  ASSERT_TRUE(registry_->Create(lead_, Org("old-owner", "retail", std::nullopt,
                                           {"203.0.113.0/24"})));
  ASSERT_TRUE(registry_->Create(lead_, Org("new-owner", "water", std::nullopt, {})));
  const TimePoint before = clock_.Now();
  // One early incident is closed (keeps its match), one stays open (is re-matched).
  const std::string early = AddIncident({{"ipv4-address", "203.0.113.5"}});
  const std::string early_open = AddIncident({{"ipv4-address", "203.0.113.6"}});
  ASSERT_TRUE(queue_->Transition({"a", "a"}, early, State::kRejected));
  clock_.Advance(hours{24});
  auto moved = registry_->AddFact(lead_, "new-owner",
                                  *CheckFact(FactKind::kRange, "203.0.113.0/24", {}, "r"),
                                  std::nullopt, /*transfer=*/true);
  ASSERT_TRUE(moved) << moved.error().ToString();
  const std::string late = AddIncident({{"ipv4-address", "203.0.113.5"}});

  EXPECT_EQ(Matched(early), V{"old-owner"});
  // Re-matched by the transfer, but as of its arrival, when old-owner held the range.
  EXPECT_EQ(Matched(early_open), V{"old-owner"});
  EXPECT_EQ(Matched(late), V{"new-owner"});

  auto then = registry_->Lookup("203.0.113.5", before);
  ASSERT_TRUE(then);
  ASSERT_EQ(then->size(), 1u);
  EXPECT_EQ((*then)[0].handle, "old-owner");
  auto now = registry_->Lookup("203.0.113.5", std::nullopt);
  ASSERT_TRUE(now);
  EXPECT_EQ((*now)[0].handle, "new-owner");

  auto history = registry_->Get("old-owner", std::nullopt, true);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->facts.size(), 1u);
  EXPECT_EQ(history->facts[0].validity.to, clock_.Now());
  auto current = registry_->Get("old-owner", std::nullopt, false);
  ASSERT_TRUE(current);
  EXPECT_TRUE(current->facts.empty());
}

TEST_F(RegistryTest, RegistryChangesRematchOpenIncidentsAndTheirPriority) {
  const std::string open = AddIncident({{"ipv4-address", "198.51.100.7"}});
  const std::string closed = AddIncident({{"ipv4-address", "198.51.100.8"}});
  ASSERT_TRUE(queue_->Transition({"a", "a"}, closed, State::kRejected));
  const int score_before = Entry(open).score;
  EXPECT_TRUE(Matched(open).empty());

  // A new organisation (no valid_from: it answers for incidents already in the queue).
  ASSERT_TRUE(registry_->Create(lead_, Org("grid", "energy", Criticality::kVital,
                                           {"198.51.100.0/24"})));
  EXPECT_EQ(Matched(open), V{"grid"});
  EXPECT_EQ(Entry(open).score, score_before + 25);
  EXPECT_TRUE(Matched(closed).empty()) << "a closed incident keeps its last match";

  // A lower criticality from an hour later: the open incident is re-matched against the
  // version valid at its arrival, which is still the vital one.
  clock_.Advance(hours{1});
  ASSERT_TRUE(registry_->Update(lead_, "grid", {"Grid", "energy", Criticality::kOther},
                                std::nullopt));
  EXPECT_EQ(Entry(open).score, score_before + 25);
  // A version may not start before the current one.
  auto backdated = registry_->Update(lead_, "grid", {"Grid", "energy", Criticality::kOther},
                                     TimePoint{std::chrono::milliseconds{1'700'000'000'000}});
  ASSERT_FALSE(backdated);
  EXPECT_EQ(backdated.error().kind, common::ErrorKind::kConflict);

  // Removing closes the organisation from now on: the open incident keeps the owner it had on
  // arrival, an incident arriving later matches nothing.
  ASSERT_TRUE(registry_->Remove(lead_, "grid"));
  clock_.Advance(hours{1});
  const std::string after = AddIncident({{"ipv4-address", "198.51.100.9"}});
  EXPECT_TRUE(Matched(after).empty());
  EXPECT_EQ(Matched(open), V{"grid"});
  EXPECT_GE(Count("SELECT count(*) FROM audit.log WHERE action = 'constituency-rematch' AND "
                  "subject = '" + open + "'"),
            1);
}

TEST_F(RegistryTest, AHigherCriticalityMovesAnOpenIncidentsDueTimeEarlierAndItsQueuePlace) {
  // b: more urgent by its analyst's override (priority 2), but due for triage in 24 hours, as
  // its computed priority 4 gave it on arrival. a: priority 4, due in 24 hours too, until the
  // registry says it belongs to critical infrastructure.
  const std::string b = AddIncident({{"ipv4-address", "198.51.100.20"}});
  store::WorkStore work(*pool_, clock_);
  ASSERT_TRUE(work.SetSeverityOverride(lead_, b, 2));
  clock_.Advance(std::chrono::minutes{1});
  const std::string a = AddIncident({{"ipv4-address", "203.0.113.20"}});
  const std::string closed = AddIncident({{"ipv4-address", "203.0.113.21"}});
  ASSERT_TRUE(queue_->Transition({"a", "a"}, closed, State::kRejected));
  const store::QueueEntry a_before = Entry(a);
  const store::QueueEntry closed_before = Entry(closed);
  ASSERT_EQ(a_before.priority, 4);
  ASSERT_EQ(a_before.triage_due_at, a_before.created_at + hours{24});

  ASSERT_TRUE(registry_->Create(lead_, Org("grid", "energy", Criticality::kVital,
                                           {"203.0.113.0/24"})));
  // Priority 3 now: due 4 hours after arrival (the seeded time-to-triage of priority 3).
  const store::QueueEntry a_after = Entry(a);
  EXPECT_EQ(a_after.priority, 3);
  EXPECT_EQ(a_after.triage_due_at, a_before.created_at + hours{4});
  const store::QueueEntry closed_after = Entry(closed);
  EXPECT_EQ(closed_after.priority, closed_before.priority) << "closed incidents are untouched";
  EXPECT_EQ(closed_after.score, closed_before.score);
  EXPECT_EQ(closed_after.triage_due_at, closed_before.triage_due_at);

  // Five hours on, a is overdue and claim-next serves it before b's higher priority; with the
  // due time of its arrival (24 hours) b would have come first.
  clock_.Advance(hours{5});
  auto first = queue_->ClaimNext({"analyst", "127.0.0.1"});
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->incident_id, a);
  auto second = queue_->ClaimNext({"analyst2", "127.0.0.1"});
  ASSERT_TRUE(second && *second);
  EXPECT_EQ((*second)->incident_id, b);
}

TEST_F(RegistryTest, ConflictsAndUnknownsChangeNothing) {
  ASSERT_TRUE(registry_->Create(lead_, Org("a", "finance", std::nullopt, {"192.0.2.0/24"},
                                           {"64500"}, {"a.example"})));
  auto again = registry_->Create(lead_, Org("a", "finance", std::nullopt, {}));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, common::ErrorKind::kConflict);
  // b would take a's range: refused, and b is not created either.
  auto taken = registry_->Create(lead_, Org("b", "finance", std::nullopt, {"192.0.2.0/24"}));
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().kind, common::ErrorKind::kConflict);
  EXPECT_NE(taken.error().message.find("'a'"), std::string::npos) << taken.error().message;
  EXPECT_FALSE(registry_->Get("b", std::nullopt, false));
  auto unknown = registry_->AddFact(lead_, "nobody",
                                    *CheckFact(FactKind::kAsn, "1", {}, "a"), std::nullopt,
                                    false);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, common::ErrorKind::kNotFound);
  auto no_fact = registry_->CloseFact(lead_, "a", FactKind::kRange, 999999);
  ASSERT_FALSE(no_fact);
  EXPECT_EQ(no_fact.error().kind, common::ErrorKind::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM triage.constituent_ranges"), 1);
}

TEST_F(RegistryTest, EveryChangeIsAudited) {
  ASSERT_TRUE(registry_->Create(lead_, Org("a", "finance", std::nullopt, {"192.0.2.0/24"})));
  auto added = registry_->AddFact(lead_, "a", *CheckFact(FactKind::kDomain, "a.example", {}, "d"),
                                  std::nullopt, false);
  ASSERT_TRUE(added);
  ASSERT_TRUE(registry_->CloseFact(lead_, "a", FactKind::kDomain, added->id));
  ASSERT_TRUE(registry_->Update(lead_, "a", {"A", "finance", Criticality::kVital}, std::nullopt));
  ASSERT_TRUE(registry_->Remove(lead_, "a"));
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE subject = 'constituent/a' AND actor = "
                  "'lead1'"),
            6);  // create, add (range), add (domain), close, update, remove
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action = 'constituency-remove'"), 1);
}

}  // namespace
}  // namespace ncirt::triage::testing

namespace ncirt::triage::testing {
namespace {

TEST_F(RegistryTest, ListingPagesByHandleAndHistoryKeepsEveryVersion) {
  for (const char* h : {"c-org", "a-org", "b-org"}) {
    ASSERT_TRUE(registry_->Create(lead_, Org(h, "research", std::nullopt, {})));
  }
  auto first = registry_->List(std::nullopt, "", 2);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->organisations.size(), 2u);
  EXPECT_EQ(first->organisations[0].handle, "a-org");
  ASSERT_TRUE(first->next_after.has_value());
  auto rest = registry_->List(std::nullopt, *first->next_after, 2);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->organisations.size(), 1u);
  EXPECT_EQ(rest->organisations[0].handle, "c-org");
  EXPECT_FALSE(rest->next_after.has_value());
  EXPECT_FALSE(registry_->List(std::nullopt, "", 0));

  clock_.Advance(std::chrono::hours{1});
  ASSERT_TRUE(registry_->Update(lead_, "a-org", {"A Renamed", "research", std::nullopt},
                                std::nullopt));
  auto history = registry_->Get("a-org", std::nullopt, true);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->history.size(), 2u);
  EXPECT_EQ(history->history[0].attributes.name, "a-org Ltd");
  EXPECT_EQ(history->history[1].attributes.name, "A Renamed");
  EXPECT_EQ(history->history[0].validity.to, history->history[1].validity.from);
  auto before = registry_->Get("a-org", clock_.Now() - std::chrono::minutes{1}, false);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->version.attributes.name, "a-org Ltd");
}

}  // namespace
}  // namespace ncirt::triage::testing
