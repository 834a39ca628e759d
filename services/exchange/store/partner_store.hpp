#pragma once
// The partner registry's storage interface. The logic (admin API, pin registry refresh, the
// outbox's choice of recipients) depends on this, and its unit tests on a fake of it;
// pg_partner_store.hpp is the PostgreSQL implementation.
//
// Every partner passed in has gone through ValidatePartner() (partner.hpp).
//
// Thread-safety: implementations are safe to call from many threads at once.

#include <string_view>
#include <vector>

#include "common/error/error.hpp"
#include "exchange/partner.hpp"

namespace ncirt::exchange::store {

class PartnerStore {
 public:
  virtual ~PartnerStore() = default;

  // Stores a new partner and returns it with its id. kDuplicate when the name or the pin is
  // already registered (the message says which).
  virtual common::Result<Partner> Create(const Partner& partner) = 0;

  // Replaces every field of the partner named `partner.name`. kNotFound when there is none;
  // kDuplicate when the new pin belongs to another partner.
  virtual common::Result<Partner> Update(const Partner& partner) = 0;

  // kNotFound when no partner has this name.
  virtual common::Result<Partner> Get(std::string_view name) = 0;

  // All partners, enabled or not, by name.
  virtual common::Result<std::vector<Partner>> List() = 0;
};

}  // namespace ncirt::exchange::store
