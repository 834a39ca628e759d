// POST /v1/incidents against a real PostgreSQL through real HTTPS: what is answered, and what
// is stored (incident, indicators, verbatim document, history, triage outbox) in one commit.
#include <gtest/gtest.h>

#include "intake_fixture.hpp"

namespace ncirt::intake::testing {
namespace {

using nlohmann::json;

class SubmitTest : public IntakeFixture {};

TEST_F(SubmitTest, AcceptedReportIsStoredWithIndicatorsDocumentAndTriageRowAfterCommit) {
  const std::string token = Token("sensor-1", "submit");
  auto client = Client();
  const std::string doc = DdosReport("A-1");
  const auto reply = Submit(*client, token, doc);
  ASSERT_EQ(reply.status, 201) << reply.body << reply.transport_error;
  const json body = BodyJson(reply);
  ASSERT_EQ(body["incidents"].size(), 1u);
  const std::string id = body["incidents"][0]["id"];
  EXPECT_EQ(body["incidents"][0]["status"], "created");
  EXPECT_EQ(reply.headers["Location"], "/v1/incidents/" + id);

  // Acknowledged means committed: a fresh connection sees everything.
  EXPECT_EQ(QueryValue("SELECT iodef_name || '/' || submitter || '/' || version || '/' || tlp "
                       "FROM intake.incidents WHERE id = '" + id + "'"),
            "csirt.example.com/sensor-1/1/AMBER");
  // The verbatim document, byte for byte.
  EXPECT_EQ(QueryValue("SELECT encode(sha256(d.content), 'hex') FROM intake.documents d JOIN "
                       "intake.incidents i ON i.document_id = d.id WHERE i.id = '" + id + "'"),
            Hex(DigestOf(doc)));
  EXPECT_EQ(Count("SELECT count(*) FROM intake.triage_outbox WHERE event = 'created' AND "
                  "incident_id = '" + id + "'"),
            1);
  // The indexes make correlation a join: containment on inet, prefix on reversed domains.
  EXPECT_EQ(Count("SELECT count(*) FROM intake.indicators WHERE address <<= '192.0.2.0/24'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.indicators WHERE '198.51.100.77' <<= address"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.indicators WHERE kind = 'ipv6-address' AND "
                  "address = '2001:db8:dead:beef::1'"),
            1);
}

TEST_F(SubmitTest, ExactDuplicateIs200WithTheExistingIdAndStoresNothingNew) {
  const std::string token = Token("sensor-1", "submit");
  auto client = Client();
  const auto first = Submit(*client, token, DdosReport("D-1"));
  ASSERT_EQ(first.status, 201) << first.body;
  const auto second = Submit(*client, token, DdosReport("D-1"));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(BodyJson(second)["incidents"][0]["status"], "duplicate");
  EXPECT_EQ(BodyJson(second)["incidents"][0]["id"], BodyJson(first)["incidents"][0]["id"]);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.documents"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.triage_outbox"), 1);
}

TEST_F(SubmitTest, SameIncidentAsJsonIsRecognisedAsTheSameIncident) {
  const std::string token = Token("sensor-1", "submit");
  auto client = Client();
  const auto xml = Submit(*client, token, CorpusDocument("v2/rfc7970-s7.1-minimal.xml"));
  ASSERT_EQ(xml.status, 201) << xml.body;
  const auto as_json = Submit(*client, token, CorpusDocument("json/rfc8727-d14-s4.1-minimal.json"),
                              "application/json");
  ASSERT_LT(as_json.status, 300) << as_json.body;
  EXPECT_EQ(BodyJson(as_json)["incidents"][0]["id"], BodyJson(xml)["incidents"][0]["id"]);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 1);
}

