#include "exchange/store/pg_partner_store.hpp"

#include <gtest/gtest.h>

#include "support/pg_cluster.hpp"

namespace ncirt::exchange::store {
namespace {

constexpr const char* kPinA = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
constexpr const char* kPinB = "//////////////////////////////////////////8=";

class PgPartnerStoreTest : public ::testing::Test {
 protected:
  PgPartnerStoreTest()
      : pool_({.dsn = ncirt::testing::PgCluster::Shared().CreateDatabase(),
               .max_connections = 2,
               .on_connect = &PgPartnerStore::Prepare}),
        store_(pool_) {}

  static Partner Sample(std::string name, std::string pin) {
    return ValidatePartner(Partner{.name = std::move(name),
                                    .country = "EE",
                                    .endpoint = "[::1]:7443",
                                    .spki_sha256 = std::move(pin),
                                    .agreement = "bilateral",
                                    .allowed_tlps = {v1::TLP_GREEN, v1::TLP_AMBER_STRICT},
                                    .allowed_categories = {"phishing", "a,b {c}", "*"},
                                    .personal_data_allowed = true})
        .value();
  }

  common::pg::Pool pool_;
  PgPartnerStore store_;
};

TEST_F(PgPartnerStoreTest, CreatedPartnerReadsBackFieldForField) {
  const auto created = store_.Create(Sample("CERT-EE", kPinA));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_GT(created->id, 0);
  const auto read = store_.Get("CERT-EE");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->endpoint, "[::1]:7443");
  EXPECT_EQ(read->spki_sha256, kPinA);
  EXPECT_EQ(read->allowed_tlps, (std::vector<v1::Tlp>{v1::TLP_GREEN, v1::TLP_AMBER_STRICT}));
  EXPECT_EQ(read->allowed_categories, (std::vector<std::string>{"phishing", "a,b {c}", "*"}));
  EXPECT_TRUE(read->personal_data_allowed);
  EXPECT_FALSE(read->original_document_allowed);
  EXPECT_TRUE(read->enabled);
}

TEST_F(PgPartnerStoreTest, EmptyListsStayEmpty) {
  Partner partner = Sample("CERT-FI", kPinA);
  partner.allowed_tlps.clear();
  partner.allowed_categories.clear();
  ASSERT_TRUE(store_.Create(partner));
  const auto read = store_.Get("CERT-FI");
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->allowed_tlps.empty());
  EXPECT_TRUE(read->allowed_categories.empty());
}

TEST_F(PgPartnerStoreTest, DuplicateNameOrPinIsRefusedNamingWhich) {
  ASSERT_TRUE(store_.Create(Sample("CERT-EE", kPinA)));
  const auto same_name = store_.Create(Sample("CERT-EE", kPinB));
  ASSERT_FALSE(same_name);
  EXPECT_EQ(same_name.error().kind, common::ErrorKind::kDuplicate);
  EXPECT_EQ(same_name.error().where, "name");
  const auto same_pin = store_.Create(Sample("CERT-LV", kPinA));
  ASSERT_FALSE(same_pin);
  EXPECT_EQ(same_pin.error().where, "spki_sha256");
}

TEST_F(PgPartnerStoreTest, UpdateReplacesFieldsAndUnknownNameIsNotFound) {
  ASSERT_TRUE(store_.Create(Sample("CERT-EE", kPinA)));
  Partner changed = Sample("CERT-EE", kPinB);
  changed.enabled = false;
  changed.endpoint = "cert.ee:9000";
  const auto updated = store_.Update(changed);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_FALSE(updated->enabled);
  EXPECT_EQ(store_.Get("CERT-EE")->spki_sha256, kPinB);
  EXPECT_EQ(store_.Update(Sample("CERT-XX", kPinA)).error().kind, common::ErrorKind::kNotFound);
  EXPECT_EQ(store_.Get("CERT-XX").error().kind, common::ErrorKind::kNotFound);
}

TEST_F(PgPartnerStoreTest, ListReturnsAllByName) {
  ASSERT_TRUE(store_.Create(Sample("CERT-LV", kPinB)));
  ASSERT_TRUE(store_.Create(Sample("CERT-EE", kPinA)));
  const auto all = store_.List();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "CERT-EE");
  EXPECT_EQ((*all)[1].name, "CERT-LV");
}

TEST_F(PgPartnerStoreTest, TableRefusesRedEvenIfValidationWereBypassed) {
  Partner partner = Sample("CERT-EE", kPinA);
  partner.allowed_tlps.push_back(v1::TLP_RED);
  EXPECT_THROW((void)store_.Create(partner), pqxx::check_violation);
}

}  // namespace
}  // namespace ncirt::exchange::store
