// PgShareBatchStore (exchange/store/pg_share_batch_store.hpp) on real PostgreSQL: a batch
// takes the set-based lane for new Shares of new incidents, and the rows and answers it gives
// are exactly those of the same Shares stored one per transaction on the one-by-one lane,
// whatever the batch mixes in (re-sent Shares, later and older versions, an IncidentID intake
// already has, a Share twice); a Share whose IncidentID belongs to another submitter still
// fails the whole batch, leaving nothing of it, and alone gets its own refusal.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/pqxx>

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

// An incident as a partner shares it; `address` adds an indicator, `text` varies the content.
v1::Incident Incident(const std::string& iodef_id, const std::string& text,
                      const std::string& address = "") {
  v1::Incident incident;
  incident.mutable_incident_id()->set_id(iodef_id);
  incident.mutable_incident_id()->set_name("cert-b.example");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'800'000'000);
  incident.mutable_detect_time()->set_seconds(1'799'990'000);
  incident.set_tlp(v1::TLP_GREEN);
  incident.add_descriptions()->set_text(text);
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  if (!address.empty()) {
    auto* system = incident.add_event_data()->add_systems();
    system->set_category(v1::SYSTEM_CATEGORY_SOURCE);
    auto* a = system->mutable_node()->add_addresses();
    a->set_value(address);
    a->set_category(v1::ADDRESS_CATEGORY_IPV4_ADDR);
  }
  return incident;
}

// The value, or the test stops with the error's message.
template <typename T>
T Must(common::Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().ToString());
  return std::move(*result);
}

// One CIRT's database with the stores the receiver uses.
class Cirt {
 public:
  using Lane = store::PgShareBatchStore::Lane;
  explicit Cirt(Lane lane)
      : dsn_(ncirt::testing::PgCluster::Shared().CreateDatabase()),
        pool_({.dsn = dsn_, .max_connections = 2, .on_connect = &store::PrepareStatements}),
        partners_(pool_),
        incidents_(pool_, &intake::SecureRandomBytes),
        batches_(pool_, incidents_, lane) {
    const Partner partner = Must(ValidatePartner(Partner{.name = "CERT-B",
                                                         .country = "LV",
                                                         .endpoint = "localhost:7443",
                                                         .spki_sha256 = std::string(43, 'A') + "=",
                                                         .agreement = "a",
                                                         .allowed_tlps = {v1::TLP_GREEN},
                                                         .allowed_categories = {"*"}}),
                                 "partner");
    partner_id_ = Must(partners_.Create(partner), "partner row").id;
  }

  // What the Receiver builds from a Share: its incident as a strictly valid IODEF document.
  const intake::Submission& Prepared(const v1::Incident& incident,
                                     const std::string& submitter = "CERT-B") {
    documents_.push_back(Must(iodef::RenderXml({incident}), "render").document);
    intake::Principal principal{.submitter = submitter, .default_tlp = v1::TLP_GREEN};
    submissions_.push_back(Must(intake::PrepareSubmission({incident}, principal,
                                                          "application/xml", documents_.back(),
                                                          std::nullopt),
                                "prepare"));
    return submissions_.back();
  }

  store::BatchEntry Entry(const std::string& share_id, const std::string& origin,
                          std::uint64_t version, const v1::Incident& incident) {
    return store::BatchEntry{.partner_id = partner_id_,
                             .share_id = share_id,
                             .origin_incident_id = origin,
                             .version = version,
                             .originator = "CERT-C",
                             .submission = &Prepared(incident)};
  }

  common::Result<std::vector<store::BatchOutcome>> Commit(
      const std::vector<store::BatchEntry>& entries) {
    return batches_.CommitVersions(entries);
  }

  // Each entry in its own transaction, as the group commit's fallback stores them.
  std::vector<store::BatchOutcome> CommitOneByOne(const std::vector<store::BatchEntry>& entries) {
    std::vector<store::BatchOutcome> out;
    for (const store::BatchEntry& e : entries) {
      auto one = batches_.CommitVersions({e});
      EXPECT_TRUE(one.has_value()) << one.error().message;
      out.push_back(one->at(0));
    }
    return out;
  }

  // Submits straight to intake, as the partner's own API token would.
  void SubmitToIntake(const v1::Incident& incident, const std::string& submitter) {
    ASSERT_TRUE(incidents_.Submit(Prepared(incident, submitter)).has_value());
  }

