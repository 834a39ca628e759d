#include "iodef/enums.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/generated_enum_reflection.h>
#include <gtest/gtest.h>

#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

// --- every proto enum value round-trips through its token ------------------------------------

template <typename E>
void ExpectEveryValueRoundTrips() {
  const google::protobuf::EnumDescriptor* descriptor = google::protobuf::GetEnumDescriptor<E>();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto value = static_cast<E>(descriptor->value(i)->number());
    const std::string& name = descriptor->value(i)->name();
    if (descriptor->value(i)->number() == 0) {
      EXPECT_EQ(Token(value), "") << name;
      const TokenWrite write = WriteEnum(value, "");
      EXPECT_TRUE(write.ok && write.token.empty()) << name << " must write no attribute";
      continue;
    }
    const std::string_view token = Token(value);
    ASSERT_FALSE(token.empty()) << name << " has no token";
    EXPECT_EQ(EnumFromToken<E>(token), value) << name;

    // Through the ext-value rule as well: what is written reads back as the same value.
    const bool is_ext = token == kExtValueToken;
    const TokenWrite write = WriteEnum(value, is_ext ? "private-thing" : "");
    ASSERT_TRUE(write.ok) << name;
    EXPECT_TRUE(IsRegistered(AttrOf<E>(), write.token)) << name << " wrote " << write.token;
    const EnumRead<E> read = ReadEnum<E>(write.token, write.ext.empty()
                                                          ? std::optional<std::string_view>()
                                                          : std::optional<std::string_view>(
                                                                write.ext),
                                         IodefVersion::kV2);
    EXPECT_EQ(read.value, value) << name;
    EXPECT_EQ(read.ext, is_ext ? "private-thing" : "") << name;
  }
}

TEST(EnumsTest, EveryPurposeRoundTripsThroughItsToken) {
  ExpectEveryValueRoundTrips<v1::Purpose>();
}
TEST(EnumsTest, EveryIncidentStatusRoundTripsThroughItsToken) {
  ExpectEveryValueRoundTrips<v1::IncidentStatus>();
}
TEST(EnumsTest, EveryRestrictionRoundTripsThroughItsToken) {
  ExpectEveryValueRoundTrips<v1::Restriction>();
}
TEST(EnumsTest, EveryContactRoleRoundTripsThroughItsToken) {
  ExpectEveryValueRoundTrips<v1::ContactRole>();
}
TEST(EnumsTest, EveryContactTypeRoundTripsThroughItsToken) {
  ExpectEveryValueRoundTrips<v1::ContactType>();
}
TEST(EnumsTest, EveryConfidenceRatingRoundTripsThroughItsToken) {
  ExpectEveryValueRoundTrips<v1::ConfidenceRating>();
}
TEST(EnumsTest, EverySeverityRoundTripsThroughItsToken) {
  ExpectEveryValueRoundTrips<v1::Severity>();
}
TEST(EnumsTest, EveryAddressCategoryRoundTripsThroughItsToken) {
  ExpectEveryValueRoundTrips<v1::AddressCategory>();
}
TEST(EnumsTest, EverySystemCategoryRoundTripsThroughItsToken) {
  ExpectEveryValueRoundTrips<v1::SystemCategory>();
}

// Every token the schema registers for an enum's attribute names an enum value, so nothing the
// schema allows falls into ext-value by accident.
template <typename E>
void ExpectEveryRegisteredTokenHasAValue() {
  for (const std::string_view token : RegisteredTokens(AttrOf<E>())) {
    EXPECT_TRUE(EnumFromToken<E>(token).has_value()) << token;
  }
}

TEST(EnumsTest, EveryRegisteredTokenOfAProtoEnumAttributeNamesAValue) {
  ExpectEveryRegisteredTokenHasAValue<v1::Purpose>();
  ExpectEveryRegisteredTokenHasAValue<v1::IncidentStatus>();
  ExpectEveryRegisteredTokenHasAValue<v1::Restriction>();
  ExpectEveryRegisteredTokenHasAValue<v1::ContactRole>();
  ExpectEveryRegisteredTokenHasAValue<v1::ContactType>();
  ExpectEveryRegisteredTokenHasAValue<v1::ConfidenceRating>();
  ExpectEveryRegisteredTokenHasAValue<v1::Severity>();
  ExpectEveryRegisteredTokenHasAValue<v1::AddressCategory>();
  ExpectEveryRegisteredTokenHasAValue<v1::SystemCategory>();
}

