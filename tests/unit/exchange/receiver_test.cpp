#include "exchange/receiver.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace ncirt::exchange {
namespace {

using testing::FakeReceivedShareStore;
using testing::FakeShareBatchStore;

const Partner kPartner{.id = 7, .name = "CERT-B"};

v1::Share ValidShare(std::uint64_t version, v1::Tlp tlp, std::string description = "phish") {
  v1::Share share;
  share.set_share_id("inc-1:v" + std::to_string(version));
  share.set_kind(v1::SHARE_KIND_VERSION);
  share.set_origin_incident_id("inc-1");
  share.set_version(version);
  v1::Incident& incident = *share.mutable_incident();
  incident.mutable_incident_id()->set_id("1");
  incident.mutable_incident_id()->set_name("cert-b.example");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'800'000'000);
  incident.set_tlp(tlp);
  incident.mutable_restriction()->set_value(v1::RESTRICTION_AMBER);
  incident.add_descriptions()->set_text(description);
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  return share;
}

// Every VERSION Share is stored through the group commit (its one way in).
class ReceiverTest : public ::testing::Test {
 protected:
  FakeReceivedShareStore received_;
  FakeShareBatchStore batches_{received_};
  GroupCommit group_{batches_, 8, 1};
  Receiver receiver_{received_, group_};
};

TEST_F(ReceiverTest, StoresThroughIntakeKeepingThePartnersMarking) {
  v1::Share share = ValidShare(1, v1::TLP_AMBER_STRICT);
  share.set_originator("CERT-X");
  const Reply reply = receiver_.Receive(kPartner, share);
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(reply)) << std::get<v1::Nack>(reply).message();
  const v1::Ack& ack = std::get<v1::Ack>(reply);
  EXPECT_EQ(ack.share_id(), "inc-1:v1");
  EXPECT_EQ(ack.receiver_incident_id(), "r-0");
  EXPECT_FALSE(ack.duplicate());
  ASSERT_EQ(batches_.stored.size(), 1u);
  EXPECT_EQ(batches_.stored[0].submitter, "partner:CERT-B");
  EXPECT_EQ(batches_.stored[0].tlp, v1::TLP_AMBER_STRICT)
      << "not the AMBER the restriction attribute would give";
  EXPECT_NE(batches_.stored[0].document.find("IODEF-Document"), std::string::npos);
  EXPECT_EQ(batches_.stored[0].originator, "CERT-X");
  ASSERT_EQ(received_.rows.size(), 1u);
  EXPECT_TRUE(received_.rows.begin()->second.applied);
  EXPECT_EQ(group_.Stats().entries, 1u) << "stored in a group-commit batch";
}

TEST_F(ReceiverTest, EveryVersionShareThatPassesValidationIsStoredThroughTheBatchStore) {
  // A new one, a re-send, an old version and a newer one: all four reach the batch store,
  // which decides duplicates and order inside its transaction; intake is not written otherwise.
  for (const std::uint64_t version : {2u, 2u, 1u, 3u}) {
    ASSERT_TRUE(std::holds_alternative<v1::Ack>(receiver_.Receive(
        kPartner, ValidShare(version, v1::TLP_GREEN, "v" + std::to_string(version)))));
  }
  EXPECT_EQ(batches_.batches, 4);
  EXPECT_EQ(group_.Stats().entries, 4u);
  EXPECT_EQ(batches_.stored.size(), 2u) << "versions 2 and 3 applied, the others answered";
}

TEST_F(ReceiverTest, ReSentShareIsAcknowledgedAsDuplicateWithoutStoring) {
  ASSERT_TRUE(
      std::holds_alternative<v1::Ack>(receiver_.Receive(kPartner, ValidShare(1, v1::TLP_GREEN))));
  const Reply again = receiver_.Receive(kPartner, ValidShare(1, v1::TLP_GREEN));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(again));
  EXPECT_TRUE(std::get<v1::Ack>(again).duplicate());
  EXPECT_EQ(std::get<v1::Ack>(again).receiver_incident_id(), "r-0");
  EXPECT_EQ(batches_.stored.size(), 1u);
}

