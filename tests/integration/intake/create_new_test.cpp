// PgIncidentStore::CreateNewIn on real PostgreSQL: in one statement it creates exactly the
// submissions it may (one incident, no Idempotency-Key, an IncidentID nobody has and no other
// submission of the batch has), with the rows Submit() would write, and leaves every other one
// untouched for SubmitIn.
#include <gtest/gtest.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/pg/transaction.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/prepare.hpp"
#include "intake/submission.hpp"
#include "iodef/codec.hpp"
#include "support/pg_cluster.hpp"

namespace ncirt::intake::store {
namespace {

v1::Incident Incident(const std::string& iodef_id, const std::string& address = "") {
  v1::Incident incident;
  incident.mutable_incident_id()->set_id(iodef_id);
  incident.mutable_incident_id()->set_name("csirt.example");
  incident.set_purpose(v1::PURPOSE_MITIGATION);
  incident.mutable_generation_time()->set_seconds(1'800'000'000);
  incident.add_descriptions()->set_text("report " + iodef_id);
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  if (!address.empty()) {
    auto* system = incident.add_event_data()->add_systems();
    system->set_category(v1::SYSTEM_CATEGORY_TARGET);
    auto* a = system->mutable_node()->add_addresses();
    a->set_value(address);
    a->set_category(v1::ADDRESS_CATEGORY_IPV4_ADDR);
  }
  return incident;
}

class CreateNewTest : public ::testing::Test {
 protected:
  const Submission& Prepared(std::vector<v1::Incident> incidents,
                             std::optional<std::string> key = std::nullopt) {
    documents_.push_back(iodef::RenderXml(incidents).value().document);
    Principal principal{.submitter = "sensor-1", .default_tlp = v1::TLP_AMBER};
    submissions_.push_back(PrepareSubmission(std::move(incidents), principal, "application/xml",
                                             documents_.back(), std::move(key))
                               .value());
    return submissions_.back();
  }

  long long Count(const std::string& sql) {
    pqxx::connection c(dsn_);
    pqxx::nontransaction work(c);
    return work.exec1(sql)[0].as<long long>();
  }

  std::string dsn_ = ncirt::testing::PgCluster::Shared().CreateDatabase();
  common::pg::Pool pool_{{.dsn = dsn_, .max_connections = 2, .on_connect = &PrepareStatements}};
  PgIncidentStore store_{pool_, &SecureRandomBytes};
  std::deque<std::string> documents_;
  std::deque<Submission> submissions_;
};

TEST_F(CreateNewTest, CreatesOnlyWhatItMayWithTheRowsSubmitWritesAndLeavesTheRestUntouched) {
  ASSERT_TRUE(store_.Submit(Prepared({Incident("exists")})).has_value());
  const long long documents = Count("SELECT count(*) FROM intake.documents");
  const std::vector<const Submission*> batch = {
      &Prepared({Incident("new-a")}),
      &Prepared({Incident("exists")}),                        // IncidentID stored
      &Prepared({Incident("twice")}),                         // IncidentID twice in the batch
      &Prepared({Incident("twice", "192.0.2.1")}),
      &Prepared({Incident("multi-1"), Incident("multi-2")}),  // two incidents
      &Prepared({Incident("keyed")}, "key-1"),                // an Idempotency-Key
      &Prepared({Incident("new-f", "198.51.100.7")}),
  };
  const auto created = common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) { return store_.CreateNewIn(work, batch); });
  ASSERT_TRUE(created.has_value());
  ASSERT_EQ(created->size(), batch.size());
  for (std::size_t i : {1, 2, 3, 4, 5}) EXPECT_FALSE((*created)[i].has_value()) << i;
  ASSERT_TRUE((*created)[0].has_value());
  ASSERT_TRUE((*created)[6].has_value());

  const IncidentResult& f = (*created)[6]->incidents.at(0);
  EXPECT_EQ(f.outcome, Outcome::kCreated);
  EXPECT_EQ(f.version, 1);
  EXPECT_EQ(f.iodef_id, "new-f");
  const auto stored = store_.Get(f.id);
  ASSERT_TRUE(stored.has_value());
  v1::Incident expected = batch[6]->incidents.at(0).incident;
  expected.set_id(f.id);
  EXPECT_EQ(stored->incident.SerializeAsString(), expected.SerializeAsString());
  EXPECT_EQ(stored->submitter, "sensor-1");

  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.documents"), documents + 2);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.documents d JOIN intake.incidents i "
                  "ON i.document_id = d.id WHERE i.iodef_id = 'new-f' AND d.content = "
                  "convert_to(" + pqxx::connection(dsn_).quote(documents_.back()) +
                  ", 'UTF8') AND d.submitter = 'sensor-1' AND d.media_type = 'application/xml'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.indicators x JOIN intake.incidents i "
                  "ON i.id = x.incident_id WHERE i.iodef_id = 'new-f' "
                  "AND x.address = '198.51.100.7'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.triage_outbox o JOIN intake.incidents i "
                  "ON i.id = o.incident_id WHERE o.version = 1 AND o.event = 'created' "
                  "AND i.iodef_id IN ('new-a', 'new-f')"),
            2);

  // What was left is SubmitIn's: the same submissions through Submit() decide as usual.
  EXPECT_EQ(store_.Submit(*batch[1])->incidents.at(0).outcome, Outcome::kDuplicate);
  EXPECT_EQ(store_.Submit(*batch[2])->incidents.at(0).outcome, Outcome::kCreated);
  EXPECT_EQ(store_.Submit(*batch[3])->incidents.at(0).outcome, Outcome::kUpdated);
}

}  // namespace
}  // namespace ncirt::intake::store