TEST_F(SubmitTest, ChangedReportIsANewVersionAndTheOldOneGoesToHistory) {
  const std::string token = Token("sensor-1", "submit");
  auto client = Client();
  const auto first = Submit(*client, token, DdosReport("U-1"));
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string changed =
      WithIncidentId(DdosReport("U-1"), "203.0.113.1", "203.0.113.99");
  const auto second = Submit(*client, token, changed);
  ASSERT_EQ(second.status, 201) << second.body;
  const json item = BodyJson(second)["incidents"][0];
  EXPECT_EQ(item["status"], "updated");
  EXPECT_EQ(item["version"], 2);
  const std::string id = item["id"];
  // get<> because clang has no operator== for std::string against json (GCC finds one).
  EXPECT_EQ(id, BodyJson(first)["incidents"][0]["id"].get<std::string>());
  EXPECT_EQ(Count("SELECT version FROM intake.incidents WHERE id = '" + id + "'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incident_history WHERE incident_id = '" + id +
                  "' AND version = 1"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.indicators WHERE address = '203.0.113.99'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.indicators WHERE address = '203.0.113.1'"), 0)
      << "indicators follow the current version";
  EXPECT_EQ(Count("SELECT count(*) FROM intake.triage_outbox WHERE event = 'updated'"), 1);

  // The first version sent again (a late retry) is a duplicate of version 1, not a rollback.
  const auto late = Submit(*client, token, DdosReport("U-1"));
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(BodyJson(late)["incidents"][0]["version"], 1);
  EXPECT_EQ(Count("SELECT version FROM intake.incidents WHERE id = '" + id + "'"), 2);
}

TEST_F(SubmitTest, MultiIncidentDocumentStoresEachIncidentAndListsEveryId) {
  const std::string token = Token("sensor-1", "submit");
  auto client = Client();
  const auto reply = Submit(*client, token,
                            CorpusDocument("v1/iodeflib-example-multi-incident.xml"));
  ASSERT_EQ(reply.status, 201) << reply.body;
  const json list = BodyJson(reply)["incidents"];
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 3);
  EXPECT_EQ(Count("SELECT count(DISTINCT document_id) FROM intake.incidents"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.documents"), 1);
  for (const auto& item : list) {
    EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents WHERE id = '" +
                    item["id"].get<std::string>() + "'"),
              1);
  }
}

TEST_F(SubmitTest, ToleratedViolationsAreStoredAsWarningsAndReturned) {
  const std::string token = Token("sensor-1", "submit", iodef::Policy::kTolerant);
  auto client = Client();
  const auto reply = Submit(*client, token,
                            CorpusDocument("v2/rfc7970-s7.2-campaign-indicators.xml"));
  ASSERT_EQ(reply.status, 201) << reply.body;
  const json warnings = BodyJson(reply)["incidents"][0]["warnings"];
  ASSERT_FALSE(warnings.empty());
  EXPECT_EQ(Count("SELECT warning_count FROM intake.incidents"),
            static_cast<long long>(warnings.size()));
}

TEST_F(SubmitTest, EachRejectionClassIsAProblemDocumentAndIsQuarantined) {
  const std::string strict = Token("strict-sensor", "submit", iodef::Policy::kStrict);
  auto client = Client();
  const struct {
    const char* name;
    std::string body;
    std::string content_type;
    int status;
    const char* type;
  } cases[] = {
      {"not well-formed", CorpusDocument("invalid/synth-v2-mismatched-end-tag.xml"),
       "application/xml", 400, "invalid-document"},
      {"schema violation", CorpusDocument("v2/rfc7970-s7.2-campaign-indicators.xml"),
       "application/xml", 400, "schema-violation"},
      {"entity expansion", CorpusDocument("invalid/synth-v2-entity-expansion.xml"),
       "application/xml", 400, "invalid-document"},
      {"truncated JSON", CorpusDocument("invalid/synth-json-truncated.json"), "application/json",
       400, "invalid-document"},
      {"wrong media type", DdosReport("M-1"), "text/plain", 415, "unsupported-media-type"},
  };
  long long kept = 0;
  for (const auto& c : cases) {
    const auto reply = Submit(*client, strict, c.body, c.content_type);
    EXPECT_EQ(reply.status, c.status) << c.name << ": " << reply.body;
    EXPECT_EQ(reply.headers["Content-Type"], "application/problem+json") << c.name;
    const json problem = BodyJson(reply);
    EXPECT_EQ(problem["type"], std::string("https://ncirt.invalid/problems/") + c.type) << c.name;
    EXPECT_FALSE(problem["detail"].get<std::string>().empty()) << c.name;
    EXPECT_EQ(Count("SELECT count(*) FROM intake.quarantine"), ++kept) << c.name;
  }
  const json schema = BodyJson(Submit(*client, strict, cases[1].body));
  EXPECT_EQ(schema["line"], 16);
  EXPECT_FALSE(schema["schema_path"].get<std::string>().empty());
  EXPECT_GE(schema["issues"].size(), 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 0) << "rejections change nothing";
}

TEST_F(SubmitTest, MissingBadAndUnderScopedTokensAre401And403AndNotQuarantined) {
  const std::string reader = Token("reader", "read");
  const std::string revoked = Token("gone", "submit");
  ASSERT_EQ(Count("UPDATE intake.api_tokens SET revoked_at = now() WHERE submitter = 'gone' "
                  "RETURNING 1"),
            1);
  auto client = Client();
  const std::string doc = DdosReport("X-1");
  const auto none = Submit(*client, "", doc);
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.headers["WWW-Authenticate"], "Bearer realm=\"ncirt-intake\"");
  EXPECT_EQ(Submit(*client, NewTokenText(SecureRandomBytes), doc).status, 401);
  EXPECT_EQ(Submit(*client, revoked, doc).status, 401);
  EXPECT_EQ(Submit(*client, reader, doc).status, 403);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.quarantine"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 0);
}

