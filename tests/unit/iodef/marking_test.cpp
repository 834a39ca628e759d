#include "iodef/marking.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ncirt::iodef {
namespace {

v1::RestrictionValue Restriction(v1::Restriction value, std::string ext = {}) {
  v1::RestrictionValue r;
  r.set_value(value);
  r.set_ext(std::move(ext));
  return r;
}

TEST(MarkingTest, EveryIodefRestrictionTokenMapsToItsTlpColour) {
  const struct {
    v1::Restriction restriction;
    v1::Tlp tlp;
  } cases[] = {
      {v1::RESTRICTION_WHITE, v1::TLP_CLEAR},         {v1::RESTRICTION_PUBLIC, v1::TLP_CLEAR},
      {v1::RESTRICTION_GREEN, v1::TLP_GREEN},         {v1::RESTRICTION_PARTNER, v1::TLP_GREEN},
      {v1::RESTRICTION_AMBER, v1::TLP_AMBER},         {v1::RESTRICTION_NEED_TO_KNOW, v1::TLP_AMBER},
      {v1::RESTRICTION_RED, v1::TLP_RED},             {v1::RESTRICTION_PRIVATE, v1::TLP_RED},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(TlpFromRestriction(Restriction(c.restriction), v1::TLP_GREEN), c.tlp)
        << v1::Restriction_Name(c.restriction);
  }
}

TEST(MarkingTest, AmberStrictExtValueIsRecognisedInAnySpelling) {
  for (const char* ext : {"amber+strict", "AMBER+STRICT", "TLP:AMBER+STRICT", "tlp:Amber+Strict",
                          " amber+strict "}) {
    EXPECT_EQ(TlpFromRestriction(Restriction(v1::RESTRICTION_EXT_VALUE, ext), v1::TLP_CLEAR),
              v1::TLP_AMBER_STRICT)
        << ext;
  }
}

TEST(MarkingTest, AbsentDefaultOrUnknownRestrictionTakesTheSubmittersDefault) {
  EXPECT_EQ(TlpFromRestriction(Restriction(v1::RESTRICTION_UNSPECIFIED), v1::TLP_AMBER),
            v1::TLP_AMBER);
  EXPECT_EQ(TlpFromRestriction(Restriction(v1::RESTRICTION_DEFAULT), v1::TLP_RED), v1::TLP_RED);
  EXPECT_EQ(TlpFromRestriction(Restriction(v1::RESTRICTION_EXT_VALUE, "secret"), v1::TLP_GREEN),
            v1::TLP_GREEN);
  EXPECT_FALSE(TlpOfRestriction(Restriction(v1::RESTRICTION_EXT_VALUE, "amber")));
}

TEST(MarkingTest, TlpNamesRoundTripThroughParse) {
  for (v1::Tlp tlp : {v1::TLP_CLEAR, v1::TLP_GREEN, v1::TLP_AMBER, v1::TLP_AMBER_STRICT,
                      v1::TLP_RED}) {
    const auto parsed = ParseTlp(TlpName(tlp));
    ASSERT_TRUE(parsed) << TlpName(tlp);
    EXPECT_EQ(*parsed, tlp);
  }
  EXPECT_EQ(TlpName(v1::TLP_UNSPECIFIED), "");
}

TEST(MarkingTest, ParseTlpAcceptsCommonSpellingsAndRefusesOthers) {
  EXPECT_EQ(ParseTlp("tlp:white"), v1::TLP_CLEAR);
  EXPECT_EQ(ParseTlp("TLP:AMBER_STRICT"), v1::TLP_AMBER_STRICT);
  EXPECT_EQ(ParseTlp("Green"), v1::TLP_GREEN);
  EXPECT_FALSE(ParseTlp("purple"));
  EXPECT_FALSE(ParseTlp(""));
}

}  // namespace
}  // namespace ncirt::iodef
