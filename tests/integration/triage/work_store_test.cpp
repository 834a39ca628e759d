#include "triage/store/work_store.hpp"

#include <set>

#include <gtest/gtest.h>

#include "triage_fixture.hpp"

namespace ncirt::triage::testing {
namespace {

const store::Actor kAlice{"alice", "192.0.2.10"};

class WorkStoreTest : public TriageDbTest {
 protected:
  void SetUp() override {
    TriageDbTest::SetUp();
    work_ = std::make_unique<store::WorkStore>(*pool_, clock_);
  }
  std::string AddConsumed() {
    const std::string id = AddIntakeIncident(
        ModelWith(v1::SEVERITY_LOW, v1::CONFIDENCE_RATING_LOW, v1::TLP_CLEAR), "CLEAR");
    EXPECT_EQ(store_->ConsumeOutbox(10), 1);
    clock_.Advance(std::chrono::milliseconds(1));
    return id;
  }
  std::unique_ptr<store::WorkStore> work_;
};

TEST_F(WorkStoreTest, KeysetPagesVisitEveryIncidentOnceEvenWhenRowsArriveBetweenPages) {
  std::set<std::string> all;
  for (int i = 0; i < 25; ++i) all.insert(AddConsumed());
  std::set<std::string> seen;
  std::optional<store::PageKey> after;
  int pages = 0;
  while (true) {
    auto page = work_->List({}, after, 10);
    ASSERT_TRUE(page.has_value()) << page.error().ToString();
    for (const auto& e : page->entries) EXPECT_TRUE(seen.insert(e.incident_id).second);
    ++pages;
    if (pages == 1) all.insert(AddConsumed());  // arrives while the analyst pages
    if (!page->next) break;
    after = page->next;
  }
  EXPECT_EQ(seen, all);
}

TEST_F(WorkStoreTest, FiltersByStateAssigneeCategoryAndPartner) {
  const std::string a = AddConsumed();
  const std::string b = AddConsumed();
  ASSERT_TRUE(work_->Assign(kAlice, a, "bob"));
  ASSERT_TRUE(work_->SetCategory(kAlice, b, "fraud/phishing"));
  ASSERT_TRUE(store_->Transition(kAlice, b, State::kTriaged));
  auto by_assignee = work_->List({.assignee = "bob"}, std::nullopt, 50);
  ASSERT_TRUE(by_assignee && by_assignee->entries.size() == 1);
  EXPECT_EQ(by_assignee->entries[0].incident_id, a);
  auto by_category = work_->List({.category = "fraud/phishing"}, std::nullopt, 50);
  ASSERT_TRUE(by_category && by_category->entries.size() == 1);
  EXPECT_EQ(by_category->entries[0].incident_id, b);
  auto by_state = work_->List({.state = "triaged"}, std::nullopt, 50);
  ASSERT_TRUE(by_state && by_state->entries.size() == 1);
  auto by_partner = work_->List({.submitter = "sensor-1"}, std::nullopt, 50);
  ASSERT_TRUE(by_partner);
  EXPECT_EQ(by_partner->entries.size(), 2u);
  EXPECT_FALSE(work_->List({.state = "done"}, std::nullopt, 50).has_value());
}

TEST_F(WorkStoreTest, CategoryMustComeFromTheTaxonomy) {
  const std::string id = AddConsumed();
  auto refused = work_->SetCategory(kAlice, id, "phishing");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, common::ErrorKind::kBadRequest);
  EXPECT_TRUE(work_->SetCategory(kAlice, id, "intrusions/traffic-rerouting").has_value());
}

TEST_F(WorkStoreTest, PriorityOverrideWinsInClaimOrderAndCanBeRemoved) {
  const std::string low = AddConsumed();
  const std::string other = AddConsumed();
  auto raised = work_->SetSeverityOverride(kAlice, other, 1);
  ASSERT_TRUE(raised.has_value());
  EXPECT_EQ(raised->EffectivePriority(), 1);
  auto claimed = store_->ClaimNext(kAlice);
  ASSERT_TRUE(claimed && *claimed);
  EXPECT_EQ((*claimed)->incident_id, other);
  auto removed = work_->SetSeverityOverride(kAlice, low, std::nullopt);
  ASSERT_TRUE(removed.has_value());
  EXPECT_FALSE(removed->severity_override.has_value());
  EXPECT_FALSE(work_->SetSeverityOverride(kAlice, low, 5).has_value());
}

TEST_F(WorkStoreTest, CommentsAndLinksAreKeptAndAudited) {
  const std::string a = AddConsumed();
  const std::string b = AddConsumed();
  ASSERT_TRUE(work_->AddComment(kAlice, a, "called the constituent's CERT"));
  ASSERT_TRUE(work_->AddLink(kAlice, b, a, "same-campaign"));
  auto duplicate = work_->AddLink(kAlice, a, b, "related");
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().kind, common::ErrorKind::kDuplicate);
  EXPECT_FALSE(work_->AddLink(kAlice, a, a, "related").has_value());
  EXPECT_FALSE(work_->AddComment(kAlice, a, "").has_value());
  auto comments = work_->Comments(kAlice, a);
  ASSERT_TRUE(comments && comments->size() == 1);
  EXPECT_EQ((*comments)[0].author, "alice");
  auto links = work_->Links(kAlice, a);
  ASSERT_TRUE(links && links->size() == 1);
  EXPECT_EQ((*links)[0].other, b);
  EXPECT_EQ((*links)[0].relation, "same-campaign");
  EXPECT_EQ(Count("SELECT count(*) FROM audit.log WHERE action IN ('comment', 'link')"), 2);
  // A merged incident keeps its comments and links.
  ASSERT_TRUE(store_->Merge(kAlice, a, b));
  EXPECT_EQ(work_->Comments(kAlice, a)->size(), 1u);
  EXPECT_EQ(work_->Links(kAlice, a)->size(), 1u);
  EXPECT_TRUE(store_->VerifyAudit().has_value());
}

}  // namespace
}  // namespace ncirt::triage::testing
