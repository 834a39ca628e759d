// Receiver (exchange/receiver.hpp) on real PostgreSQL: a partner's Share lands in intake's
// tables (through the group commit, its one way in), and re-sends are recognised; and the group
// commit's batch store (store/pg_share_batch_store.hpp) is all or nothing.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "exchange/receiver.hpp"
#include "exchange/store/pg_partner_store.hpp"
#include "exchange/store/pg_received_share_store.hpp"
#include "exchange/store/pg_share_batch_store.hpp"
#include "exchange/store/prepare.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/prepare.hpp"
#include "intake/submission.hpp"
#include "iodef/codec.hpp"
#include "support/pg_cluster.hpp"

namespace ncirt::exchange {
namespace {

v1::Share GreenShare(std::uint64_t version) {
  v1::Share share;
  share.set_share_id("b-inc-9:v" + std::to_string(version));
  share.set_kind(v1::SHARE_KIND_VERSION);
  share.set_origin_incident_id("b-inc-9");
  share.set_version(version);
  v1::Incident& incident = *share.mutable_incident();
  incident.mutable_incident_id()->set_id("9");
  incident.mutable_incident_id()->set_name("cert-b.example");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'800'000'000);
  incident.set_tlp(v1::TLP_AMBER);
  incident.add_descriptions()->set_text("version " + std::to_string(version));
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  return share;
}

Partner AddPartner(store::PgPartnerStore& partners) {
  return partners
      .Create(ValidatePartner(Partner{.name = "CERT-B",
                                      .country = "LV",
                                      .endpoint = "localhost:7443",
                                      .spki_sha256 = std::string(43, 'A') + "=",
                                      .agreement = "a",
                                      .allowed_tlps = {v1::TLP_AMBER},
                                      .allowed_categories = {"*"}})
                  .value())
      .value();
}

TEST(ReceiverPgTest, PartnerShareLandsInIntakeOnceAndVersionsUpdateIt) {
  const std::string dsn = ncirt::testing::PgCluster::Shared().CreateDatabase();
  common::pg::Pool pool({.dsn = dsn, .max_connections = 2, .on_connect = &store::PrepareStatements});
  store::PgPartnerStore partners(pool);
  const Partner partner = AddPartner(partners);
  intake::store::PgIncidentStore incidents(pool, &intake::SecureRandomBytes);
  store::PgReceivedShareStore received(pool);
  store::PgShareBatchStore batches(pool, incidents);
  GroupCommit group(batches, 8, 1);
  Receiver receiver(received, group);

  const Reply first = receiver.Receive(partner, GreenShare(1));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(first)) << std::get<v1::Nack>(first).message();
  const std::string id = std::get<v1::Ack>(first).receiver_incident_id();
  const Reply again = receiver.Receive(partner, GreenShare(1));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(again));
  EXPECT_TRUE(std::get<v1::Ack>(again).duplicate());
  EXPECT_EQ(std::get<v1::Ack>(again).receiver_incident_id(), id);
  const Reply second = receiver.Receive(partner, GreenShare(2));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(second)) << std::get<v1::Nack>(second).message();
  EXPECT_EQ(std::get<v1::Ack>(second).receiver_incident_id(), id) << "same incident, updated";

  pqxx::connection c(dsn);
  pqxx::work work(c);
  const pqxx::row row = work.exec1(
      "SELECT count(*), max(submitter), max(tlp), max(version) FROM intake.incidents");
  EXPECT_EQ(row[0].as<int>(), 1);
  EXPECT_EQ(row[1].as<std::string>(), "partner:CERT-B");
  EXPECT_EQ(row[2].as<std::string>(), "AMBER");
  EXPECT_EQ(row[3].as<int>(), 2);
  EXPECT_EQ(work.exec1("SELECT count(*) FROM exchange.received_shares")[0].as<int>(), 2);
  EXPECT_EQ(group.Stats().entries, 3u) << "all three took the grouped way";
}

// A batch is all or nothing: an entry whose IncidentID another submitter filed fails it whole,
// and the same entries without it commit together.
TEST(ShareBatchPgTest, ABatchWithAConflictingEntryStoresNothing) {
  const std::string dsn = ncirt::testing::PgCluster::Shared().CreateDatabase();
  common::pg::Pool pool({.dsn = dsn, .max_connections = 2, .on_connect = &store::PrepareStatements});
  store::PgPartnerStore partners(pool);
  const Partner partner = AddPartner(partners);
  intake::store::PgIncidentStore incidents(pool, &intake::SecureRandomBytes);
  store::PgShareBatchStore batches(pool, incidents);

  // Prepared submissions of three Shares; the second one's IncidentID is someone else's.
  std::vector<std::string> documents;
  std::vector<intake::Submission> submissions;
  for (int n : {1, 2, 3}) {
    v1::Share share = GreenShare(1);
    share.mutable_incident()->mutable_incident_id()->set_id(std::to_string(n));
    documents.push_back(iodef::RenderXml({share.incident()}).value().document);
  }
  for (int n = 0; n < 3; ++n) {
    const std::string submitter = n == 1 ? "someone-else" : "partner:CERT-B";
    submissions.push_back(
        intake::PrepareSubmission(iodef::Decode(documents[n], iodef::Policy::kStrict, {}).incidents,
                                  {.submitter = submitter, .policy = iodef::Policy::kStrict,
                                   .default_tlp = v1::TLP_AMBER},
                                  "application/xml", documents[n], std::nullopt)
            .value());
  }
  ASSERT_TRUE(incidents.Submit(submissions[1]));
  submissions[1].submitter = "partner:CERT-B";
  std::vector<store::BatchEntry> entries;
  for (int n = 0; n < 3; ++n) {
    entries.push_back({.partner_id = partner.id,
                       .share_id = "s" + std::to_string(n),
                       .origin_incident_id = "o" + std::to_string(n),
                       .version = 1,
                       .submission = &submissions[n]});
  }
  const auto failed = batches.CommitVersions(entries);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, common::ErrorKind::kConflict);
  pqxx::connection c(dsn);
  const auto count = [&](const char* sql) {
    pqxx::nontransaction work(c);
    return work.exec1(sql)[0].as<int>();
  };
  EXPECT_EQ(count("SELECT count(*) FROM intake.incidents"), 1) << "only the other's";
  EXPECT_EQ(count("SELECT count(*) FROM exchange.received_shares"), 0);

  entries.erase(entries.begin() + 1);
  const auto stored = batches.CommitVersions(entries);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM intake.incidents"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM exchange.received_shares"), 2);
}

}  // namespace
}  // namespace ncirt::exchange
