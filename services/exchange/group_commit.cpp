#include "exchange/group_commit.hpp"

#include <vector>

namespace ncirt::exchange {

common::Result<store::BatchOutcome> GroupCommit::Commit(const store::BatchEntry& entry) {
  Waiter self{.entry = &entry};
  std::unique_lock lock(mutex_);
  waiting_.push_back(&self);
  while (!self.Answered()) {
    if (committing_ < max_committers_ && !waiting_.empty()) {
      Lead(lock);
      continue;  // our own entry may not have fitted in the batch we led
    }
    self.wake.wait(lock);
  }
  if (self.failure) std::rethrow_exception(self.failure);
  return std::move(*self.outcome);
}

void GroupCommit::Lead(std::unique_lock<std::mutex>& lock) {
  ++committing_;
  std::deque<Waiter*> batch;
  while (!waiting_.empty() && batch.size() < max_batch_) {
    batch.push_back(waiting_.front());
    waiting_.pop_front();
  }
  lock.unlock();
  std::vector<Answer> answers = Run(batch);
  lock.lock();
  // Handed over under the lock: the waiters read their answer under it.
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i]->outcome = std::move(answers[i].outcome);
    batch[i]->failure = answers[i].failure;
    batch[i]->wake.notify_one();
  }
  --committing_;
  ++stats_.batches;
  stats_.entries += batch.size();
  if (batch.size() > stats_.largest) stats_.largest = batch.size();
  // The slot just freed goes to the oldest waiter (whoever else is still waiting stays asleep).
  if (!waiting_.empty()) waiting_.front()->wake.notify_one();
}

std::vector<GroupCommit::Answer> GroupCommit::Run(const std::deque<Waiter*>& batch) {
  std::vector<Answer> answers(batch.size());
  std::vector<store::BatchEntry> entries;
  entries.reserve(batch.size());
  for (const Waiter* w : batch) entries.push_back(*w->entry);
  try {
    auto outcomes = store_.CommitVersions(entries);
    if (outcomes) {
      for (std::size_t i = 0; i < batch.size(); ++i) answers[i].outcome = std::move((*outcomes)[i]);
      return answers;
    }
    if (batch.size() == 1) {
      answers[0].outcome = std::unexpected(std::move(outcomes.error()));
      return answers;
    }
  } catch (...) {
    for (Answer& a : answers) a.failure = std::current_exception();
    return answers;
  }
  {
    std::lock_guard lock(mutex_);
    ++stats_.fallbacks;
  }
  // The batch was rolled back whole: each entry alone, so the bad one fails alone.
  for (std::size_t i = 0; i < batch.size(); ++i) {
    try {
      auto alone = store_.CommitVersions({entries[i]});
      if (alone) {
        answers[i].outcome = std::move(alone->at(0));
      } else {
        answers[i].outcome = std::unexpected(std::move(alone.error()));
      }
    } catch (...) {
      answers[i].failure = std::current_exception();
    }
  }
  return answers;
}

GroupCommitStats GroupCommit::Stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::size_t GroupCommit::Waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

std::size_t GroupCommit::Committing() const {
  std::lock_guard lock(mutex_);
  return committing_;
}

}  // namespace ncirt::exchange
