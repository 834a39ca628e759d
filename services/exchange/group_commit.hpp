#pragma once
// Group commit for the receiver: Shares that arrive together are stored in one transaction
// (store::ShareBatchStore::CommitVersions) instead of one commit each, so the cost of a commit
// (a WAL flush) is shared by every Share of the batch.
//
// Commit() is called by the handler threads of the listener, one Share each, and blocks until
// that Share's batch has committed. Whoever finds a committer slot free becomes the leader: it
// takes up to max_batch waiting entries (its own among them, or the oldest first), commits
// them, hands each waiter its outcome and wakes them. Entries arriving meanwhile wait for the
// next batch. With several committers (max_committers), batches commit side by side while the
// next one fills.
//
// Each waiter sleeps on its own condition variable and is woken only when its answer is there
// or when it is the oldest waiter and a committer slot has come free (it then leads the next
// batch). One shared condition variable would wake every waiting handler thread (up to the
// window, 128 by default) after every batch, only for all but a few to sleep again; the
// benchmark measured that as a large share of the receiver's CPU.
//
// One bad entry does not poison the others: when a batch fails, its entries are stored again
// one per transaction, so each gets the answer it would get alone. An exception (a connection
// lost during COMMIT) reaches every waiter of that batch, none of which is acknowledged.
//
// Thread-safety: Commit() from any number of threads at once.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>

#include "exchange/store/share_batch_store.hpp"

namespace ncirt::exchange {

struct GroupCommitStats {
  std::uint64_t batches = 0;
  std::uint64_t entries = 0;
  std::uint64_t fallbacks = 0;  // batches that failed and were stored one entry at a time
  std::uint64_t largest = 0;
};

class GroupCommit {
 public:
  // `store` must outlive this. REQUIRES: max_batch >= 1, max_committers >= 1.
  GroupCommit(store::ShareBatchStore& store, std::size_t max_batch, std::size_t max_committers)
      : store_(store), max_batch_(max_batch), max_committers_(max_committers) {}

  // Stores `entry` in a batch; returns after that batch committed (or failed).
  common::Result<store::BatchOutcome> Commit(const store::BatchEntry& entry);

  GroupCommitStats Stats() const;
  // Entries waiting for a batch, and batches committing now (for tests and metrics).
  std::size_t Waiting() const;
  std::size_t Committing() const;

 private:
  struct Waiter {
    const store::BatchEntry* entry;
    std::optional<common::Result<store::BatchOutcome>> outcome;
    std::exception_ptr failure;
    std::condition_variable wake;  // notified under mutex_
    bool Answered() const { return outcome.has_value() || failure != nullptr; }
  };
  struct Answer {
    std::optional<common::Result<store::BatchOutcome>> outcome;
    std::exception_ptr failure;
  };
  // Leads one batch: takes it from waiting_, commits it without the lock, answers and wakes
  // its waiters, then wakes the oldest waiter left so it may lead the next. REQUIRES: `lock`
  // holds mutex_, a committer slot is free and waiting_ is not empty.
  void Lead(std::unique_lock<std::mutex>& lock);
  // Stores the batch; one answer per waiter, in order. Runs without the lock.
  std::vector<Answer> Run(const std::deque<Waiter*>& batch);

  store::ShareBatchStore& store_;
  const std::size_t max_batch_;
  const std::size_t max_committers_;
  mutable std::mutex mutex_;
  std::deque<Waiter*> waiting_;  // guarded by mutex_
  std::size_t committing_ = 0;   // guarded by mutex_
  GroupCommitStats stats_;       // guarded by mutex_
};

}  // namespace ncirt::exchange
