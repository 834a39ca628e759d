#include "exchange/store/pg_outbox_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "common/pg/transaction.hpp"
#include "exchange/store/pg_partner_store.hpp"
#include "exchange/store/prepare.hpp"
#include "support/pg_cluster.hpp"

namespace ncirt::exchange::store {
namespace {

constexpr const char* kIncident = "0b6f2f7e-0000-4000-8000-000000000001";

class PgOutboxStoreTest : public ::testing::Test {
 protected:
  PgOutboxStoreTest()
      : pool_({.dsn = ncirt::testing::PgCluster::Shared().CreateDatabase(),
               .max_connections = 4,
               .on_connect = &PrepareStatements}),
        partners_(pool_),
        outbox_(pool_) {
    green_ = partners_.Create(Registered("CERT-GREEN", 'E', {v1::TLP_GREEN})).value();
    amber_ =
        partners_.Create(Registered("CERT-AMBER", 'Q', {v1::TLP_GREEN, v1::TLP_AMBER})).value();
  }

  static Partner Registered(std::string name, char pin_char, std::vector<v1::Tlp> tlps) {
    return ValidatePartner(Partner{.name = std::move(name),
                                    .country = "EE",
                                    .endpoint = "localhost:7443",
                                    .spki_sha256 = std::string(43, pin_char) + "=",
                                    .agreement = "a",
                                    .allowed_tlps = std::move(tlps),
                                    .allowed_categories = {"*"}})
        .value();
  }

  static v1::Incident Marked(v1::Tlp tlp) {
    v1::Incident incident;
    incident.set_id(kIncident);
    incident.set_tlp(tlp);
    incident.add_contacts()->add_emails()->set_address("alice@example.org");
    return incident;
  }

  Enqueued Share(v1::Tlp tlp) {
    const auto plan = outbox::PlanShare(Marked(tlp), policy::Provenance{}, {green_, amber_});
    google::protobuf::Timestamp at;
    at.set_seconds(1'800'000'000);
    auto enqueued = outbox_.Enqueue(kIncident, plan, at);
    EXPECT_TRUE(enqueued) << enqueued.error().message;
    return enqueued.value_or(Enqueued{});
  }

  common::pg::Pool pool_;
  PgPartnerStore partners_;
  PgOutboxStore outbox_;
  Partner green_;
  Partner amber_;
};

TEST_F(PgOutboxStoreTest, QueuesAllowedPartnersAndRecordsRefusalsInOneGo) {
  const Enqueued enqueued = Share(v1::TLP_AMBER);
  EXPECT_EQ(enqueued.version, 1u);
  EXPECT_EQ(enqueued.queued, 1);
  EXPECT_EQ(enqueued.refused, 1);
  EXPECT_TRUE(outbox_.Pending(green_.id, 0, 10)->empty());
  const auto pending = outbox_.Pending(amber_.id, 0, 10);
  ASSERT_EQ(pending->size(), 1u);
  v1::Share share;
  ASSERT_TRUE(share.ParseFromString((*pending)[0].share));
  EXPECT_EQ(share.share_id(), std::string(kIncident) + ":v1");
  EXPECT_EQ(share.incident().contacts(0).emails_size(), 0) << "stored after policy";

  const auto history = outbox_.History(kIncident);
  ASSERT_EQ(history->size(), 2u);
  const auto refused = std::ranges::find(*history, std::string("refused"), &HistoryEntry::event);
  ASSERT_NE(refused, history->end());
  EXPECT_EQ(refused->partner_name, "CERT-GREEN");
  EXPECT_EQ(refused->reason, "tlp-not-agreed");
  const auto queued = std::ranges::find(*history, std::string("queued"), &HistoryEntry::event);
  EXPECT_NE(queued->detail.find("contacts[0].emails"), std::string::npos);
}

TEST_F(PgOutboxStoreTest, VersionsIncreasePerIncidentAndPendingKeepsOrder) {
  for (int i = 0; i < 3; ++i) Share(v1::TLP_GREEN);
  const auto pending = outbox_.Pending(green_.id, 0, 10);
  ASSERT_EQ(pending->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ((*pending)[i].version, i + 1);
  const auto after_first = outbox_.Pending(green_.id, (*pending)[0].id, 10);
  EXPECT_EQ(after_first->size(), 2u);
  EXPECT_EQ(outbox_.Pending(green_.id, 0, 1)->size(), 1u);
}

// The delivery round's first read: the same items as Pending(), and whether status questions
// to that partner are pending, from one statement (also when the outbox has nothing).
TEST_F(PgOutboxStoreTest, PendingAndQuestionsReadsTheItemsAndWhetherQuestionsWait) {
  const auto idle = outbox_.PendingAndQuestions(green_.id, 0, 10);
  ASSERT_TRUE(idle) << idle.error().message;
  EXPECT_TRUE(idle->items.empty());
  EXPECT_FALSE(idle->questions_waiting);

  for (int i = 0; i < 3; ++i) Share(v1::TLP_GREEN);
  const auto ask = [&](std::int64_t partner_id, const char* state) {
    ASSERT_TRUE(common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
      work.exec_params("INSERT INTO exchange.status_queries (incident_id, partner_id, asked_by, "
                       "state, answered_at) VALUES ($1, $2, 'alice', $3, CASE WHEN $3 = "
                       "'pending' THEN NULL ELSE now() END)",
                       kIncident, partner_id, std::string(state));
    }));
  };
  ask(green_.id, "answered");
  ask(amber_.id, "pending");
  const auto green = outbox_.PendingAndQuestions(green_.id, 0, 2);
  ASSERT_TRUE(green);
  ASSERT_EQ(green->items.size(), 2u);
  EXPECT_EQ(green->items[0].version, 1u);
  EXPECT_EQ(green->items[1].version, 2u);
  EXPECT_EQ(green->items[1].share_id, outbox_.Pending(green_.id, 0, 2)->at(1).share_id);
  EXPECT_FALSE(green->questions_waiting) << "answered, or another partner's";