TEST_F(SubmitTest, OversizedDocumentIs413AndBodiesFarOverTheLimitAreNotEvenRead) {
  IntakeConfig config = BaseConfig();
  config.max_document_bytes = 4096;
  config.quarantine_max_bytes = 100;
  StartApp(config);
  const std::string token = Token("sensor-1", "submit");
  auto client = Client();
  std::string big = DdosReport("BIG-1");
  big.insert(big.find("<iodef:Incident"), std::string(2000, ' '));
  const auto reply = Submit(*client, token, big);
  EXPECT_EQ(reply.status, 413) << reply.body;
  EXPECT_EQ(QueryValue("SELECT content_size || '/' || octet_length(content) || '/' || truncated "
                       "FROM intake.quarantine"),
            std::to_string(big.size()) + "/100/true");
  auto far = Client();
  const auto refused = Submit(*far, token, std::string(20000, ' ') + big);
  EXPECT_EQ(refused.status, 413);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.quarantine"), 1);
}

TEST_F(SubmitTest, IdempotencyKeyReplaysTheAnswerAndRefusesReuseForAnotherDocument) {
  const std::string token = Token("sensor-1", "submit");
  auto client = Client();
  const auto first = Submit(*client, token, DdosReport("K-1"), "application/xml",
                            {{"Idempotency-Key", "batch-7"}});
  ASSERT_EQ(first.status, 201) << first.body;
  const auto replay = Submit(*client, token, DdosReport("K-1"), "application/xml",
                             {{"Idempotency-Key", "batch-7"}});
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(BodyJson(replay)["replayed"], true);
  EXPECT_EQ(BodyJson(replay)["incidents"][0]["id"], BodyJson(first)["incidents"][0]["id"]);
  const auto reused = Submit(*client, token, DdosReport("K-2"), "application/xml",
                             {{"Idempotency-Key", "batch-7"}});
  EXPECT_EQ(reused.status, 409) << reused.body;
  EXPECT_NE(BodyJson(reused)["detail"].get<std::string>().find("batch-7"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 1);
  // Keys are per submitter: another submitter may use the same key for its own document.
  const std::string other = Token("sensor-2", "submit");
  EXPECT_EQ(Submit(*client, other, DdosReport("K-3"), "application/xml",
                   {{"Idempotency-Key", "batch-7"}})
                .status,
            201);
}

TEST_F(SubmitTest, AnotherSubmittersIncidentIdCannotBeOverwritten) {
  const std::string owner = Token("owner", "submit");
  const std::string intruder = Token("intruder", "submit");
  auto client = Client();
  ASSERT_EQ(Submit(*client, owner, DdosReport("O-1")).status, 201);
  const auto reply = Submit(*client, intruder,
                            WithIncidentId(DdosReport("O-1"), "DDoS Traffic Seen", "all fine"));
  EXPECT_EQ(reply.status, 409) << reply.body;
  EXPECT_EQ(Count("SELECT version FROM intake.incidents"), 1);
  EXPECT_EQ(QueryValue("SELECT reason FROM intake.quarantine"), "conflict");
}

}  // namespace
}  // namespace ncirt::intake::testing