TEST_F(ReceiverTest, OlderVersionChangesNothing) {
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(
      receiver_.Receive(kPartner, ValidShare(3, v1::TLP_GREEN, "third"))));
  const Reply old = receiver_.Receive(kPartner, ValidShare(2, v1::TLP_GREEN, "second"));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(old));
  EXPECT_TRUE(std::get<v1::Ack>(old).duplicate());
  EXPECT_EQ(batches_.stored.size(), 1u);
  const Reply newer = receiver_.Receive(kPartner, ValidShare(4, v1::TLP_GREEN, "fourth"));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(newer));
  EXPECT_EQ(batches_.stored.size(), 2u);
}

struct NackCase {
  std::string name;
  std::function<void(v1::Share&)> spoil;
  v1::NackCode code;
};

class ReceiverRefusal : public ::testing::TestWithParam<NackCase> {};

TEST_P(ReceiverRefusal, AnswersNackAndStoresNothing) {
  FakeReceivedShareStore received;
  FakeShareBatchStore batches(received);
  GroupCommit group(batches, 8, 1);
  Receiver receiver(received, group);
  v1::Share share = ValidShare(1, v1::TLP_GREEN);
  GetParam().spoil(share);
  const Reply reply = receiver.Receive(kPartner, share);
  ASSERT_TRUE(std::holds_alternative<v1::Nack>(reply));
  EXPECT_EQ(std::get<v1::Nack>(reply).code(), GetParam().code)
      << std::get<v1::Nack>(reply).message();
  EXPECT_FALSE(std::get<v1::Nack>(reply).message().empty());
  EXPECT_TRUE(batches.stored.empty());
  EXPECT_TRUE(received.rows.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, ReceiverRefusal,
    ::testing::Values(
        NackCase{"NoShareId", [](v1::Share& s) { s.clear_share_id(); }, v1::NACK_CODE_MALFORMED},
        NackCase{"VersionZero", [](v1::Share& s) { s.set_version(0); }, v1::NACK_CODE_MALFORMED},
        NackCase{"WithdrawalOfUnknownIncident",
                 [](v1::Share& s) { s.set_kind(v1::SHARE_KIND_WITHDRAWAL); },
                 v1::NACK_CODE_UNKNOWN_INCIDENT},
        NackCase{"NoIncident", [](v1::Share& s) { s.clear_incident(); },
                 v1::NACK_CODE_INVALID_DOCUMENT},
        NackCase{"Unmarked", [](v1::Share& s) { s.mutable_incident()->clear_tlp(); },
                 v1::NACK_CODE_INVALID_DOCUMENT},
        NackCase{"Red", [](v1::Share& s) { s.mutable_incident()->set_tlp(v1::TLP_RED); },
                 v1::NACK_CODE_POLICY_REFUSED},
        NackCase{"GarbageOriginal", [](v1::Share& s) { s.set_original_document("<not iodef"); },
                 v1::NACK_CODE_INVALID_DOCUMENT},
        NackCase{"UnrenderableModel",
                 [](v1::Share& s) { s.mutable_incident()->clear_incident_id(); },
                 v1::NACK_CODE_INVALID_DOCUMENT}),
    [](const auto& p) { return p.param.name; });

v1::Share Withdrawal(std::uint64_t version, std::string reason) {
  v1::Share share;
  share.set_share_id("inc-1:v" + std::to_string(version));
  share.set_kind(v1::SHARE_KIND_WITHDRAWAL);
  share.set_origin_incident_id("inc-1");
  share.set_version(version);
  share.mutable_incident()->add_descriptions()->set_text(std::move(reason));
  return share;
}

TEST_F(ReceiverTest, WithdrawalTakesTheReceivedIncidentOutOfTheQueueOnce) {
  ASSERT_TRUE(
      std::holds_alternative<v1::Ack>(receiver_.Receive(kPartner, ValidShare(1, v1::TLP_GREEN))));
  const Reply reply = receiver_.Receive(kPartner, Withdrawal(2, "false positive"));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(reply)) << std::get<v1::Nack>(reply).message();
  EXPECT_EQ(std::get<v1::Ack>(reply).receiver_incident_id(), "r-0");
  ASSERT_EQ(received_.withdrawals.size(), 1u);
  EXPECT_EQ(received_.withdrawals[0].receiver_incident_id, "r-0");
  EXPECT_EQ(received_.withdrawals[0].partner, "CERT-B");
  EXPECT_EQ(received_.withdrawals[0].reason, "false positive");

  const Reply again = receiver_.Receive(kPartner, Withdrawal(2, "false positive"));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(again));
  EXPECT_TRUE(std::get<v1::Ack>(again).duplicate());
  EXPECT_EQ(received_.withdrawals.size(), 1u) << "a re-sent withdrawal changes nothing";
}

