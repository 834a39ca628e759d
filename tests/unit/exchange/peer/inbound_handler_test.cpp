#include "exchange/peer/inbound_handler.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace ncirt::exchange::peer {
namespace {

constexpr const char* kPin = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

v1::Envelope ShareRequest() {
  v1::Envelope request;
  v1::Share& share = *request.mutable_share();
  share.set_share_id("x:v1");
  share.set_kind(v1::SHARE_KIND_VERSION);
  share.set_origin_incident_id("x");
  share.set_version(1);
  v1::Incident& incident = *share.mutable_incident();
  incident.mutable_incident_id()->set_id("1");
  incident.mutable_incident_id()->set_name("cert-b.example");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'800'000'000);
  incident.set_tlp(v1::TLP_GREEN);
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  return request;
}

class InboundHandlerTest : public ::testing::Test {
 protected:
  testing::FakeReceivedShareStore received_;
  testing::FakeShareBatchStore batches_{received_};
  GroupCommit group_{batches_, 8, 1};
  Receiver receiver_{received_, group_};
  PinRegistry pins_;
  common::net::RequestHandler handler_ = MakeInboundHandler(pins_, receiver_);
  common::net::PeerInfo peer_{.pin = kPin};
};

TEST_F(InboundHandlerTest, EnabledPartnersShareIsAcknowledged) {
  pins_.Replace({Partner{.id = 3, .name = "CERT-B", .spki_sha256 = kPin}});
  const v1::Envelope reply = handler_(peer_, ShareRequest());
  ASSERT_TRUE(reply.has_ack()) << reply.nack().message();
  EXPECT_EQ(reply.ack().share_id(), "x:v1");
  ASSERT_EQ(batches_.stored.size(), 1u);
  EXPECT_EQ(batches_.stored[0].submitter, "partner:CERT-B");
}

TEST_F(InboundHandlerTest, UnknownOrDisabledKeyIsNotAuthorisedAndStoresNothing) {
  EXPECT_EQ(handler_(peer_, ShareRequest()).nack().code(), v1::NACK_CODE_NOT_AUTHORISED);
  pins_.Replace({Partner{.id = 3, .name = "CERT-B", .spki_sha256 = kPin, .enabled = false}});
  const v1::Envelope reply = handler_(peer_, ShareRequest());
  EXPECT_EQ(reply.nack().code(), v1::NACK_CODE_NOT_AUTHORISED);
  EXPECT_EQ(reply.nack().share_id(), "x:v1");
  EXPECT_TRUE(batches_.stored.empty());
}

TEST_F(InboundHandlerTest, QueryAboutAnIncidentNeverReceivedIsUnknown) {
  pins_.Replace({Partner{.id = 3, .name = "CERT-B", .spki_sha256 = kPin}});
  v1::Envelope query;
  query.mutable_query()->set_origin_incident_id("x");
  EXPECT_EQ(handler_(peer_, query).nack().code(), v1::NACK_CODE_UNKNOWN_INCIDENT);
}

TEST_F(InboundHandlerTest, QueryAfterAShareReportsOurIdAndLatestVersion) {
  pins_.Replace({Partner{.id = 3, .name = "CERT-B", .spki_sha256 = kPin}});
  const v1::Envelope ack = handler_(peer_, ShareRequest());
  ASSERT_TRUE(ack.has_ack()) << ack.nack().message();
  v1::Envelope query;
  query.mutable_query()->set_origin_incident_id(ShareRequest().share().origin_incident_id());
  const v1::Envelope reply = handler_(peer_, query);
  ASSERT_TRUE(reply.has_query_result()) << reply.nack().message();
  EXPECT_EQ(reply.query_result().receiver_incident_id(), ack.ack().receiver_incident_id());
  EXPECT_EQ(reply.query_result().latest_version(), ShareRequest().share().version());
}

TEST_F(InboundHandlerTest, QueryWithoutAnIncidentIsMalformed) {
  pins_.Replace({Partner{.id = 3, .name = "CERT-B", .spki_sha256 = kPin}});
  v1::Envelope query;
  query.mutable_query();
  EXPECT_EQ(handler_(peer_, query).nack().code(), v1::NACK_CODE_MALFORMED);
}

}  // namespace
}  // namespace ncirt::exchange::peer
