#include "iodef/json_map_classes.hpp"

#include <deque>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "iodef/json_formats.hpp"

namespace ncirt::iodef {
namespace {

class JsonMapClassesTest : public ::testing::Test {
 protected:
  JsonAt At(const std::string& text) {
    documents_.push_back(Json::parse(text));
    return JsonAt{documents_.back(), "/h"};
  }
  bool Warned(const std::string& part) const {
    for (const auto& issue : issues_) {
      if (issue.message().find(part) != std::string::npos) return true;
    }
    return false;
  }

  std::vector<v1::ValidationIssue> issues_;
  JsonMapContext ctx_{&issues_};
  std::deque<Json> documents_;
};

constexpr const char* kSha1 = "http://www.w3.org/2000/09/xmldsig#sha1";

std::string Hash(const std::string& method, const std::string& value) {
  return R"({"DigestMethod": ")" + method + R"(", "DigestValue": ")" + value + R"("})";
}

TEST_F(JsonMapClassesTest, ReadsTheAlgorithmFromAnXmlDsigDigestMethod) {
  const std::string method = EncodeBase64(
      std::string("<DigestMethod xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Algorithm=\"") +
      kSha1 + "\">tic</DigestMethod>");
  const auto hash = MapJsonHash(ctx_, At(Hash(method, "XA==")));
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->algorithm(), kSha1);
  EXPECT_EQ(hash->value_hex(), "5c");
}

TEST_F(JsonMapClassesTest, ReadsABareAlgorithmUriEncodedOrNot) {
  auto hash = MapJsonHash(ctx_, At(Hash(EncodeBase64(kSha1), "XA==")));
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->algorithm(), kSha1);
  hash = MapJsonHash(ctx_, At(Hash(kSha1, "XA==")));
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->algorithm(), kSha1);
  EXPECT_TRUE(Warned("algorithm URI, not base64"));
}

TEST_F(JsonMapClassesTest, ReadsAHexDigestOfTheAlgorithmsLengthAsHex) {
  const std::string hex = "0123456789abcdef0123456789ABCDEF01234567";  // 20 bytes: sha1
  const auto hash = MapJsonHash(ctx_, At(Hash(kSha1, hex)));
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->value_hex(), "0123456789abcdef0123456789abcdef01234567");
  EXPECT_TRUE(Warned("hex digits, not base64"));
}

TEST_F(JsonMapClassesTest, LeavesOutHashesItCannotRead) {
  EXPECT_FALSE(MapJsonHash(ctx_, At(R"({"DigestValue": "XA=="})")));
  EXPECT_TRUE(Warned("Hash without DigestMethod and DigestValue"));
  EXPECT_FALSE(MapJsonHash(ctx_, At(Hash(EncodeBase64("<Other/>"), "XA=="))));
  EXPECT_FALSE(MapJsonHash(ctx_, At(Hash(EncodeBase64("not a uri"), "XA=="))));
  EXPECT_FALSE(MapJsonHash(ctx_, At(Hash(kSha1, "#!"))));
}

TEST_F(JsonMapClassesTest, NamesObservableClassesTheModelDoesNotMap) {
  const v1::Observable observable = MapJsonObservable(
      ctx_, At(R"({"restriction": "green", "CertificateData": {"Certificate": []}})"));
  EXPECT_EQ(observable.unmapped_class(), "CertificateData");
  EXPECT_EQ(observable.restriction().value(), v1::RESTRICTION_GREEN);
}

TEST_F(JsonMapClassesTest, TakesOneClassOfAnObservable) {
  const v1::Observable observable = MapJsonObservable(
      ctx_, At(R"({"Address": {"value": "192.0.2.1", "category": "ipv4-addr"},
                   "EmailData": {"EmailFrom": "a@b.example"}})"));
  EXPECT_EQ(observable.address().value(), "192.0.2.1");
  EXPECT_TRUE(Warned("Observable holds one class"));
}

TEST_F(JsonMapClassesTest, ReadsOneContentOfAnIndicator) {
  const v1::IodefIndicator indicator = MapJsonIndicator(
      ctx_, At(R"({"IndicatorID": {"id": "i", "name": "n", "version": 2},
                   "uid-ref": "o1", "IndicatorReference": {"uid-ref": "i0"}})"));
  EXPECT_EQ(indicator.uid_ref(), "o1");
  EXPECT_EQ(indicator.id().version(), "2");  // a number where RFC 8727 has text
  EXPECT_TRUE(Warned("kept only in the source document"));
}

TEST_F(JsonMapClassesTest, ReadsAContactWithItsMeans) {
  const v1::Contact contact = MapJsonContact(
      ctx_, At(R"({"role": "irt", "type": "organization", "Timezone": "+09:00",
                   "RegistryHandle": [{"handle": "H-1", "registry": "apnic"}],
                   "PostalAddress": [{"PAddress": {"value": "1 Rue", "lang": "fr"},
                                      "type": "street"}],
                   "Telephone": [{"TelephoneNumber": "+81", "type": "mobile"}],
                   "Contact": [{"role": "tech", "type": "person"}]})"));
  EXPECT_EQ(contact.role(), v1::CONTACT_ROLE_IRT);
  EXPECT_EQ(contact.timezone(), "+09:00");
  EXPECT_EQ(contact.registry_handles(0).registry(), "apnic");
  EXPECT_EQ(contact.postal_addresses(0).address().lang(), "fr");
  EXPECT_EQ(contact.telephones(0).type(), "mobile");
  EXPECT_EQ(contact.contacts(0).role(), v1::CONTACT_ROLE_TECH);
}

}  // namespace
}  // namespace ncirt::iodef
