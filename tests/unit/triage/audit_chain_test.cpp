#include "triage/audit_chain.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace ncirt::triage {
namespace {

std::vector<AuditRow> MakeChain(int count) {
  std::vector<AuditRow> rows;
  Sha256 prev = GenesisHash();
  for (int i = 1; i <= count; ++i) {
    AuditRow row;
    row.entry = AuditEntry{i,
                           1'700'000'000'000'000 + i,
                           "alice",
                           "192.0.2.10",
                           "transition",
                           "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                           "{\"to\":\"triaged\"}"};
    row.prev_hash = prev;
    row.hash = ChainHash(prev, row.entry);
    prev = row.hash;
    rows.push_back(row);
  }
  return rows;
}

common::Result<void> VerifyAll(const std::vector<AuditRow>& rows, ChainVerifier& verifier) {
  for (const auto& row : rows) {
    if (auto fed = verifier.Feed(row); !fed) return fed;
  }
  return {};
}

TEST(AuditChainTest, IntactChainVerifiesAndReportsItsEnd) {
  const auto rows = MakeChain(5);
  ChainVerifier verifier;
  ASSERT_TRUE(VerifyAll(rows, verifier).has_value());
  EXPECT_EQ(verifier.Summary().rows, 5);
  EXPECT_EQ(verifier.Summary().last_seq, 5);
  EXPECT_EQ(verifier.Summary().last_hash, rows.back().hash);
}

TEST(AuditChainTest, ChangedFieldIsDetectedAtItsRow) {
  auto rows = MakeChain(5);
  rows[2].entry.actor = "mallory";
  ChainVerifier verifier;
  auto result = VerifyAll(rows, verifier);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().where, "audit.log row 3");
  EXPECT_NE(result.error().message.find("changed after it was written"), std::string::npos);
}

TEST(AuditChainTest, RehashedRowIsDetectedAtTheNextRow) {
  auto rows = MakeChain(5);
  rows[1].entry.detail = "{}";
  rows[1].hash = ChainHash(rows[1].prev_hash, rows[1].entry);
  ChainVerifier verifier;
  auto result = VerifyAll(rows, verifier);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().where, "audit.log row 3");
  EXPECT_NE(result.error().message.find("is not row 2's hash"), std::string::npos)
      << result.error().message;
}

TEST(AuditChainTest, RemovedRowIsDetected) {
  auto rows = MakeChain(5);
  rows.erase(rows.begin() + 3);
  ChainVerifier verifier;
  auto result = VerifyAll(rows, verifier);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().where, "audit.log row 5");
  EXPECT_NE(result.error().message.find("rows are missing"), std::string::npos);
}

TEST(AuditChainTest, FieldBoundariesCannotBeShifted) {
  AuditEntry a{1, 0, "ab", "c", "x", "", ""};
  AuditEntry b{1, 0, "a", "bc", "x", "", ""};
  EXPECT_NE(CanonicalContent(a), CanonicalContent(b));
  EXPECT_NE(ChainHash(GenesisHash(), a), ChainHash(GenesisHash(), b));
}

TEST(AuditChainTest, HashIsSha256OfPrevAndCanonicalContent) {
  // Pinned so a change of the encoding (which would orphan every stored chain) fails here.
  AuditEntry entry{1, 0, "", "", "", "", ""};
  EXPECT_EQ(CanonicalContent(entry), "14:ncirt-audit-v1\n1:1\n1:0\n0:\n0:\n0:\n0:\n0:\n");
  EXPECT_EQ(ToHex(GenesisHash()), std::string(64, '0'));
}

}  // namespace
}  // namespace ncirt::triage
