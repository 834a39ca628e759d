#include "exchange/store/schema_check.hpp"

#include <string>

#include <pqxx/transaction>

#include "common/pg/transaction.hpp"

namespace ncirt::exchange::store {

common::Result<void> CheckSchema(common::pg::Pool& pool) {
  auto missing = common::pg::RunTransaction(pool, [](pqxx::work& work) {
    std::string out;
    for (const char* table : kRequiredTables) {
      // to_regclass is NULL for a table that does not exist (no error, no exception).
      if (work.exec_params1("SELECT to_regclass($1) IS NULL", table)[0].as<bool>()) {
        out += out.empty() ? table : std::string(", ") + table;
      }
    }
    return out;
  });
  if (!missing) return std::unexpected(std::move(missing.error()));
  if (missing->empty()) return {};
  return common::Fail(common::ErrorKind::kBadConfig,
                      "the database has no table " + *missing +
                          ": its migrations have not run (or not all of them), so the exchange "
                          "service cannot keep its partner registry and outbox there; run "
                          "ncirt-migrate with the same NCIRT_DATABASE_URL (deploy/local/ncirt.sh "
                          "start does), then start ncirt-exchange again",
                      "NCIRT_DATABASE_URL");
}

}  // namespace ncirt::exchange::store