TEST(EnumsTest, WatchlistTravelsAsExtValueAndReadsBackAsItsEnumValue) {
  const TokenWrite write = WriteEnum(v1::SYSTEM_CATEGORY_WATCHLIST, "");
  EXPECT_EQ(write.token, "ext-value");
  EXPECT_EQ(write.ext, "watchlist");
  const auto read = ReadEnum<v1::SystemCategory>("ext-value", "watchlist", IodefVersion::kV2);
  EXPECT_EQ(read.value, v1::SYSTEM_CATEGORY_WATCHLIST);
  EXPECT_EQ(read.ext, "");
  EXPECT_EQ(CanonicalEnum(v1::SYSTEM_CATEGORY_EXT_VALUE, "watchlist"),
            v1::SYSTEM_CATEGORY_WATCHLIST);
  EXPECT_EQ(CanonicalEnum(v1::SYSTEM_CATEGORY_EXT_VALUE, "honeynet"),
            v1::SYSTEM_CATEGORY_EXT_VALUE);
}

TEST(EnumsTest, VendorSupportIsReadAsTheSchemasVendorServices) {
  EXPECT_EQ(EnumFromToken<v1::ContactRole>("vendor-support"), v1::CONTACT_ROLE_VENDOR_SUPPORT);
  EXPECT_EQ(Token(v1::CONTACT_ROLE_VENDOR_SUPPORT), "vendor-services");
  EXPECT_EQ(AlternativeSpelling(EnumAttr::kContactRole, "vendor-services"), "vendor-support");
  const auto read = ReadEnum<v1::ContactRole>("vendor-support", std::nullopt, IodefVersion::kV2);
  EXPECT_EQ(read.value, v1::CONTACT_ROLE_VENDOR_SUPPORT);
  EXPECT_EQ(read.status, TokenStatus::kAlias);
}

TEST(EnumsTest, UnknownSeverityIsDroppedBecauseTheListHasNoExtValue) {
  const auto read = ReadEnum<v1::Severity>("critical", std::nullopt, IodefVersion::kV2);
  EXPECT_EQ(read.value, v1::SEVERITY_UNSPECIFIED);
  EXPECT_EQ(read.status, TokenStatus::kNotCarried);
}

// --- the ext-value rule on string attributes ------------------------------------------------

struct ReadCase {
  const char* label;
  EnumAttr attr;
  std::optional<std::string_view> token;
  std::optional<std::string_view> ext;
  IodefVersion version;
  std::string_view want_token;
  std::string_view want_ext;
  TokenStatus want_status;
};

class ReadTokenTest : public ::testing::TestWithParam<ReadCase> {};

TEST_P(ReadTokenTest, AppliesTheExtValueRule) {
  const ReadCase& c = GetParam();
  const TokenRead read = ReadToken(c.attr, c.token, c.ext, c.version);
  EXPECT_EQ(read.token, c.want_token);
  EXPECT_EQ(read.ext, c.want_ext);
  EXPECT_EQ(read.status, c.want_status);
  const bool worth_an_issue = c.want_status != TokenStatus::kAbsent &&
                              c.want_status != TokenStatus::kRegistered &&
                              c.want_status != TokenStatus::kExtValue;
  EXPECT_EQ(!DescribeRead(c.attr, c.token.value_or(""), read, c.version).empty(), worth_an_issue);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ReadTokenTest,
    ::testing::Values(
        ReadCase{"Absent", EnumAttr::kSystemImpactType, std::nullopt, std::nullopt,
                 IodefVersion::kV2, "", "", TokenStatus::kAbsent},
        ReadCase{"Registered", EnumAttr::kSystemImpactType, "takeover-system", std::nullopt,
                 IodefVersion::kV2, "takeover-system", "", TokenStatus::kRegistered},
        ReadCase{"ExtValue", EnumAttr::kNodeRoleCategory, "ext-value", "honeynet",
                 IodefVersion::kV2, "ext-value", "honeynet", TokenStatus::kExtValue},
        ReadCase{"UnregisteredBecomesExtValue", EnumAttr::kBulkObservableType, "fqdn",
                 std::nullopt, IodefVersion::kV2, "ext-value", "fqdn",
                 TokenStatus::kUnregistered},
        ReadCase{"V1TokenOfV1OnlyList", EnumAttr::kV1ImpactType, "dos", std::nullopt,
                 IodefVersion::kV1, "dos", "", TokenStatus::kRegistered},
        ReadCase{"V2TokenInV1Document", EnumAttr::kRestriction, "green", std::nullopt,
                 IodefVersion::kV1, "green", "", TokenStatus::kOtherVersion},
        ReadCase{"CounterAlias", EnumAttr::kCounterType, "count", std::nullopt,
                 IodefVersion::kV2, "counter", "", TokenStatus::kAlias},
        ReadCase{"MisspelledExtValue", EnumAttr::kAddressCategory, "ext-category", "xmpp",
                 IodefVersion::kV1, "ext-value", "xmpp", TokenStatus::kMisspelledExt},
        ReadCase{"ExtWithoutValue", EnumAttr::kContactType, std::nullopt, "chatroom",
                 IodefVersion::kV1, "ext-value", "chatroom", TokenStatus::kExtWithoutValue},
        ReadCase{"ExtValueWithoutExt", EnumAttr::kContactRole, "ext-value", std::nullopt,
                 IodefVersion::kV2, "ext-value", "", TokenStatus::kExtValueNoExt},
        ReadCase{"NotCarried", EnumAttr::kOccurrence, "imagined", std::nullopt,
                 IodefVersion::kV2, "", "", TokenStatus::kNotCarried}),
    [](const ::testing::TestParamInfo<ReadCase>& p) { return std::string(p.param.label); });

