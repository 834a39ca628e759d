#include "exchange/receiver.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace ncirt::exchange {
namespace {

using testing::FakeIncidentStore;
using testing::FakeReceivedShareStore;

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

class ReceiverTest : public ::testing::Test {
 protected:
  FakeIncidentStore incidents_;
  FakeReceivedShareStore received_;
  Receiver receiver_{incidents_, received_};
};

TEST_F(ReceiverTest, StoresThroughIntakeKeepingThePartnersMarking) {
  const Reply reply = receiver_.Receive(kPartner, ValidShare(1, v1::TLP_AMBER_STRICT));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(reply)) << std::get<v1::Nack>(reply).message();
  const v1::Ack& ack = std::get<v1::Ack>(reply);
  EXPECT_EQ(ack.share_id(), "inc-1:v1");
  EXPECT_EQ(ack.receiver_incident_id(), "r-0");
  EXPECT_FALSE(ack.duplicate());
  ASSERT_EQ(incidents_.submissions.size(), 1u);
  EXPECT_EQ(incidents_.submissions[0].submitter, "partner:CERT-B");
  EXPECT_EQ(incidents_.submissions[0].incidents.at(0).incident.tlp(), v1::TLP_AMBER_STRICT)
      << "not the AMBER the restriction attribute would give";
  EXPECT_NE(incidents_.stored_documents[0].find("IODEF-Document"), std::string::npos);
  EXPECT_EQ(received_.rows.size(), 1u);
}

TEST_F(ReceiverTest, ReSentShareIsAcknowledgedAsDuplicateWithoutStoring) {
  ASSERT_TRUE(
      std::holds_alternative<v1::Ack>(receiver_.Receive(kPartner, ValidShare(1, v1::TLP_GREEN))));
  const Reply again = receiver_.Receive(kPartner, ValidShare(1, v1::TLP_GREEN));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(again));
  EXPECT_TRUE(std::get<v1::Ack>(again).duplicate());
  EXPECT_EQ(std::get<v1::Ack>(again).receiver_incident_id(), "r-0");
  EXPECT_EQ(incidents_.submissions.size(), 1u);
}

TEST_F(ReceiverTest, OlderVersionChangesNothing) {
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(
      receiver_.Receive(kPartner, ValidShare(3, v1::TLP_GREEN, "third"))));
  const Reply old = receiver_.Receive(kPartner, ValidShare(2, v1::TLP_GREEN, "second"));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(old));
  EXPECT_TRUE(std::get<v1::Ack>(old).duplicate());
  EXPECT_EQ(incidents_.submissions.size(), 1u);
  const Reply newer = receiver_.Receive(kPartner, ValidShare(4, v1::TLP_GREEN, "fourth"));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(newer));
  EXPECT_EQ(incidents_.submissions.size(), 2u);
}

struct NackCase {
  std::string name;
  std::function<void(v1::Share&)> spoil;
  v1::NackCode code;
};

class ReceiverRefusal : public ::testing::TestWithParam<NackCase> {};

TEST_P(ReceiverRefusal, AnswersNackAndStoresNothing) {
  FakeIncidentStore incidents;
  FakeReceivedShareStore received;
  Receiver receiver(incidents, received);
  v1::Share share = ValidShare(1, v1::TLP_GREEN);
  GetParam().spoil(share);
  const Reply reply = receiver.Receive(kPartner, share);
  ASSERT_TRUE(std::holds_alternative<v1::Nack>(reply));
  EXPECT_EQ(std::get<v1::Nack>(reply).code(), GetParam().code)
      << std::get<v1::Nack>(reply).message();
  EXPECT_FALSE(std::get<v1::Nack>(reply).message().empty());
  EXPECT_TRUE(incidents.submissions.empty());
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
  EXPECT_EQ(incidents_.submissions.size(), 1u);
}

TEST_F(ReceiverTest, DatabaseDownIsTransientAndRecordsNothing) {
  incidents_.down = true;
  const Reply reply = receiver_.Receive(kPartner, ValidShare(1, v1::TLP_GREEN));
  ASSERT_TRUE(std::holds_alternative<v1::Nack>(reply));
  EXPECT_EQ(std::get<v1::Nack>(reply).code(), v1::NACK_CODE_UNAVAILABLE);
  EXPECT_TRUE(received_.rows.empty());
}

// The group-commit way (group_commit.hpp): a batch store in memory.
class FakeBatchStore final : public store::ShareBatchStore {
 public:
  common::Result<std::vector<store::BatchOutcome>> CommitVersions(
      const std::vector<store::BatchEntry>& entries) override {
    if (conflict) return common::Fail(common::ErrorKind::kConflict, "filed by another submitter");
    std::vector<store::BatchOutcome> out;
    for (const store::BatchEntry& e : entries) {
      committed.push_back(e);
      // e.submission lives only for this call (BatchEntry): keep copies of what tests read.
      documents.emplace_back(e.submission->document);
      submitters.emplace_back(e.submission->submitter);
      out.push_back({"b-" + e.share_id, false});
    }
    return out;
  }
  bool conflict = false;
  std::vector<store::BatchEntry> committed;
  std::vector<std::string> documents;
  std::vector<std::string> submitters;
};

class ReceiverGroupTest : public ::testing::Test {
 protected:
  FakeIncidentStore incidents_;
  FakeReceivedShareStore received_;
  FakeBatchStore batches_;
  GroupCommit group_{batches_, 8, 1};
  Receiver receiver_{incidents_, received_, {}, &group_};
};

TEST_F(ReceiverGroupTest, AVersionShareIsStoredThroughTheGroupCommitThenAcknowledged) {
  v1::Share share = ValidShare(1, v1::TLP_GREEN);
  share.set_originator("CERT-X");
  const Reply reply = receiver_.Receive(kPartner, share);
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(reply)) << std::get<v1::Nack>(reply).message();
  EXPECT_EQ(std::get<v1::Ack>(reply).receiver_incident_id(), "b-inc-1:v1");
  ASSERT_EQ(batches_.committed.size(), 1u);
  EXPECT_EQ(batches_.committed[0].originator, "CERT-X");
  EXPECT_EQ(batches_.submitters[0], "partner:CERT-B");
  EXPECT_NE(batches_.documents[0].find("IODEF-Document"), std::string::npos);
  EXPECT_TRUE(incidents_.submissions.empty()) << "not the one-at-a-time way";
}

TEST_F(ReceiverGroupTest, AShareThatFailsValidationGetsItsNackAndNeverReachesABatch) {
  v1::Share share = ValidShare(1, v1::TLP_GREEN);
  share.set_original_document("<not-iodef/>");
  const Reply reply = receiver_.Receive(kPartner, share);
  ASSERT_TRUE(std::holds_alternative<v1::Nack>(reply));
  EXPECT_EQ(std::get<v1::Nack>(reply).code(), v1::NACK_CODE_INVALID_DOCUMENT);
  EXPECT_TRUE(batches_.committed.empty());
  EXPECT_TRUE(received_.rows.empty());
}

TEST_F(ReceiverGroupTest, AnIncidentIdFiledByAnotherSubmitterIsAnsweredInvalidDocument) {
  batches_.conflict = true;
  const Reply reply = receiver_.Receive(kPartner, ValidShare(1, v1::TLP_GREEN));
  ASSERT_TRUE(std::holds_alternative<v1::Nack>(reply));
  EXPECT_EQ(std::get<v1::Nack>(reply).code(), v1::NACK_CODE_INVALID_DOCUMENT);
  EXPECT_NE(std::get<v1::Nack>(reply).message().find("another submitter"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::exchange
