#include "intake/store/prepare.hpp"

#include "intake/store/pg_health_store.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/pg_quarantine_store.hpp"
#include "intake/store/pg_token_store.hpp"

namespace ncirt::intake::store {

void PrepareStatements(pqxx::connection& connection) {
  PgIncidentStore::Prepare(connection);
  PgTokenStore::Prepare(connection);
  PgQuarantineStore::Prepare(connection);
  PgHealthStore::Prepare(connection);
}

}  // namespace ncirt::intake::store
