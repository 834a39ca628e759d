#pragma once
// Prepares every named statement of intake's stores on a newly opened connection (the Pool's
// on_connect). libpqxx 6 registers them lazily, so this costs no round trip; each is sent to
// the server on its first use on that connection.
//
// Thread-safety: called with a connection owned by the calling thread.

#include <pqxx/connection>

namespace ncirt::intake::store {

void PrepareStatements(pqxx::connection& connection);

}  // namespace ncirt::intake::store
