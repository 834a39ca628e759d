// The class mappers one at a time, where IODEF v1 and v2 differ.
#include "iodef/map_classes.hpp"

#include <libxml/parser.h>

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ncirt::iodef {
namespace {

using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

struct Fixture {
  DocPtr doc{nullptr, &xmlFreeDoc};
  std::vector<v1::ValidationIssue> issues;
  MapContext ctx;
  const xmlNode* root = nullptr;

  Fixture(IodefVersion version, const std::string& element)
      : ctx(version, &issues) {
    const std::string ns = version == IodefVersion::kV1 ? "urn:ietf:params:xml:ns:iodef-1.0"
                                                        : "urn:ietf:params:xml:ns:iodef-2.0";
    const std::string xml = "<Wrapper xmlns='" + ns + "'>" + element + "</Wrapper>";
    doc.reset(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "e.xml", nullptr,
                            XML_PARSE_NONET));
    for (const xmlNode* n = xmlDocGetRootElement(doc.get())->children; n; n = n->next) {
      if (n->type == XML_ELEMENT_NODE) root = n;
    }
  }
};

TEST(MapClassesTest, V1CounterTypeIsTheUnitAndADurationMakesItARate) {
  Fixture f(IodefVersion::kV1, "<Counter type='byte' duration='second'>10000</Counter>");
  const v1::Counter counter = MapCounter(f.ctx, f.root);
  EXPECT_EQ(counter.unit(), "byte");
  EXPECT_EQ(counter.type(), "rate");
  EXPECT_EQ(counter.duration(), "second");
  EXPECT_EQ(counter.value(), 10000);
  Fixture g(IodefVersion::kV1, "<Counter type='event'>57</Counter>");
  EXPECT_EQ(MapCounter(g.ctx, g.root).type(), "counter");
}

TEST(MapClassesTest, V2CounterKeepsTypeAndUnitAndReadsTheRfcTextSpelling) {
  Fixture f(IodefVersion::kV2, "<Counter type='count' unit='packet'>3</Counter>");
  const v1::Counter counter = MapCounter(f.ctx, f.root);
  EXPECT_EQ(counter.type(), "counter");
  EXPECT_EQ(counter.unit(), "packet");
  ASSERT_EQ(f.issues.size(), 1u);  // the alias is reported
}

TEST(MapClassesTest, AddressWithoutCategoryGetsItsVersionsDefault) {
  Fixture old(IodefVersion::kV1, "<Address>192.0.2.1</Address>");
  EXPECT_EQ(MapAddress(old.ctx, old.root).category(), v1::ADDRESS_CATEGORY_IPV4_ADDR);
  Fixture now(IodefVersion::kV2, "<Address vlan-num='12'> 2001:db8::1 </Address>");
  const v1::Address address = MapAddress(now.ctx, now.root);
  EXPECT_EQ(address.category(), v1::ADDRESS_CATEGORY_IPV6_ADDR);
  EXPECT_EQ(address.value(), "2001:db8::1");
  EXPECT_EQ(address.vlan_num(), 12);
}

TEST(MapClassesTest, ServiceProtocolAttributeIsSpeltPerVersion) {
  Fixture old(IodefVersion::kV1,
              "<Service ip_protocol='6'><Portlist>137-139,445</Portlist></Service>");
  const v1::Service s1 = MapService(old.ctx, old.root);
  EXPECT_EQ(s1.ip_protocol(), 6);
  EXPECT_EQ(s1.port_list(), "137-139,445");
  Fixture now(IodefVersion::kV2,
              "<Service ip-protocol='17'><ServiceName><IANAService>domain</IANAService>"
              "</ServiceName><Port>53</Port></Service>");
  const v1::Service s2 = MapService(now.ctx, now.root);
  EXPECT_EQ(s2.ip_protocol(), 17);
  EXPECT_EQ(s2.iana_service(), "domain");
  EXPECT_EQ(s2.port(), 53);
}

TEST(MapClassesTest, V1ContactMeansBecomeV2ClassesWithTheirMeaning) {
  Fixture f(IodefVersion::kV1,
            "<Contact role='creator' type='person'><ContactName>Joe</ContactName>"
            "<Email meaning='work'>joe@example.com</Email><Telephone>+1 555</Telephone>"
            "<Fax>+1 556</Fax></Contact>");
  const v1::Contact contact = MapContact(f.ctx, f.root);
  EXPECT_EQ(contact.role(), v1::CONTACT_ROLE_CREATOR);
  EXPECT_EQ(contact.emails(0).address(), "joe@example.com");
  EXPECT_EQ(contact.emails(0).descriptions(0).text(), "work");
  ASSERT_EQ(contact.telephones_size(), 2);
  EXPECT_EQ(contact.telephones(1).number(), "+1 556");
  EXPECT_EQ(contact.telephones(1).type(), "fax");
}

TEST(MapClassesTest, V1NodeNameAndNodeRoleGoWhereV2HasThem) {
  Fixture f(IodefVersion::kV1,
            "<System category='intermediate'><Node><NodeName>irc.example.com</NodeName>"
            "<Address category='ipv4-addr'>192.0.2.20</Address>"
            "<NodeRole category='name'>resolver</NodeRole></Node></System>");
  const v1::System system = MapSystem(f.ctx, f.root);
  EXPECT_EQ(system.node().node_names(0), "irc.example.com");
  ASSERT_EQ(system.node_roles_size(), 1);
  EXPECT_EQ(system.node_roles(0).category(), "name");
  EXPECT_EQ(system.node_roles(0).descriptions(0).text(), "resolver");
}

TEST(MapClassesTest, ObservableOfAClassTheModelDoesNotMapKeepsItsName) {
  Fixture f(IodefVersion::kV2,
            "<Observable><WindowsRegistryKeysModified><Key><KeyName>HKLM</KeyName></Key>"
            "</WindowsRegistryKeysModified></Observable>");
  EXPECT_EQ(MapObservable(f.ctx, f.root).unmapped_class(), "WindowsRegistryKeysModified");
}

TEST(MapClassesTest, BulkObservableListIsOneValuePerLine) {
  Fixture f(IodefVersion::kV2,
            "<Observable><BulkObservable type='domain-name'><BulkObservableList>\n"
            "  a.example.com\n\n  b.example.net  \n</BulkObservableList></BulkObservable>"
            "</Observable>");
  const v1::BulkObservable bulk = MapObservable(f.ctx, f.root).bulk_observable();
  ASSERT_EQ(bulk.values_size(), 2);
  EXPECT_EQ(bulk.values(0), "a.example.com");
  EXPECT_EQ(bulk.values(1), "b.example.net");
}

}  // namespace
}  // namespace ncirt::iodef