TEST_F(ReceiverTest, VersionOlderThanAWithdrawalIsNotApplied) {
  ASSERT_TRUE(
      std::holds_alternative<v1::Ack>(receiver_.Receive(kPartner, ValidShare(1, v1::TLP_GREEN))));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(receiver_.Receive(kPartner, Withdrawal(3, "x"))));
  const Reply late = receiver_.Receive(kPartner, ValidShare(2, v1::TLP_GREEN, "late"));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(late));
  EXPECT_TRUE(std::get<v1::Ack>(late).duplicate());
  EXPECT_EQ(batches_.stored.size(), 1u);
}

TEST_F(ReceiverTest, DatabaseDownIsTransientAndRecordsNothing) {
  batches_.down = true;
  const Reply reply = receiver_.Receive(kPartner, ValidShare(1, v1::TLP_GREEN));
  ASSERT_TRUE(std::holds_alternative<v1::Nack>(reply));
  EXPECT_EQ(std::get<v1::Nack>(reply).code(), v1::NACK_CODE_UNAVAILABLE);
  EXPECT_TRUE(received_.rows.empty());
}

TEST_F(ReceiverTest, AShareThatFailsValidationGetsItsNackAndNeverReachesABatch) {
  v1::Share share = ValidShare(1, v1::TLP_GREEN);
  share.set_original_document("<not-iodef/>");
  const Reply reply = receiver_.Receive(kPartner, share);
  ASSERT_TRUE(std::holds_alternative<v1::Nack>(reply));
  EXPECT_EQ(std::get<v1::Nack>(reply).code(), v1::NACK_CODE_INVALID_DOCUMENT);
  EXPECT_EQ(batches_.batches, 0);
  EXPECT_TRUE(received_.rows.empty());
}

TEST_F(ReceiverTest, AReSentShareThatNoLongerValidatesIsStillAnsweredAsTheDuplicateItIs) {
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(
      receiver_.Receive(kPartner, ValidShare(2, v1::TLP_GREEN, "second"))));
  v1::Share again = ValidShare(2, v1::TLP_GREEN, "second");
  again.set_original_document("<not-iodef/>");
  const Reply reply = receiver_.Receive(kPartner, again);
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(reply)) << std::get<v1::Nack>(reply).message();
  EXPECT_TRUE(std::get<v1::Ack>(reply).duplicate());
  EXPECT_EQ(std::get<v1::Ack>(reply).receiver_incident_id(), "r-0");

  v1::Share old = ValidShare(1, v1::TLP_GREEN, "first");
  old.set_original_document("<not-iodef/>");
  const Reply old_reply = receiver_.Receive(kPartner, old);
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(old_reply));
  EXPECT_TRUE(std::get<v1::Ack>(old_reply).duplicate());
  EXPECT_EQ(batches_.batches, 1) << "only the first reached a batch";
  ASSERT_EQ(received_.rows.count({kPartner.id, "inc-1:v1"}), 1u);
  EXPECT_FALSE(received_.rows.at({kPartner.id, "inc-1:v1"}).applied);
}

TEST_F(ReceiverTest, AnIncidentIdFiledByAnotherSubmitterIsAnsweredInvalidDocument) {
  batches_.conflict = true;
  const Reply reply = receiver_.Receive(kPartner, ValidShare(1, v1::TLP_GREEN));
  ASSERT_TRUE(std::holds_alternative<v1::Nack>(reply));
  EXPECT_EQ(std::get<v1::Nack>(reply).code(), v1::NACK_CODE_INVALID_DOCUMENT);
  EXPECT_NE(std::get<v1::Nack>(reply).message().find("another submitter"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::exchange
