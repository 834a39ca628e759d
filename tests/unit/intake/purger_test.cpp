#include "intake/purger.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace ncirt::intake {
namespace {

TEST(PurgerTest, OnePassPurgesQuarantineAndKeysWithTheirOwnRetention) {
  testing::FakeQuarantineStore quarantine;
  testing::FakeIncidentStore incidents;
  Purger purger(quarantine, incidents,
                {.quarantine_retention = std::chrono::hours(48),
                 .idempotency_retention = std::chrono::hours(2),
                 .interval = std::chrono::hours(1)});
  const PurgeCounts counts = purger.RunOnce();
  EXPECT_FALSE(counts.failed);
  ASSERT_EQ(quarantine.purged_ages.size(), 1u);
  EXPECT_EQ(quarantine.purged_ages[0], std::chrono::hours(48));
  ASSERT_EQ(incidents.purged_key_ages.size(), 1u);
  EXPECT_EQ(incidents.purged_key_ages[0], std::chrono::hours(2));
}

TEST(PurgerTest, FailingStoreIsReportedAndTheOtherPurgeStillRuns) {
  testing::FakeQuarantineStore quarantine;
  testing::FakeIncidentStore incidents;
  quarantine.down = true;
  Purger purger(quarantine, incidents, {});
  EXPECT_TRUE(purger.RunOnce().failed);
  EXPECT_EQ(incidents.purged_key_ages.size(), 1u);
}

TEST(PurgerTest, StartPurgesAtOnceAndStopDoesNotWaitForTheInterval) {
  testing::FakeQuarantineStore quarantine;
  testing::FakeIncidentStore incidents;
  Purger purger(quarantine, incidents, {.interval = std::chrono::hours(24)});
  purger.Start();
  purger.Stop();  // Would hang for a day if the wait were not interruptible.
  EXPECT_EQ(quarantine.purged_ages.size(), 1u);
  purger.Stop();  // Idempotent.
}

}  // namespace
}  // namespace ncirt::intake
