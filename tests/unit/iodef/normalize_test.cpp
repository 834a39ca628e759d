#include "iodef/normalize.hpp"

#include <gtest/gtest.h>

namespace ncirt::iodef {
namespace {

struct NetCase {
  const char* input;
  v1::IndicatorKind kind;  // INDICATOR_KIND_UNSPECIFIED: must be refused
  const char* canonical;
};

TEST(NormalizeTest, AddressesAndNetworksTakeOneCanonicalForm) {
  const NetCase cases[] = {
      {"192.0.2.1", v1::INDICATOR_KIND_IPV4_ADDRESS, "192.0.2.1"},
      {" 192.0.2.1\n", v1::INDICATOR_KIND_IPV4_ADDRESS, "192.0.2.1"},
      {"2001:DB8:0:0::1", v1::INDICATOR_KIND_IPV6_ADDRESS, "2001:db8::1"},
      {"fe80::1%eth0", v1::INDICATOR_KIND_IPV6_ADDRESS, "fe80::1"},
      {"192.0.2.77/24", v1::INDICATOR_KIND_IPV4_NETWORK, "192.0.2.0/24"},
      {"192.0.2.0/255.255.255.0", v1::INDICATOR_KIND_IPV4_NETWORK, "192.0.2.0/24"},
      {"192.0.2.9/32", v1::INDICATOR_KIND_IPV4_ADDRESS, "192.0.2.9"},
      {"2001:db8:abcd::5/48", v1::INDICATOR_KIND_IPV6_NETWORK, "2001:db8:abcd::/48"},
      {"192.0.2.0/33", v1::INDICATOR_KIND_UNSPECIFIED, ""},
      {"192.0.2.0/255.0.255.0", v1::INDICATOR_KIND_UNSPECIFIED, ""},
      {"300.1.1.1", v1::INDICATOR_KIND_UNSPECIFIED, ""},
      {"not an address", v1::INDICATOR_KIND_UNSPECIFIED, ""},
  };
  for (const auto& c : cases) {
    const auto n = NormalizeNetwork(c.input);
    if (c.kind == v1::INDICATOR_KIND_UNSPECIFIED) {
      EXPECT_FALSE(n) << c.input;
      continue;
    }
    ASSERT_TRUE(n) << c.input;
    EXPECT_EQ(n->kind(), c.kind) << c.input;
    EXPECT_EQ(n->value(), c.canonical) << c.input;
  }
}

TEST(NormalizeTest, NamesUrlsMailAndAsnsAreFoldedWhereCaseDoesNotMatter) {
  EXPECT_EQ(NormalizeDomain("Mail.Example.COM."), "mail.example.com");
  EXPECT_FALSE(NormalizeDomain("bad..example"));
  EXPECT_FALSE(NormalizeDomain("has space.example"));
  EXPECT_EQ(NormalizeEmail("Phisher@Example.ORG"), "Phisher@example.org");
  EXPECT_EQ(NormalizeEmail("mailto:a@b.example"), "a@b.example");
  EXPECT_FALSE(NormalizeEmail("no-at-sign"));
  EXPECT_EQ(NormalizeUrl("HTTP://Evil.Example/Path?Q=1"), "http://evil.example/Path?Q=1");
  EXPECT_FALSE(NormalizeUrl("evil.example/path"));
  EXPECT_EQ(NormalizeAsn("AS64496"), "64496");
  EXPECT_EQ(NormalizeAsn("64496"), "64496");
  EXPECT_FALSE(NormalizeAsn("AS-one"));
  EXPECT_FALSE(NormalizeAsn("4294967296"));
}

TEST(NormalizeTest, HashesBecomeLowerCaseHexFromHexOrBase64) {
  EXPECT_EQ(NormalizeHashHex("D41D8CD98F00B204E9800998ECF8427E"),
            "d41d8cd98f00b204e9800998ecf8427e");
  // base64 of the same 16 bytes, as XML-DSig DigestValue carries it
  EXPECT_EQ(NormalizeHashHex("1B2M2Y8AsgTpgAmY7PhCfg=="), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_FALSE(NormalizeHashHex("xyz"));
  EXPECT_EQ(HashAlgorithmName("http://www.w3.org/2001/04/xmlenc#sha256"), "sha256");
  EXPECT_EQ(HashAlgorithmName("SHA-1"), "sha1");
}

v1::Incident IncidentWithSystems() {
  v1::Incident incident;
  auto* event = incident.add_event_data();
  auto* source = event->add_systems();
  source->set_category(v1::SYSTEM_CATEGORY_SOURCE);
  auto* a = source->mutable_node()->add_addresses();
  a->set_category(v1::ADDRESS_CATEGORY_IPV4_ADDR);
  a->set_value("192.0.2.200");
  // Reported with IODEF's default category although it is IPv4: still an address.
  auto* b = source->mutable_node()->add_addresses();
  b->set_value("198.51.100.7");
  auto* asn = source->mutable_node()->add_addresses();
  asn->set_category(v1::ADDRESS_CATEGORY_ASN);
  asn->set_value("64496");
  source->mutable_node()->add_domain_data()->set_name("C2.Example.NET");
  source->add_services()->add_urls("http://c2.example.net/gate.php");
  auto* nested = event->add_event_data()->add_systems();
  nested->set_category(v1::SYSTEM_CATEGORY_TARGET);
  auto* net = nested->mutable_node()->add_addresses();
  net->set_category(v1::ADDRESS_CATEGORY_IPV6_NET);
  net->set_value("2001:db8::/32");
  // Duplicate of the first address: reported once.
  auto* dup = source->mutable_node()->add_addresses();
  dup->set_category(v1::ADDRESS_CATEGORY_IPV4_ADDR);
  dup->set_value("192.0.2.200");
  // A contact's e-mail is a person to notify, not an indicator.
  incident.add_contacts()->add_emails()->set_address("soc@example.org");
  return incident;
}

TEST(NormalizeTest, IncidentIndicatorsComeFromSystemsWithTheirRoles) {
  const auto got = ExtractIndicators(IncidentWithSystems());
  std::vector<std::string> seen;
  for (const auto& n : got) seen.push_back(n.role() + " " + n.value());
  const std::vector<std::string> expected = {
      "source 192.0.2.200", "source 198.51.100.7",          "source 64496",
      "source c2.example.net", "source http://c2.example.net/gate.php",
      "target 2001:db8::/32"};
  EXPECT_EQ(seen, expected);
}

TEST(NormalizeTest, IndicatorObservablesBulkListsAndFileHashesAreIncluded) {
  v1::Incident incident;
  auto* ind = incident.add_indicators();
  auto* bulk = ind->mutable_observable()->mutable_bulk_observable();
  bulk->set_type("domain-name");
  bulk->add_values("Bad.Example");
  bulk->add_values("worse.example.");
  auto* expr = incident.add_indicators()->mutable_expression();
  auto* file = expr->add_observables()->mutable_file_data();
  auto* hash = file->add_hashes();
  hash->set_algorithm("http://www.w3.org/2001/04/xmlenc#sha256");
  hash->set_value_hex(std::string(64, 'A'));
  auto* mail = expr->add_expressions()->add_observables()->mutable_email_data();
  mail->set_from("Spam@Example.COM");

  const auto got = ExtractIndicators(incident);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].value(), "bad.example");
  EXPECT_EQ(got[1].value(), "worse.example");
  EXPECT_EQ(got[2].kind(), v1::INDICATOR_KIND_HASH);
  EXPECT_EQ(got[2].value(), std::string(64, 'a'));
  EXPECT_EQ(got[2].hash_algorithm(), "sha256");
  EXPECT_EQ(got[3].value(), "Spam@example.com");
  for (const auto& n : got) EXPECT_EQ(n.role(), "indicator");
}

TEST(NormalizeTest, FillReplacesPreviousIndicators) {
  auto incident = IncidentWithSystems();
  incident.add_normalized_indicators()->set_value("stale");
  FillNormalizedIndicators(incident);
  EXPECT_EQ(incident.normalized_indicators_size(), 6);
  EXPECT_EQ(incident.normalized_indicators(0).value(), "192.0.2.200");
}

}  // namespace
}  // namespace ncirt::iodef
