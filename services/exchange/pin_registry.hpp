#pragma once
// Which partner a TLS peer is: the enabled partners indexed by their SPKI pin.
//
// The TLS verify callback (common/net/tls_context.hpp, PinCheck) and the inbound handler ask
// on every handshake and request, while an administrator's change replaces the whole set. So
// readers take an immutable snapshot (a shared_ptr copied under a short lock) and never wait
// for a reload; Replace() builds the new index outside the lock and swaps it in. A disabled
// partner is simply absent: its handshakes fail at the pin check.
//
// Thread-safety: every member may be called from any thread at any time.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"
#include "exchange/partner.hpp"
#include "exchange/store/partner_store.hpp"

namespace ncirt::exchange {

class PinRegistry {
 public:
  using Index = std::map<std::string, Partner, std::less<>>;

  // Keeps the enabled ones of `partners`, by pin.
  void Replace(const std::vector<Partner>& partners);

  // The enabled partner with this pin, or nullptr.
  std::shared_ptr<const Partner> FindByPin(std::string_view pin) const;

  // A check for common::net::TlsConfig::pin_check that consults the registry's current
  // snapshot at each handshake. The registry must outlive the TLS contexts that use it.
  std::function<bool(std::string_view)> MakePinCheck() const;

  // The enabled partners in the current snapshot.
  std::size_t size() const;

 private:
  std::shared_ptr<const Index> Snapshot() const;

  mutable std::mutex mutex_;
  std::shared_ptr<const Index> index_ = std::make_shared<const Index>();  // guarded by mutex_
};

// Loads every partner from the registry and replaces the snapshot with the enabled ones. On an
// error (database unavailable) the registry keeps its current snapshot, so connections of known
// partners are not cut by a database hiccup.
common::Result<void> RefreshPins(store::PartnerStore& partners, PinRegistry& registry);

}  // namespace ncirt::exchange