struct WriteCase {
  const char* label;
  EnumAttr attr;
  std::string_view token;
  std::string_view ext;
  std::string_view want_token;
  std::string_view want_ext;
  bool want_ok;
};

class WriteTokenTest : public ::testing::TestWithParam<WriteCase> {};

TEST_P(WriteTokenTest, WritesOnlyWhatTheOfficialSchemaAccepts) {
  const WriteCase& c = GetParam();
  const TokenWrite write = WriteToken(c.attr, c.token, c.ext);
  EXPECT_EQ(write.ok, c.want_ok);
  EXPECT_EQ(write.token, c.want_token);
  EXPECT_EQ(write.ext, c.want_ext);
  if (write.ok && !write.token.empty()) {
    EXPECT_TRUE(IsRegistered(c.attr, write.token));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, WriteTokenTest,
    ::testing::Values(
        WriteCase{"Empty", EnumAttr::kEmailType, "", "", "", "", true},
        WriteCase{"Registered", EnumAttr::kEmailType, "direct", "", "direct", "", true},
        WriteCase{"V1ImpactTypeAsV2", EnumAttr::kSystemImpactType, "dos", "", "ext-value", "dos",
                  true},
        WriteCase{"ExtValueKeepsExt", EnumAttr::kAction, "ext-value", "notify-isp", "ext-value",
                  "notify-isp", true},
        WriteCase{"AliasToXsdSpelling", EnumAttr::kCounterType, "peak", "", "rate", "", true},
        WriteCase{"NoExtValueInList", EnumAttr::kBulkObservableType, "fqdn", "", "", "", false},
        WriteCase{"ExtValueNotInList", EnumAttr::kIndicatorOperator, "ext-value", "nand", "", "",
                  false}),
    [](const ::testing::TestParamInfo<WriteCase>& p) { return std::string(p.param.label); });

// --- the tables are the official schema's lists ---------------------------------------------

using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

std::string Attr(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return out;
}

void CollectEnumerations(const xmlNode* node, std::vector<std::string>& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (std::string_view(reinterpret_cast<const char*>(child->name)) == "enumeration") {
      out.push_back(Attr(child, "value"));
    }
    CollectEnumerations(child, out);
  }
}

// simpleType name -> its enumeration values, for every named simpleType of the schema.
std::vector<std::string> SchemaList(const xmlDoc& doc, std::string_view type_name) {
  for (const xmlNode* child = xmlDocGetRootElement(&doc)->children; child != nullptr;
       child = child->next) {
    if (child->type == XML_ELEMENT_NODE &&
        std::string_view(reinterpret_cast<const char*>(child->name)) == "simpleType" &&
        Attr(child, "name") == type_name) {
      std::vector<std::string> out;
      CollectEnumerations(child, out);
      return out;
    }
  }
  return {};
}

TEST(EnumsTest, V2TablesEqualTheOfficialSchemaLists) {
  const std::string path = (testing::SharedIodefDir() / "schema" / "iodef-2.0.xsd").string();
  DocPtr doc(xmlReadFile(path.c_str(), nullptr, XML_PARSE_NONET), &xmlFreeDoc);
  ASSERT_NE(doc, nullptr) << path;
  int compared = 0;
  for (int i = 0; i <= static_cast<int>(EnumAttr::kDtype); ++i) {
    const auto attr = static_cast<EnumAttr>(i);
    const EnumAttrInfo& info = Info(attr);
    const std::vector<std::string> schema = SchemaList(*doc, info.type_name);
    if (schema.empty()) continue;  // inline types (Assessment@occurrence) and v1-only lists
    const std::vector<std::string> ours(info.v2_tokens.begin(), info.v2_tokens.end());
    EXPECT_EQ(ours, schema) << info.type_name;
    ++compared;
  }
  EXPECT_GE(compared, 30);
}

}  // namespace
}  // namespace ncirt::iodef
