#pragma once
// The partner registry in PostgreSQL: table exchange.partners (schemas/sql, "exchange_partners").
//
// Lists (TLP levels, categories) travel as text joined with the unit separator U+001F, which
// ValidatePartner() never lets into a value, because libpqxx 6.4 has no array parameters.
// Unique violations (name, pin) come back as kDuplicate naming the column.
//
// Thread-safety: as PartnerStore; each call runs its own transaction on a pooled connection.

#include <functional>

#include <pqxx/transaction>

#include "common/pg/pool.hpp"
#include "exchange/store/partner_store.hpp"

namespace ncirt::exchange::store {

class PgPartnerStore final : public PartnerStore {
 public:
  // REQUIRES: every connection of `pool` ran Prepare() (PoolOptions::on_connect).
  explicit PgPartnerStore(common::pg::Pool& pool) : pool_(pool) {}

  // Prepares this store's statements on a new connection.
  static void Prepare(pqxx::connection& connection);

  common::Result<Partner> Create(const Partner& partner) override;
  common::Result<Partner> Update(const Partner& partner) override;

  // As above, and `after` runs in the same transaction with the stored partner (triage writes
  // the change's audit record there, so the change and its record commit together).
  using AfterWrite = std::function<void(pqxx::work&, const Partner&)>;
  common::Result<Partner> Create(const Partner& partner, const AfterWrite& after);
  common::Result<Partner> Update(const Partner& partner, const AfterWrite& after);
  common::Result<Partner> Get(std::string_view name) override;
  common::Result<std::vector<Partner>> List() override;

 private:
  common::pg::Pool& pool_;
};

}  // namespace ncirt::exchange::store
