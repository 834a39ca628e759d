#include "intake/token_admin.hpp"

#include <gtest/gtest.h>

#include "intake/token.hpp"
#include "intake_fixture.hpp"

// `ncirt-intake token ...` against a real database, as the launcher and operators use it.
namespace ncirt::intake::testing {
namespace {

class TokenAdminTest : public IntakeFixture {
 protected:
  // Runs the command; returns its exit code, and its standard output in `out`.
  int Run(std::vector<std::string> args, std::string* out = nullptr) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    const int code = RunTokenCommand(argv, {{"NCIRT_DATABASE_URL", dsn_}});
    const std::string stdout_text = ::testing::internal::GetCapturedStdout();
    last_stderr_ = ::testing::internal::GetCapturedStderr();
    if (out != nullptr) *out = stdout_text;
    return code;
  }
  std::string last_stderr_;
};

TEST_F(TokenAdminTest, CreatePrintsOnlyTheTokenWhichThenAuthenticates) {
  std::string out;
  ASSERT_EQ(Run({"create", "--submitter", "sensor-eu-1", "--scope", "submit,read", "--policy",
                 "strict", "--tlp", "green"},
                &out),
            0)
      << last_stderr_;
  ASSERT_FALSE(out.empty());
  const std::string token = out.substr(0, out.find('\n'));
  EXPECT_EQ(out, token + "\n") << "stdout holds the token alone, for scripts";
  EXPECT_TRUE(LooksLikeToken(token));
  EXPECT_NE(last_stderr_.find("sensor-eu-1"), std::string::npos);
  EXPECT_EQ(QueryValue("SELECT policy || '/' || default_tlp || '/' || "
                       "array_to_string(scopes, ',') FROM intake.api_tokens"),
            "strict/GREEN/submit,read");
  auto client = Client();
  EXPECT_EQ(Submit(*client, token, DdosReport("T-1")).status, 201);
}

TEST_F(TokenAdminTest, ListShowsTokensWithoutSecretsAndRevokeDisablesOne) {
  std::string token;
  ASSERT_EQ(Run({"create", "--submitter", "feed", "--scope", "submit"}, &token), 0);
  token.pop_back();
  std::string listing;
  ASSERT_EQ(Run({"list"}, &listing), 0);
  EXPECT_NE(listing.find("feed"), std::string::npos);
  EXPECT_EQ(listing.find(token.substr(6)), std::string::npos) << "never the secret";
  const std::string id = QueryValue("SELECT id FROM intake.api_tokens");
  EXPECT_EQ(Run({"revoke", id}), 0);
  EXPECT_EQ(Run({"revoke", id}), 1) << "already revoked";
  auto client = Client();
  EXPECT_EQ(Submit(*client, token, DdosReport("T-2")).status, 401);
}

TEST_F(TokenAdminTest, BadArgumentsAreRefusedWithAReason) {
  EXPECT_EQ(Run({"create", "--submitter", "x", "--scope", "write"}), 1);
  EXPECT_NE(last_stderr_.find("write"), std::string::npos);
  EXPECT_EQ(Run({"create", "--submitter", "x", "--scope", "submit", "--tlp", "purple"}), 1);
  EXPECT_EQ(Run({"create", "--scope", "submit"}), 2) << "missing --submitter";
  EXPECT_EQ(Run({"frobnicate"}), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.api_tokens"), 0);
}

}  // namespace
}  // namespace ncirt::intake::testing