  ask(green_.id, "pending");
  const auto asked = outbox_.PendingAndQuestions(green_.id, green->items[1].id, 10);
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->items.size(), 1u);
  EXPECT_EQ(asked->items[0].version, 3u);
  EXPECT_TRUE(asked->questions_waiting);
  const auto none_left = outbox_.PendingAndQuestions(green_.id, asked->items[0].id, 10);
  ASSERT_TRUE(none_left);
  EXPECT_TRUE(none_left->items.empty());
  EXPECT_TRUE(none_left->questions_waiting);
}

TEST_F(PgOutboxStoreTest, ConcurrentSharesOfOneIncidentGetDistinctVersions) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) Share(v1::TLP_GREEN);
    });
  }
  for (auto& t : threads) t.join();
  const auto pending = outbox_.Pending(green_.id, 0, 100);
  ASSERT_EQ(pending->size(), 20u);
  std::vector<std::uint64_t> versions;
  for (const OutboxItem& item : *pending) versions.push_back(item.version);
  std::ranges::sort(versions);
  for (std::size_t i = 0; i < versions.size(); ++i) EXPECT_EQ(versions[i], i + 1);
}

TEST_F(PgOutboxStoreTest, OutcomesLeavePendingOnceAndAreHistory) {
  Share(v1::TLP_GREEN);
  Share(v1::TLP_GREEN);
  Share(v1::TLP_GREEN);
  const auto pending = *outbox_.Pending(green_.id, 0, 10);
  ASSERT_TRUE(outbox_.RecordFailedAttempt(pending[0].id, "connection closed"));
  EXPECT_EQ(outbox_.Pending(green_.id, 0, 10)->at(0).attempts, 1) << "still pending";
  ASSERT_TRUE(outbox_.MarkDelivered(pending[0].id, "r-1", false));
  ASSERT_TRUE(outbox_.MarkDelivered(pending[0].id, "r-1", true)) << "a late repeat is harmless";
  ASSERT_TRUE(outbox_.MarkDelivered(pending[1].id, "r-1", true));
  ASSERT_TRUE(outbox_.MarkRefused(pending[2].id, "NACK_CODE_POLICY_REFUSED", "not agreed"));
  EXPECT_TRUE(outbox_.Pending(green_.id, 0, 10)->empty());

  const auto history = outbox_.History(kIncident);
  ASSERT_TRUE(history);
  std::vector<std::string> events;
  for (const HistoryEntry& e : *history) events.push_back(e.event);
  // GREEN goes to both partners: two queued entries per share, then the three outcomes.
  EXPECT_EQ(events, (std::vector<std::string>{"queued", "queued", "queued", "queued", "queued",
                                              "queued", "acknowledged", "duplicate", "nacked"}));
  const HistoryEntry& nacked = history->back();
  EXPECT_EQ(nacked.reason, "NACK_CODE_POLICY_REFUSED");
  EXPECT_EQ(nacked.detail, "not agreed");
}

// The deliverer records a round's Acks and Nacks together: the same states and history as one
// at a time, in the round's order, and an item already finished is left as it was.
TEST_F(PgOutboxStoreTest, ARoundsOutcomesRecordedTogetherFinishEachItemOnceInOrder) {
  for (int i = 0; i < 5; ++i) Share(v1::TLP_GREEN);
  const auto pending = *outbox_.Pending(green_.id, 0, 10);
  ASSERT_EQ(pending.size(), 5u);
  ASSERT_TRUE(outbox_.MarkDelivered(pending[4].id, "r-early", false));
  using Kind = ItemOutcome::Kind;
  ASSERT_TRUE(outbox_.RecordOutcomes({
      {.item_id = pending[2].id, .kind = Kind::kRefused, .code = "NACK_CODE_POLICY_REFUSED",
       .message = "not agreed"},
      {.item_id = pending[0].id, .kind = Kind::kDelivered, .receiver_incident_id = "r-0"},
      {.item_id = pending[1].id, .kind = Kind::kFailed, .message = "link lost"},
      {.item_id = pending[3].id, .kind = Kind::kDelivered, .receiver_incident_id = "r-3",
       .duplicate = true},
      {.item_id = pending[0].id, .kind = Kind::kRefused, .code = "NACK_CODE_INTERNAL",
       .message = "a repeat of an item already finished"},
      {.item_id = pending[4].id, .kind = Kind::kDelivered, .receiver_incident_id = "r-late"},
  }));

  const auto still = *outbox_.Pending(green_.id, 0, 10);
  ASSERT_EQ(still.size(), 1u) << "only the failed attempt stays pending";
  EXPECT_EQ(still[0].id, pending[1].id);
  EXPECT_EQ(still[0].attempts, 1);

  const auto history = *outbox_.History(kIncident);
  std::vector<std::string> outcomes;
  for (const HistoryEntry& e : history) {
    if (e.event != "queued") outcomes.push_back(e.event + " v" + std::to_string(e.version));
  }
  EXPECT_EQ(outcomes, (std::vector<std::string>{"acknowledged v5", "nacked v3", "acknowledged v1",
                                                "duplicate v4"}));
  const auto nacked = std::find_if(history.begin(), history.end(),
                                   [](const HistoryEntry& e) { return e.event == "nacked"; });
  ASSERT_NE(nacked, history.end());
  EXPECT_EQ(nacked->reason, "NACK_CODE_POLICY_REFUSED");
  EXPECT_EQ(nacked->detail, "not agreed");
}

}  // namespace
}  // namespace ncirt::exchange::store
