#include "common/pg/transaction.hpp"

#include <memory>
#include <string>

namespace ncirt::common::pg {

std::string_view SetIsolationStatement(Isolation isolation) {
  switch (isolation) {
    case Isolation::kReadCommitted:
      return {};
    case Isolation::kRepeatableRead:
      return "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
    case Isolation::kSerializable:
      return "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE";
  }
  return {};
}

namespace detail {

Result<Begun> Begin(Pool& pool, Isolation isolation) {
  const std::size_t most_stale = pool.options().max_connections + 1;
  for (std::size_t stale = 0;; ++stale) {
    auto lease = pool.Acquire();
    if (!lease) {
      return std::unexpected(std::move(lease.error()));
    }
    try {
      auto work = std::make_unique<pqxx::work>(**lease);
      if (const std::string_view set = SetIsolationStatement(isolation); !set.empty()) {
        work->exec0(std::string(set));
      }
      return Begun{std::move(*lease), std::move(work)};
    } catch (const pqxx::broken_connection&) {
      // Nothing of the caller's has run on this connection: drop it and take another.
      lease->Discard();
      if (stale + 1 >= most_stale) {
        throw;
      }
    }
  }
}

}  // namespace detail
}  // namespace ncirt::common::pg
