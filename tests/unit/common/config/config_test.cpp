#include "common/config/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ncirt::common::config {
namespace {

using std::string_view_literals::operator""sv;

const Option kOptions[] = {
    {"NCIRT_TEST_LISTEN", OptionType::kString, "127.0.0.1:8443", "Address to listen on."},
    {"NCIRT_TEST_WORKERS", OptionType::kInt, "4", "Worker threads."},
    {"NCIRT_TEST_STRICT", OptionType::kBool, "false", "Reject every violation."},
    {"NCIRT_TEST_TIMEOUT", OptionType::kDuration, "30s", "Read timeout."},
    {"NCIRT_TEST_PASSWORD", OptionType::kString, "", "Database password.", /*secret=*/true},
    {"NCIRT_TEST_DATABASE_URL", OptionType::kString, "", "Where PostgreSQL is.", false, true},
};

const Environment kMinimal = {{"NCIRT_TEST_DATABASE_URL", "postgresql:///ncirt"}};

TEST(ConfigTest, DefaultsApplyWhenVariablesAreUnset) {
  auto values = Load(kOptions, kMinimal);
  ASSERT_TRUE(values) << values.error().ToString();
  EXPECT_EQ(values->String("NCIRT_TEST_LISTEN"), "127.0.0.1:8443");
  EXPECT_EQ(values->Int("NCIRT_TEST_WORKERS"), 4);
  EXPECT_FALSE(values->Bool("NCIRT_TEST_STRICT"));
  EXPECT_EQ(values->DurationMs("NCIRT_TEST_TIMEOUT"), 30'000);
  EXPECT_FALSE(values->Has("NCIRT_TEST_PASSWORD"));
}

TEST(ConfigTest, SetVariablesOverrideDefaults) {
  auto env = kMinimal;
  env["NCIRT_TEST_WORKERS"] = "16";
  env["NCIRT_TEST_STRICT"] = "yes";
  env["NCIRT_TEST_TIMEOUT"] = "250ms";
  auto values = Load(kOptions, env);
  ASSERT_TRUE(values);
  EXPECT_EQ(values->Int("NCIRT_TEST_WORKERS"), 16);
  EXPECT_TRUE(values->Bool("NCIRT_TEST_STRICT"));
  EXPECT_EQ(values->DurationMs("NCIRT_TEST_TIMEOUT"), 250);
}

TEST(ConfigTest, BadValuesStopStartUpNamingTheVariable) {
  struct Case { const char* name; const char* value; const char* expect_in_message; };
  const Case cases[] = {
      {"NCIRT_TEST_WORKERS", "four", "not a whole number"},
      {"NCIRT_TEST_STRICT", "maybe", "not a boolean"},
      {"NCIRT_TEST_TIMEOUT", "30", "not a duration"},
      {"NCIRT_TEST_TIMEOUT", "-5s", "not a duration"},
  };
  for (const auto& c : cases) {
    auto env = kMinimal;
    env[c.name] = c.value;
    auto values = Load(kOptions, env);
    ASSERT_FALSE(values) << c.name << "=" << c.value;
    EXPECT_EQ(values.error().kind, ErrorKind::kBadConfig);
    EXPECT_NE(values.error().message.find(c.name), std::string::npos) << values.error().message;
    EXPECT_NE(values.error().message.find(c.expect_in_message), std::string::npos)
        << values.error().message;
  }
}

TEST(ConfigTest, MissingRequiredOptionIsRefused) {
  auto values = Load(kOptions, Environment{});
  ASSERT_FALSE(values);
  EXPECT_NE(values.error().message.find("NCIRT_TEST_DATABASE_URL is required"), std::string::npos);
}

TEST(ConfigTest, UnknownNcirtVariableIsRefusedAsALikelyTypo) {
  auto env = kMinimal;
  env["NCIRT_TEST_WORKER"] = "8";
  auto values = Load(kOptions, env);
  ASSERT_FALSE(values);
  EXPECT_NE(values.error().message.find("unknown variable NCIRT_TEST_WORKER"), std::string::npos);
}

TEST(ConfigTest, OtherProgramsVariablesAndForeignVariablesAreIgnored) {
  auto env = kMinimal;
  env["NCIRT_OTHER_URL"] = "https://x";
  env["PATH"] = "/usr/bin";
  const std::string_view elsewhere[] = {"NCIRT_OTHER_URL"sv};
  EXPECT_TRUE(Load(kOptions, env, elsewhere));
}

TEST(ConfigTest, AKnownElsewhereEntryEndingInStarCoversEveryNameWithThatPrefix) {
  const std::string_view elsewhere[] = {"NCIRT_OTHER_*"sv};
  auto env = kMinimal;
  env["NCIRT_OTHER_LISTEN"] = ":1";
  env["NCIRT_OTHER_ANYTHING_AT_ALL"] = "x";
  EXPECT_TRUE(Load(kOptions, env, elsewhere));
  env["NCIRT_OTHERWISE"] = "x";  // not under the prefix NCIRT_OTHER_
  auto refused = Load(kOptions, env, elsewhere);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("NCIRT_OTHERWISE"), std::string::npos);
}

TEST(ConfigTest, ClientAndScriptVariablesNeverTripAService) {
  auto env = kMinimal;
  for (std::string_view name : ToolVariables()) env[std::string(name)] = "x";
  EXPECT_TRUE(Load(kOptions, env));
  EXPECT_NE(std::ranges::find(ToolVariables(), "NCIRT_TRIAGE_URL"sv), ToolVariables().end());
}

TEST(ConfigTest, SecretValuesAreNeverEchoed) {
  const Option options[] = {
      {"NCIRT_TEST_KEY", OptionType::kInt, "", "A secret number.", /*secret=*/true}};
  auto values = Load(options, Environment{{"NCIRT_TEST_KEY", "hunter2"}});
  ASSERT_FALSE(values);
  EXPECT_EQ(values.error().message.find("hunter2"), std::string::npos);
  EXPECT_EQ(HelpText("x", "y", kOptions).find("hunter2"), std::string::npos);
}

TEST(ConfigTest, HelpAndMarkdownListEveryOption) {
  const auto help = HelpText("ncirt-test", "Test service.", kOptions);
  const auto table = MarkdownTable(kOptions);
  for (const auto& o : kOptions) {
    EXPECT_NE(help.find(o.name), std::string::npos);
    EXPECT_NE(table.find(o.name), std::string::npos);
  }
  EXPECT_NE(help.find("required"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::common::config
