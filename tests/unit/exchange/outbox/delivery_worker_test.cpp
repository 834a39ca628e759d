#include "exchange/outbox/delivery_worker.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "outbox/outbox_fakes.hpp"

namespace ncirt::exchange::outbox {
namespace {

using testing::FakeLink;
using testing::FakeOutbox;

common::Result<v1::Envelope> Ack(const v1::Share& share) {
  v1::Envelope reply;
  reply.mutable_ack()->set_share_id(share.share_id());
  return reply;
}

// Draws 0, so every backoff pause is 0 ms: the test needs no clock.
DeliveryWorkerOptions Immediate() {
  return DeliveryWorkerOptions{.idle_poll = std::chrono::hours(1),
                               .backoff = {},
                               .random = [] { return 0.0; }};
}

TEST(DeliveryWorkerTest, BacksOffWhileNoSessionAndDeliversEverythingOnceItIsUp) {
  FakeOutbox outbox;
  for (int i = 0; i < 5; ++i) outbox.Add("i" + std::to_string(i), 1);
  FakeLink link(&Ack);
  link.down = true;
  Deliverer deliverer(outbox, link, 1, 64);
  DeliveryWorker worker(deliverer, Immediate());
  worker.Start();
  while (worker.Stats().pauses < 3) std::this_thread::yield();
  link.down = false;
  while (worker.Stats().delivered < 5) std::this_thread::yield();
  worker.Stop();
  EXPECT_EQ(worker.Stats().delivered, 5u);
  EXPECT_EQ(link.Sent().size(), 5u) << "nothing sent twice to a live partner";
}

TEST(DeliveryWorkerTest, StopInterruptsTheIdleWait) {
  FakeOutbox outbox;
  FakeLink link(&Ack);
  Deliverer deliverer(outbox, link, 1, 64);
  DeliveryWorker worker(deliverer, Immediate());
  worker.Start();
  while (worker.Stats().rounds < 1) std::this_thread::yield();
  worker.Stop();  // would hang for the hour-long idle poll if the wait were not interrupted
  EXPECT_EQ(worker.Stats().rounds, 1u);
}

// common/pg lets a lost connection propagate as pqxx::broken_connection; PostgreSQL restarting
// must cost the worker a pause, not the program (an escaped exception ends it: std::terminate).
TEST(DeliveryWorkerTest, ALostDatabaseConnectionIsAFailedRoundThenDeliveryGoesOn) {
  FakeOutbox outbox;
  outbox.lost_connections = 2;
  for (int i = 0; i < 3; ++i) outbox.Add("i" + std::to_string(i), 1);
  FakeLink link(&Ack);
  Deliverer deliverer(outbox, link, 1, 64);
  DeliveryWorker worker(deliverer, Immediate());
  worker.Start();
  while (worker.Stats().delivered < 3) std::this_thread::yield();
  worker.Stop();
  EXPECT_GE(worker.Stats().pauses, 2u) << "each failed round pauses with the backoff";
  EXPECT_EQ(link.Sent().size(), 3u) << "nothing sent twice";
}

// The status questions ride on the delivery tick: the after-round work runs after every round,
// and its failure (PostgreSQL restarting under it) neither stops the worker nor delivery.
TEST(DeliveryWorkerTest, AfterRoundWorkRunsEveryTickAndItsExceptionsDoNotStopDelivery) {
  FakeOutbox outbox;
  for (int i = 0; i < 3; ++i) outbox.Add("i" + std::to_string(i), 1);
  FakeLink link(&Ack);
  link.down = true;
  Deliverer deliverer(outbox, link, 1, 64);
  std::atomic<int> ticks{0};
  DeliveryWorkerOptions options = Immediate();
  options.after_round = [&ticks](const common::Result<RoundResult>&) {
    if (ticks.fetch_add(1) == 0) throw pqxx::broken_connection("server closed the connection");
  };
  DeliveryWorker worker(deliverer, options);
  worker.Start();
  while (ticks.load() < 3) std::this_thread::yield();
  link.down = false;
  while (worker.Stats().delivered < 3) std::this_thread::yield();
  worker.Stop();
  EXPECT_EQ(worker.Stats().delivered, 3u);
  EXPECT_GE(static_cast<std::uint64_t>(ticks.load()), worker.Stats().rounds);
}

}  // namespace
}  // namespace ncirt::exchange::outbox
