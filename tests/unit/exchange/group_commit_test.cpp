#include "exchange/group_commit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace ncirt::exchange {
namespace {

// Stores batches in memory. The first batch waits until the test opens the gate, so the
// others pile up behind it and form one batch. A share_id starting with "bad" fails its batch.
class GatedBatchStore final : public store::ShareBatchStore {
 public:
  common::Result<std::vector<store::BatchOutcome>> CommitVersions(
      const std::vector<store::BatchEntry>& entries) override {
    std::unique_lock lock(mutex_);
    if (calls_++ == 0) gate_.wait(lock, [this] { return open_; });
    batch_sizes.push_back(entries.size());
    std::vector<store::BatchOutcome> out;
    for (const store::BatchEntry& e : entries) {
      if (e.share_id.starts_with("bad")) {
        return common::Fail(common::ErrorKind::kConflict, e.share_id + " is filed by another");
      }
      out.push_back({"r-" + e.share_id, false});
    }
    for (const store::BatchEntry& e : entries) committed.push_back(e.share_id);
    return out;
  }
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    gate_.notify_all();
  }

  std::vector<std::size_t> batch_sizes;
  std::vector<std::string> committed;

 private:
  std::mutex mutex_;
  std::condition_variable gate_;
  bool open_ = false;
  int calls_ = 0;
};

// Runs Commit for each id on its own thread; the first is started alone (it becomes the leader
// and waits at the gate), the others once it is waiting.
std::vector<common::Result<store::BatchOutcome>> CommitAll(GroupCommit& group,
                                                           GatedBatchStore& store,
                                                           const std::vector<std::string>& ids) {
  std::vector<store::BatchEntry> entries;
  for (const std::string& id : ids) entries.push_back({.partner_id = 1, .share_id = id});
  std::vector<common::Result<store::BatchOutcome>> out(ids.size());
  std::vector<std::thread> threads;
  threads.emplace_back([&] { out[0] = group.Commit(entries[0]); });
  // The first is the leader once it left the queue (it then waits at the gate).
  while (group.Committing() == 0) std::this_thread::yield();
  for (std::size_t i = 1; i < ids.size(); ++i) {
    threads.emplace_back([&, i] { out[i] = group.Commit(entries[i]); });
  }
  // Every follower is queued once the group holds them; then the gate opens.
  while (group.Waiting() < ids.size() - 1) std::this_thread::yield();
  store.Open();
  for (auto& t : threads) t.join();
  return out;
}

TEST(GroupCommitTest, SharesWaitingTogetherAreCommittedInOneBatch) {
  GatedBatchStore store;
  GroupCommit group(store, 64, 1);
  const auto out = CommitAll(group, store, {"s0", "s1", "s2", "s3", "s4"});
  for (std::size_t i = 0; i < out.size(); ++i) {
    ASSERT_TRUE(out[i]) << i;
    EXPECT_EQ(out[i]->receiver_incident_id, "r-s" + std::to_string(i));
  }
  EXPECT_EQ(store.batch_sizes, (std::vector<std::size_t>{1, 4}))
      << "the four that waited behind the first commit share the next one";
  EXPECT_EQ(group.Stats().largest, 4u);
}

TEST(GroupCommitTest, OneBadShareGetsItsErrorAndTheOthersOfItsBatchCommit) {
  GatedBatchStore store;
  GroupCommit group(store, 64, 1);
  const auto out = CommitAll(group, store, {"s0", "s1", "bad2", "s3"});
  ASSERT_TRUE(out[0]);
  ASSERT_TRUE(out[1]);
  ASSERT_FALSE(out[2]);
  EXPECT_EQ(out[2].error().kind, common::ErrorKind::kConflict);
  ASSERT_TRUE(out[3]);
  EXPECT_EQ(out[3]->receiver_incident_id, "r-s3");
  // The followers queue in the order their threads happen to run: compare as a set.
  std::vector<std::string> committed = store.committed;
  std::sort(committed.begin(), committed.end());
  EXPECT_EQ(committed, (std::vector<std::string>{"s0", "s1", "s3"}));
  EXPECT_EQ(group.Stats().fallbacks, 1u);
}

TEST(GroupCommitTest, BatchesAreBoundedByMaxBatch) {
  GatedBatchStore store;
  GroupCommit group(store, 2, 1);
  const auto out = CommitAll(group, store, {"s0", "s1", "s2", "s3", "s4"});
  for (const auto& o : out) EXPECT_TRUE(o);
  EXPECT_EQ(store.batch_sizes, (std::vector<std::size_t>{1, 2, 2}));
}

}  // namespace
}  // namespace ncirt::exchange
