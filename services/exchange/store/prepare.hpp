#pragma once
// Every prepared statement ncirt-exchange runs, for a connection pool's on_connect: its own
// stores' (partners, outbox, status questions, received Shares, the share source and the
// follower) and intake's, since received Shares are stored through intake's store. The service,
// its integration tests and its benchmark prepare the same set, so a statement a test leaves
// out cannot hide a store that would fail in the service.
//
// Thread-safety: as pqxx::connection (one connection, one thread).

#include <pqxx/connection>

namespace ncirt::exchange::store {

void PrepareStatements(pqxx::connection& c);

}  // namespace ncirt::exchange::store
