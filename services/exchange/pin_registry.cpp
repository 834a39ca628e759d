#include "exchange/pin_registry.hpp"

namespace ncirt::exchange {

void PinRegistry::Replace(const std::vector<Partner>& partners) {
  auto index = std::make_shared<Index>();
  for (const Partner& partner : partners) {
    if (partner.enabled) index->insert_or_assign(partner.spki_sha256, partner);
  }
  std::shared_ptr<const Index> frozen = std::move(index);
  const std::lock_guard lock(mutex_);
  index_.swap(frozen);
}

std::shared_ptr<const PinRegistry::Index> PinRegistry::Snapshot() const {
  const std::lock_guard lock(mutex_);
  return index_;
}

std::shared_ptr<const Partner> PinRegistry::FindByPin(std::string_view pin) const {
  std::shared_ptr<const Index> index = Snapshot();
  const auto it = index->find(pin);
  if (it == index->end()) return nullptr;
  // Shares ownership of the snapshot, so the partner stays valid after a Replace().
  return std::shared_ptr<const Partner>(index, &it->second);
}

std::function<bool(std::string_view)> PinRegistry::MakePinCheck() const {
  return [this](std::string_view pin) { return FindByPin(pin) != nullptr; };
}

std::size_t PinRegistry::size() const { return Snapshot()->size(); }

common::Result<void> RefreshPins(store::PartnerStore& partners, PinRegistry& registry) {
  auto all = partners.List();
  if (!all) return std::unexpected(all.error());
  registry.Replace(*all);
  return {};
}

}  // namespace ncirt::exchange
