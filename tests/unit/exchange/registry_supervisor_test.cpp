#include "exchange/registry_supervisor.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <stdexcept>

#include <pqxx/except>

namespace ncirt::exchange {
namespace {

using namespace std::chrono_literals;
using Clock = RegistrySupervisor::Clock;

// The partner registry with scripted answers to List(), one per call: a list, an error value,
// or PostgreSQL going away mid-read (what common/pg lets propagate). The last answer repeats.
class ScriptedRegistry final : public store::PartnerStore {
 public:
  enum class Answer { kList, kUnavailable, kConnectionLost };

  common::Result<Partner> Create(const Partner&) override { return Unused(); }
  common::Result<Partner> Update(const Partner&) override { return Unused(); }
  common::Result<Partner> Get(std::string_view) override { return Unused(); }
  common::Result<std::vector<Partner>> List() override {
    ++reads;
    const Answer answer = script.front();
    if (script.size() > 1) script.pop_front();
    switch (answer) {
      case Answer::kUnavailable:
        return common::Fail(common::ErrorKind::kUnavailable, "no connection to PostgreSQL");
      case Answer::kConnectionLost:
        throw pqxx::broken_connection("server closed the connection unexpectedly");
      case Answer::kList: break;
    }
    return partners;
  }

  std::deque<Answer> script{Answer::kList};
  std::vector<Partner> partners;
  int reads = 0;

 private:
  static common::Result<Partner> Unused() {
    return common::Fail(common::ErrorKind::kNotFound, "not used by the supervisor");
  }
};

class RegistrySupervisorTest : public ::testing::Test {
 protected:
  using Answer = ScriptedRegistry::Answer;

  ScriptedRegistry registry_;
  std::vector<std::vector<Partner>> applied_;
  std::vector<std::size_t> followed_with_;  // registry size at each follow
  bool follow_throws_ = false;
  RegistrySupervisor supervisor_{
      registry_, [this](const std::vector<Partner>& all) { applied_.push_back(all); },
      [this](const std::vector<Partner>& all) -> common::Result<int> {
        if (follow_throws_) throw pqxx::broken_connection("lost during follow");
        followed_with_.push_back(all.size());
        return 2;
      },
      5s};
  const Clock::time_point t0_{};
};

TEST_F(RegistrySupervisorTest, AConnectionLostAtStartUpIsReportedAndTheNextTickReadsAgain) {
  registry_.script = {Answer::kConnectionLost, Answer::kList};
  registry_.partners = {Partner{.id = 1, .name = "CERT-B"}};

  SupervisorTick first;
  ASSERT_NO_THROW(first = supervisor_.Tick(t0_));
  EXPECT_FALSE(first.registry_read);
  EXPECT_NE(first.registry_failure.find("server closed the connection"), std::string::npos)
      << first.registry_failure;
  EXPECT_NE(first.registry_failure.find("partner registry"), std::string::npos);
  EXPECT_FALSE(supervisor_.Loaded());
  EXPECT_TRUE(applied_.empty());
  EXPECT_FALSE(first.followed) << "no following with a registry never read";

  // The very next tick (not a reload interval later) tries again.
  const SupervisorTick second = supervisor_.Tick(t0_ + 1ms);
  EXPECT_TRUE(second.registry_read);
  EXPECT_TRUE(second.registry_failure.empty());
  EXPECT_TRUE(supervisor_.Loaded());
  ASSERT_EQ(applied_.size(), 1u);
  EXPECT_EQ(applied_[0].at(0).name, "CERT-B");
  EXPECT_TRUE(second.followed);
  EXPECT_EQ(second.versions_queued, 2);
  EXPECT_EQ(registry_.reads, 2);
}

TEST_F(RegistrySupervisorTest, AnUnavailableDatabaseAtStartUpIsRetriedEveryTickUntilItAnswers) {
  registry_.script = {Answer::kUnavailable, Answer::kUnavailable, Answer::kList};
  EXPECT_NE(supervisor_.Tick(t0_).registry_failure.find("no connection to PostgreSQL"),
            std::string::npos);
  EXPECT_FALSE(supervisor_.Tick(t0_ + 1ms).registry_read);
  EXPECT_TRUE(supervisor_.Tick(t0_ + 2ms).registry_read);
  EXPECT_EQ(registry_.reads, 3);
  EXPECT_EQ(applied_.size(), 1u);
}

TEST_F(RegistrySupervisorTest, AFailedReloadKeepsThePartnersReadBeforeUntilTheNextInterval) {
  registry_.script = {Answer::kList, Answer::kConnectionLost, Answer::kList};
  registry_.partners = {Partner{.id = 1, .name = "CERT-B"}};
  ASSERT_TRUE(supervisor_.Tick(t0_).registry_read);
  registry_.partners.push_back(Partner{.id = 2, .name = "CERT-C"});

  EXPECT_EQ(supervisor_.Tick(t0_ + 4s).registry_failure, "") << "not due yet";
  EXPECT_EQ(registry_.reads, 1);

  const SupervisorTick failed = supervisor_.Tick(t0_ + 5s);
  EXPECT_FALSE(failed.registry_failure.empty());
  EXPECT_TRUE(failed.followed) << "following goes on with the last list";
  EXPECT_EQ(supervisor_.Registry().size(), 1u);

  supervisor_.Tick(t0_ + 6s);
  EXPECT_EQ(registry_.reads, 2) << "a reload failure waits for the interval";
  EXPECT_TRUE(supervisor_.Tick(t0_ + 10s).registry_read);
  EXPECT_EQ(supervisor_.Registry().size(), 2u);
  ASSERT_EQ(applied_.size(), 2u);
  EXPECT_EQ(applied_[1].size(), 2u);
  EXPECT_EQ(followed_with_, (std::vector<std::size_t>{1, 1, 1, 1, 2}));
}

TEST_F(RegistrySupervisorTest, AFollowStepThatThrowsIsReportedAndTheNextTickFollowsAgain) {
  follow_throws_ = true;
  SupervisorTick tick;
  ASSERT_NO_THROW(tick = supervisor_.Tick(t0_));
  EXPECT_TRUE(tick.registry_read);
  EXPECT_NE(tick.follow_failure.find("lost during follow"), std::string::npos);
  follow_throws_ = false;
  tick = supervisor_.Tick(t0_ + 1s);
  EXPECT_TRUE(tick.follow_failure.empty());
  EXPECT_EQ(tick.versions_queued, 2);
}

}  // namespace
}  // namespace ncirt::exchange
