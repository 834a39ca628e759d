#include "constituency_fixture.hpp"

#include <pqxx/binarystring>
#include <pqxx/transaction>

#include "ncirt/v1/incident.pb.h"
#include "support/pg_cluster.hpp"
#include "triage/constituency/matcher.hpp"
#include "triage/constituency/normalize.hpp"
#include "triage/route_modules.hpp"

namespace ncirt::triage::testing {
namespace {

std::optional<std::string> DomainOf(const std::string& kind, const std::string& value) {
  std::string host;
  if (kind == "domain") {
    host = value;
  } else if (kind == "email") {
    host = value.substr(value.rfind('@') + 1);
  } else if (kind == "url") {
    const auto start = value.find("://") + 3;
    host = value.substr(start, value.find_first_of("/:?#", start) - start);
  } else {
    return std::nullopt;
  }
  return constituency::ReversedDomain(host);
}

}  // namespace

void ConstituencyDbTest::SetUp() {
  dsn_ = ncirt::testing::PgCluster::Shared().CreateDatabase();
  pool_ = std::make_unique<common::pg::Pool>(common::pg::PoolOptions{
      .dsn = dsn_, .max_connections = 8, .on_connect = [](pqxx::connection& c) {
        store::PrepareStatements(c);
        PrepareModuleStatements(c);
      }});
  queue_ = std::make_unique<store::QueueStore>(*pool_, clock_);
  registry_ = std::make_unique<constituency::RegistryStore>(*pool_, clock_);
  correlation_ = std::make_unique<correlation::CorrelationStore>(*pool_, clock_);
}

std::vector<std::string> ConstituencyDbTest::AddIncidents(const std::vector<Indicators>& each) {
  std::vector<std::string> ids;
  {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    const auto document = w.exec1(
        "INSERT INTO intake.documents (sha256, format, media_type, content, submitter) VALUES "
        "('00', 'iodef-v2-xml', 'application/xml', '\\x00'::bytea, 'sensor-1') RETURNING id");
    v1::Incident model;
    model.set_tlp(v1::TLP_GREEN);
    for (const auto& indicators : each) {
      const auto row = w.exec_params1(
          "INSERT INTO intake.incidents (id, iodef_id, iodef_name, version, fingerprint, tlp, "
          "purpose, submitter, document_id, incident_index, model) VALUES (gen_random_uuid(), "
          "$1, 'csirt.example', 1, 'f', 'GREEN', 'reporting', 'sensor-1', $2, 0, $3) "
          "RETURNING id::text",
          "INC-" + std::to_string(next_iodef_id_++), document[0].as<std::int64_t>(),
          pqxx::binarystring(model.SerializeAsString()));
      const std::string id = row[0].as<std::string>();
      for (const auto& [kind, value] : indicators) {
        const bool ip = kind.starts_with("ipv");
        const auto domain = DomainOf(kind, value);
        w.exec_params0(
            "INSERT INTO intake.indicators (incident_id, kind, value, address, domain_reversed) "
            "VALUES ($1::uuid, $2, $3, $4::inet, $5)",
            id, kind, value, ip ? value.c_str() : nullptr,
            domain ? domain->c_str() : nullptr);
      }
      w.exec_params0(
          "INSERT INTO intake.triage_outbox (incident_id, version, event) VALUES ($1::uuid, 1, "
          "'created')",
          id);
      ids.push_back(id);
    }
    w.commit();
  }
  auto taken = queue_->ConsumeOutbox(static_cast<int>(each.size()));
  EXPECT_TRUE(taken) << taken.error().ToString();
  return ids;
}

std::string ConstituencyDbTest::AddIncident(const Indicators& indicators) {
  return AddIncidents({indicators}).at(0);
}

std::vector<std::string> ConstituencyDbTest::Matched(const std::string& incident_id) {
  std::vector<std::string> handles;
  pqxx::connection c(dsn_);
  constituency::PrepareConstituencyStatements(c);
  pqxx::work w(c);
  const auto read = constituency::ReadMatches(w, incident_id);
  EXPECT_TRUE(read.has_value());
  if (read) {
    for (const auto& o : read->organisations) handles.push_back(o.handle);
  }
  return handles;
}

store::QueueEntry ConstituencyDbTest::Entry(const std::string& incident_id) {
  auto entry = queue_->Get({"test", "test"}, incident_id);
  EXPECT_TRUE(entry) << entry.error().ToString();
  return entry.value_or(store::QueueEntry{});
}

std::int64_t ConstituencyDbTest::Count(const std::string& sql) {
  EXPECT_TRUE(queue_->ChainAudit().has_value());
  pqxx::connection c(dsn_);
  pqxx::work w(c);
  return w.exec1(sql)[0].as<std::int64_t>();
}

void ConstituencyDbTest::Exec(const std::string& sql) {
  pqxx::connection c(dsn_);
  pqxx::work w(c);
  w.exec0(sql);
  w.commit();
}

constituency::NewOrganisation ConstituencyDbTest::Org(const std::string& handle,
                                                      const std::string& sector,
                                                      std::optional<Criticality> criticality,
                                                      const std::vector<std::string>& ranges,
                                                      const std::vector<std::string>& asns,
                                                      const std::vector<std::string>& domains) {
  constituency::NewOrganisation o;
  o.handle = handle;
  o.attributes = {handle + " Ltd", sector, criticality};
  using constituency::CheckFact;
  using constituency::FactKind;
  for (const auto& r : ranges) o.facts.push_back(*CheckFact(FactKind::kRange, r, {}, "r"));
  for (const auto& a : asns) o.facts.push_back(*CheckFact(FactKind::kAsn, a, {}, "a"));
  for (const auto& d : domains) o.facts.push_back(*CheckFact(FactKind::kDomain, d, {}, "d"));
  return o;
}

}  // namespace ncirt::triage::testing
