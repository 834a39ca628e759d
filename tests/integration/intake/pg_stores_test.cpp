// The PostgreSQL stores directly: tokens, quarantine, Idempotency-Key purging, and text that
// PostgreSQL cannot store as it came.
#include <gtest/gtest.h>

#include "common/pg/pool.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/pg_quarantine_store.hpp"
#include "intake/store/pg_token_store.hpp"
#include "intake/store/prepare.hpp"
#include "intake_fixture.hpp"

namespace ncirt::intake::testing {
namespace {

class PgStoresTest : public IntakeFixture {
 protected:
  common::pg::Pool& Pool() {
    if (!pool_) {
      pool_ = std::make_unique<common::pg::Pool>(common::pg::PoolOptions{
          .dsn = dsn_, .max_connections = 2, .on_connect = store::PrepareStatements});
    }
    return *pool_;
  }
  void TearDown() override {
    pool_.reset();
    IntakeFixture::TearDown();
  }
  std::unique_ptr<common::pg::Pool> pool_;
};

TEST_F(PgStoresTest, TokensAreStoredHashedListedAndRevoked) {
  store::PgTokenStore tokens(Pool());
  const std::string text = NewTokenText(SecureRandomBytes);
  auto created = tokens.Create({.digest = DigestOf(text), .submitter = "cert-feed",
                                .scopes = Scopes{Scope::kSubmit, Scope::kRead},
                                .policy = iodef::Policy::kStrict,
                                .default_tlp = v1::TLP_AMBER_STRICT});
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_EQ(Count("SELECT count(*) FROM intake.api_tokens WHERE position('" + text +
                  "' IN encode(token_sha256, 'escape')) > 0"),
            0)
      << "the token text is never stored";
  const auto found = tokens.FindValid(DigestOf(text));
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->submitter, "cert-feed");
  EXPECT_EQ((*found)->policy, iodef::Policy::kStrict);
  EXPECT_EQ((*found)->default_tlp, v1::TLP_AMBER_STRICT);
  EXPECT_TRUE((*found)->scopes.Has(Scope::kRead));
  const auto listed = tokens.List();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(listed->front().revoked_at.empty());
  ASSERT_TRUE(tokens.Revoke(created->principal.token_id));
  EXPECT_FALSE(*tokens.FindValid(DigestOf(text)));
  EXPECT_EQ(tokens.Revoke(created->principal.token_id).error().kind,
            common::ErrorKind::kNotFound);
}

TEST_F(PgStoresTest, QuarantinePurgeRemovesOnlyEntriesPastTheRetention) {
  store::PgQuarantineStore quarantine(Pool());
  store::QuarantineEntry entry;
  entry.submitter = "s";
  entry.reason = "invalid-document";
  entry.status = 400;
  entry.detail = std::string("bad \0 byte", 10);
  entry.problem = {{"detail", std::string("nul \0 here", 10)}};
  entry.media_type = "application/xml";
  entry.content = std::string("<\0x", 3);
  entry.content_size = 3;
  entry.request_id = "r";
  const auto old_id = quarantine.Keep(entry);
  ASSERT_TRUE(old_id) << old_id.error().ToString();
  ASSERT_TRUE(quarantine.Keep(entry));
  Count("UPDATE intake.quarantine SET received_at = now() - interval '3 days' WHERE id = " +
        std::to_string(*old_id) + " RETURNING 1");
  const auto purged = quarantine.PurgeOlderThan(std::chrono::hours(48));
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 1);
  const auto list = quarantine.List(10, std::nullopt);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  const auto kept = quarantine.Get(list->front().id);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->entry.content, std::string("<\0x", 3)) << "bytes are kept exactly";
}

TEST_F(PgStoresTest, IdempotencyKeysPastTheirRetentionArePurged) {
  const std::string token = Token("sensor-1", "submit");
  auto client = Client();
  ASSERT_EQ(Submit(*client, token, DdosReport("I-1"), "application/xml",
                   {{"Idempotency-Key", "old"}})
                .status,
            201);
  ASSERT_EQ(Submit(*client, token, DdosReport("I-2"), "application/xml",
                   {{"Idempotency-Key", "new"}})
                .status,
            201);
  Count("UPDATE intake.idempotency_keys SET created_at = now() - interval '8 days' "
        "WHERE key = 'old' RETURNING 1");
  store::PgIncidentStore incidents(Pool(), SecureRandomBytes);
  const auto purged = incidents.PurgeIdempotencyKeys(std::chrono::hours(24 * 7));
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(QueryValue("SELECT key FROM intake.idempotency_keys"), "new");
}

TEST_F(PgStoresTest, JsonWithNulCharactersIsStoredNotRefusedByPostgres) {
  const std::string token = Token("sensor-1", "submit");
  auto client = Client();
  std::string doc = CorpusDocument("json/rfc8727-d14-s4.1-minimal.json");
  doc = WithIncidentId(doc, "\"492382\"", "\"49\\u00002382\"");
  doc = WithIncidentId(doc, "contact@csirt", "con\\u0000tact@csirt");
  const auto reply = Submit(*client, token, doc, "application/json");
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(QueryValue("SELECT iodef_id FROM intake.incidents"), "49\xEF\xBF\xBD" "2382");
}

}  // namespace
}  // namespace ncirt::intake::testing
