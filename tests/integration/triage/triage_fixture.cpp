#include "triage_fixture.hpp"

#include <fstream>

#include <pqxx/binarystring>
#include <pqxx/transaction>

#include "support/pg_cluster.hpp"

namespace ncirt::triage::testing {

v1::Incident ModelWith(v1::Severity severity, v1::ConfidenceRating confidence, v1::Tlp tlp) {
  v1::Incident model;
  model.set_tlp(tlp);
  auto* assessment = model.add_assessments();
  assessment->add_impacts()->mutable_system()->set_severity(severity);
  assessment->mutable_confidence()->set_rating(confidence);
  return model;
}

void TriageDbTest::SetUp() {
  dsn_ = ncirt::testing::PgCluster::Shared().CreateDatabase();
  db_name_ = dsn_.substr(dsn_.rfind('/') + 1);
  pool_ = std::make_unique<common::pg::Pool>(common::pg::PoolOptions{
      .dsn = dsn_, .max_connections = 20, .on_connect = store::PrepareStatements});
  store_ = std::make_unique<store::QueueStore>(*pool_, clock_);
}

std::string TriageDbTest::AddIntakeIncident(const v1::Incident& model, const std::string& tlp) {
  pqxx::connection c(dsn_);
  pqxx::work w(c);
  const auto document = w.exec_params1(
      "INSERT INTO intake.documents (sha256, format, media_type, content, submitter) VALUES "
      "('00', 'iodef-v2-xml', 'application/xml', '\\x00'::bytea, 'sensor-1') RETURNING id");
  const auto incident = w.exec_params1(
      "INSERT INTO intake.incidents (id, iodef_id, iodef_name, version, fingerprint, tlp, "
      "purpose, submitter, document_id, incident_index, model) VALUES (gen_random_uuid(), $1, "
      "'csirt.example', 1, 'f', $2, 'reporting', 'sensor-1', $3, 0, $4) RETURNING id::text",
      "INC-" + std::to_string(next_iodef_id_++), tlp, document[0].as<std::int64_t>(),
      pqxx::binarystring(model.SerializeAsString()));
  const std::string id = incident[0].as<std::string>();
  w.exec_params0(
      "INSERT INTO intake.triage_outbox (incident_id, version, event) VALUES ($1::uuid, 1, "
      "'created')",
      id);
  w.commit();
  return id;
}

void TriageDbTest::UpdateIntakeIncident(const std::string& id, const v1::Incident& model,
                                        int version) {
  pqxx::connection c(dsn_);
  pqxx::work w(c);
  w.exec_params0("UPDATE intake.incidents SET version = $2, model = $3 WHERE id = $1::uuid", id,
                 version, pqxx::binarystring(model.SerializeAsString()));
  w.exec_params0(
      "INSERT INTO intake.triage_outbox (incident_id, version, event) VALUES ($1::uuid, $2, "
      "'updated')",
      id, version);
  w.commit();
}

std::unique_ptr<pqxx::connection> TriageDbTest::Superuser() {
  const auto dir = ncirt::testing::PgCluster::Shared().dir();
  std::ifstream port_file(dir / "port");
  std::string port;
  port_file >> port;
  return std::make_unique<pqxx::connection>("host=" + (dir / "run").string() + " port=" + port +
                                            " user=postgres dbname=" + db_name_);
}

std::int64_t TriageDbTest::Count(const std::string& sql) {
  // Audit records become audit.log rows when chained; chain first so counts see them all.
  EXPECT_TRUE(store_->ChainAudit().has_value());
  pqxx::connection c(dsn_);
  pqxx::work w(c);
  return w.exec1(sql)[0].as<std::int64_t>();
}

}  // namespace ncirt::triage::testing