  // The outcomes with our incident ids replaced by their IncidentIDs (ids differ per database).
  std::vector<std::string> Named(const std::vector<store::BatchOutcome>& outcomes) {
    std::vector<std::string> out;
    for (const store::BatchOutcome& o : outcomes) {
      out.push_back(Text("SELECT iodef_id FROM intake.incidents WHERE id::text = '" +
                         o.receiver_incident_id + "'") +
                    (o.duplicate ? " duplicate" : " applied"));
    }
    return out;
  }

  // Every row the receiver writes, without what differs between databases (generated ids,
  // times of day); models compared without their id.
  std::string Rows() {
    std::string out;
    for (const char* sql : {
             "SELECT string_agg(concat_ws('|', iodef_name, iodef_id, version, fingerprint, tlp, "
             "purpose, generation_time, detect_time, report_time, submitter, incident_index, "
             "warning_count), E'\\n' ORDER BY iodef_id) FROM intake.incidents",
             "SELECT string_agg(concat_ws('|', i.iodef_id, d.sha256, d.format, d.media_type, "
             "md5(d.content), d.submitter), E'\\n' ORDER BY i.iodef_id) "
             "FROM intake.incidents i JOIN intake.documents d ON d.id = i.document_id",
             "SELECT count(*) FROM intake.documents",
             "SELECT string_agg(concat_ws('|', i.iodef_id, h.version, h.fingerprint, "
             "h.submitter), E'\\n' ORDER BY i.iodef_id, h.version) "
             "FROM intake.incident_history h JOIN intake.incidents i ON i.id = h.incident_id",
             "SELECT string_agg(concat_ws('|', i.iodef_id, x.kind, x.value, x.address, "
             "x.domain_reversed, x.hash_algorithm, x.role), E'\\n' ORDER BY i.iodef_id, x.value) "
             "FROM intake.indicators x JOIN intake.incidents i ON i.id = x.incident_id",
             "SELECT string_agg(concat_ws('|', i.iodef_id, o.version, o.event), E'\\n' "
             "ORDER BY i.iodef_id, o.version) FROM intake.triage_outbox o "
             "JOIN intake.incidents i ON i.id = o.incident_id",
             "SELECT string_agg(concat_ws('|', r.share_id, r.origin_incident_id, r.version, "
             "i.iodef_id, r.applied, r.originator, r.kind), E'\\n' ORDER BY r.share_id) "
             "FROM exchange.received_shares r "
             "LEFT JOIN intake.incidents i ON i.id::text = r.receiver_incident_id"}) {
      out += Text(sql) + "\n--\n";
    }
    pqxx::connection c(dsn_);
    pqxx::nontransaction work(c);
    for (const pqxx::row& row :
         work.exec("SELECT iodef_id, model FROM intake.incidents ORDER BY iodef_id")) {
      const pqxx::binarystring bytes(row[1]);
      v1::Incident model;
      EXPECT_TRUE(model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
      model.clear_id();
      out += row[0].as<std::string>() + ": " + model.ShortDebugString() + "\n";
    }
    return out;
  }

  std::string Text(const std::string& sql) {
    pqxx::connection c(dsn_);
    pqxx::nontransaction work(c);
    const pqxx::result r = work.exec(sql);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

 private:
  std::string dsn_;
  common::pg::Pool pool_;
  store::PgPartnerStore partners_;
  intake::store::PgIncidentStore incidents_;
  store::PgShareBatchStore batches_;
  std::int64_t partner_id_ = 0;
  std::deque<std::string> documents_;
  std::deque<intake::Submission> submissions_;
};

TEST(ShareBatchStoreTest, NewSharesInOneBatchStoreTheRowsTheyStoreOneByOne) {
  Cirt batched(Cirt::Lane::kSetBased), alone(Cirt::Lane::kOneByOne);
  std::vector<store::BatchEntry> a, b;
  for (int n = 0; n < 6; ++n) {
    const std::string id = "inc-" + std::to_string(n);
    // Non-ASCII text and an indicator on some: the document and model bytes travel as hex.
    const v1::Incident incident =
        Incident(id, "scan n\xc2\xb0" + std::to_string(n) + " \xe6\xbc\xa2",
                 n % 2 == 0 ? "192.0.2." + std::to_string(n + 1) : "");
    a.push_back(batched.Entry(id + ":v1", id, 1, incident));
    b.push_back(alone.Entry(id + ":v1", id, 1, incident));
  }
  const auto outcomes = batched.Commit(a);
  ASSERT_TRUE(outcomes.has_value()) << outcomes.error().message;
  const auto expected = alone.CommitOneByOne(b);

  EXPECT_EQ(batched.Named(*outcomes), alone.Named(expected));
  EXPECT_EQ(batched.Named(*outcomes)[0], "inc-0 applied");
  EXPECT_EQ(batched.Rows(), alone.Rows());
  EXPECT_EQ(batched.Text("SELECT count(*) FROM intake.indicators"), "3");
  EXPECT_EQ(batched.Text("SELECT count(*) FROM intake.triage_outbox"), "6");
}

TEST(ShareBatchStoreTest, BatchMixingKnownAndNewSharesDecidesEachShareAsOneByOne) {
  Cirt batched(Cirt::Lane::kSetBased), alone(Cirt::Lane::kOneByOne);
  for (Cirt* cirt : {&batched, &alone}) {
    ASSERT_TRUE(cirt->Commit({cirt->Entry("x:v1", "x", 1, Incident("x", "first"))}));
    ASSERT_TRUE(cirt->Commit({cirt->Entry("y:v3", "y", 3, Incident("y", "third"))}));
    // The partner also filed this one through intake's API under the same submitter name.
    cirt->SubmitToIntake(Incident("direct", "filed directly"), "CERT-B");
  }
  const auto batch = [](Cirt& cirt) {
    return std::vector<store::BatchEntry>{
        cirt.Entry("new-1:v1", "new-1", 1, Incident("new-1", "new one", "198.51.100.1")),
        cirt.Entry("x:v1", "x", 1, Incident("x", "first")),                // re-sent
        cirt.Entry("x:v2", "x", 2, Incident("x", "second", "198.51.100.2")),  // later version
        cirt.Entry("y:v2", "y", 2, Incident("y", "second")),  // older than the applied v3
        cirt.Entry("direct:v1", "direct", 1, Incident("direct", "filed directly")),
        cirt.Entry("new-2:v1", "new-2", 1, Incident("new-2", "twice")),
        cirt.Entry("new-2:v1", "new-2", 1, Incident("new-2", "twice")),  // same Share again
        cirt.Entry("new-3:v1", "new-3", 1, Incident("new-3", "new three")),
    };
  };
  const auto outcomes = batched.Commit(batch(batched));
  ASSERT_TRUE(outcomes.has_value()) << outcomes.error().message;
  const auto expected = alone.CommitOneByOne(batch(alone));

  const std::vector<std::string> named = batched.Named(*outcomes);
  EXPECT_EQ(named, alone.Named(expected));
  EXPECT_EQ(named, (std::vector<std::string>{"new-1 applied", "x duplicate", "x applied",
                                             "y duplicate", "direct duplicate", "new-2 applied",
                                             "new-2 duplicate", "new-3 applied"}));
  EXPECT_EQ(batched.Rows(), alone.Rows());
  EXPECT_EQ(batched.Text("SELECT version FROM intake.incidents WHERE iodef_id = 'x'"), "2");
}

TEST(ShareBatchStoreTest, IncidentIdOfAnotherSubmitterFailsTheWholeBatchAndStoresNothing) {
  Cirt cirt(Cirt::Lane::kSetBased);
  cirt.SubmitToIntake(Incident("taken", "someone else's"), "constituent-7");
  const std::string before = cirt.Rows();
  const auto outcomes = cirt.Commit({
      cirt.Entry("new-1:v1", "new-1", 1, Incident("new-1", "new one", "203.0.113.9")),
      cirt.Entry("taken:v1", "taken", 1, Incident("taken", "the partner's")),
      cirt.Entry("new-2:v1", "new-2", 1, Incident("new-2", "new two")),
  });
  ASSERT_FALSE(outcomes.has_value());
  EXPECT_EQ(outcomes.error().kind, common::ErrorKind::kConflict);
  EXPECT_EQ(cirt.Rows(), before);
  EXPECT_EQ(cirt.Text("SELECT count(*) FROM exchange.received_shares"), "0");

  // The group commit's fallback: each alone, only the offending one refused.
  EXPECT_TRUE(cirt.Commit({cirt.Entry("new-1:v1", "new-1", 1, Incident("new-1", "one"))}));
  const auto refused = cirt.Commit({cirt.Entry("taken:v1", "taken", 1, Incident("taken", "x"))});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, common::ErrorKind::kConflict);
  EXPECT_TRUE(cirt.Commit({cirt.Entry("new-2:v1", "new-2", 1, Incident("new-2", "two"))}));
  EXPECT_EQ(cirt.Text("SELECT count(*) FROM exchange.received_shares"), "2");
  EXPECT_EQ(cirt.Text("SELECT count(*) FROM intake.incidents"), "3");
}

}  // namespace
}  // namespace ncirt::exchange
