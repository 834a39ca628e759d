#include "exchange/pin_registry.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace ncirt::exchange {
namespace {

Partner Named(std::string name, std::string pin, bool enabled) {
  return Partner{.name = std::move(name), .spki_sha256 = std::move(pin), .enabled = enabled};
}

TEST(PinRegistryTest, FindsOnlyEnabledPartnersByPin) {
  PinRegistry registry;
  registry.Replace({Named("CERT-A", "pin-a", true), Named("CERT-B", "pin-b", false)});
  ASSERT_NE(registry.FindByPin("pin-a"), nullptr);
  EXPECT_EQ(registry.FindByPin("pin-a")->name, "CERT-A");
  EXPECT_EQ(registry.FindByPin("pin-b"), nullptr) << "disabled partners are refused";
  EXPECT_EQ(registry.FindByPin("pin-x"), nullptr);
  EXPECT_EQ(registry.size(), 1u);
}

TEST(PinRegistryTest, PinCheckFollowsReplacement) {
  PinRegistry registry;
  const auto check = registry.MakePinCheck();
  EXPECT_FALSE(check("pin-a"));
  registry.Replace({Named("CERT-A", "pin-a", true)});
  EXPECT_TRUE(check("pin-a"));
  registry.Replace({Named("CERT-A", "pin-a", false)});
  EXPECT_FALSE(check("pin-a")) << "disabling takes effect at the next handshake";
}

TEST(PinRegistryTest, PartnerFoundStaysValidAfterReplace) {
  PinRegistry registry;
  registry.Replace({Named("CERT-A", "pin-a", true)});
  const auto partner = registry.FindByPin("pin-a");
  registry.Replace({});
  EXPECT_EQ(partner->name, "CERT-A");
}

TEST(PinRegistryTest, ReadersAndAReplacerRunConcurrently) {
  PinRegistry registry;
  registry.Replace({Named("CERT-A", "pin-a", true)});
  std::thread replacer([&] {
    for (int i = 0; i < 2000; ++i) {
      registry.Replace({Named("CERT-A", "pin-a", true), Named("CERT-" + std::to_string(i),
                                                              "pin-" + std::to_string(i), true)});
    }
  });
  int found = 0;
  for (int i = 0; i < 2000; ++i) found += registry.FindByPin("pin-a") != nullptr ? 1 : 0;
  replacer.join();
  EXPECT_EQ(found, 2000);
}

// The registry's store, listing what it was given or failing like a database that is down.
class ListingStore final : public store::PartnerStore {
 public:
  common::Result<Partner> Create(const Partner&) override { return Unused(); }
  common::Result<Partner> Update(const Partner&) override { return Unused(); }
  common::Result<Partner> Get(std::string_view) override { return Unused(); }
  common::Result<std::vector<Partner>> List() override {
    if (down) return common::Fail(common::ErrorKind::kUnavailable, "database down");
    return partners;
  }
  static common::Result<Partner> Unused() {
    return common::Fail(common::ErrorKind::kNotFound, "not used");
  }

  bool down = false;
  std::vector<Partner> partners;
};

TEST(PinRegistryTest, RefreshLoadsEnabledPartnersAndKeepsTheSnapshotWhenTheStoreIsDown) {
  ListingStore store;
  store.partners = {Named("CERT-A", "pin-a", true), Named("CERT-B", "pin-b", false)};
  PinRegistry registry;
  ASSERT_TRUE(RefreshPins(store, registry));
  EXPECT_EQ(registry.size(), 1u);
  store.down = true;
  EXPECT_FALSE(RefreshPins(store, registry));
  EXPECT_NE(registry.FindByPin("pin-a"), nullptr) << "a database hiccup cuts no partner off";
}

}  // namespace
}  // namespace ncirt::exchange
