#include "exchange/store/prepare.hpp"

#include "exchange/store/follow_changes.hpp"
#include "exchange/store/pg_outbox_store.hpp"
#include "exchange/store/pg_partner_store.hpp"
#include "exchange/store/pg_received_share_store.hpp"
#include "exchange/store/pg_status_query_store.hpp"
#include "exchange/store/share_source.hpp"
#include "intake/store/prepare.hpp"

namespace ncirt::exchange::store {

void PrepareStatements(pqxx::connection& c) {
  intake::store::PrepareStatements(c);
  PgPartnerStore::Prepare(c);
  PgOutboxStore::Prepare(c);
  PgStatusQueryStore::Prepare(c);
  PgReceivedShareStore::Prepare(c);
  PrepareShareSourceStatements(c);
  PrepareFollowStatements(c);
}

}  // namespace ncirt::exchange::store
