#include "intake/handlers/submit_incident.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes.hpp"
#include "intake/handlers/responses.hpp"
#include "support/corpus.hpp"

// The submit handler end to end over fakes of the stores: real codec, real documents from the
// standards corpus, no socket and no database.
namespace ncirt::intake::handlers {
namespace {

using nlohmann::json;

std::string Corpus(const std::string& relative) {
  return ncirt::testing::ReadFile(ncirt::testing::SharedIodefDir() / "docs" / relative);
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class SubmitIncidentTest : public ::testing::Test {
 protected:
  SubmitIncidentTest() {
    principal_.submitter = "sensor-1";
    principal_.scopes = Scopes{Scope::kSubmit};
    principal_.policy = iodef::Policy::kTolerant;
    principal_.default_tlp = v1::TLP_AMBER;
  }

  HttpResponse Post(const std::string& body, const std::string& content_type,
                    const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    SubmitIncident handler(incidents_, quarantine_, metrics_,
                           {.limits = limits_, .quarantine_max_bytes = 64});
    HttpRequest request;
    request.message = {http::verb::post, "/v1/incidents", 11};
    if (!content_type.empty()) request.message.set(http::field::content_type, content_type);
    for (const auto& [k, v] : headers) request.message.set(k, v);
    request.message.body() = body;
    request.request_id = "req-" + std::to_string(++requests_);
    RequestContext context{request, "/v1/incidents", "", principal_, {}};
    return handler(context);
  }

  static json Body(const HttpResponse& response) { return json::parse(response.body()); }

  testing::FakeIncidentStore incidents_;
  testing::FakeQuarantineStore quarantine_;
  IntakeMetrics metrics_;
  iodef::Limits limits_;
  Principal principal_;
  int requests_ = 0;
};

TEST_F(SubmitIncidentTest, AcceptedDocumentIs201WithTheNewIdAndLocation) {
  const auto response = Post(Corpus("v2/rfc7970-s7.1-minimal.xml"), "application/xml");
  ASSERT_EQ(response.result_int(), 201) << response.body();
  const json body = Body(response);
  ASSERT_EQ(body["incidents"].size(), 1u);
  EXPECT_EQ(body["incidents"][0]["status"], "created");
  EXPECT_EQ(body["incidents"][0]["incident_id"], "492382");
  EXPECT_EQ(body["incidents"][0]["tlp"], "RED") << "restriction=\"private\"";
  EXPECT_EQ(response[http::field::location],
            "/v1/incidents/" + body["incidents"][0]["id"].get<std::string>());
  EXPECT_EQ(incidents_.documents.front(), Corpus("v2/rfc7970-s7.1-minimal.xml"));
  EXPECT_TRUE(quarantine_.entries.empty());
}

TEST_F(SubmitIncidentTest, JsonDocumentIsAcceptedToo) {
  const auto response = Post(Corpus("json/rfc8727-d14-s4.1-minimal.json"), "application/json");
  ASSERT_EQ(response.result_int(), 201) << response.body();
  EXPECT_EQ(Body(response)["incidents"][0]["incident_id"], "492382");
}

TEST_F(SubmitIncidentTest, ExactDuplicateIs200WithTheExistingId) {
  const std::string doc = Corpus("v2/rfc7970-s7.1-minimal.xml");
  const json first = Body(Post(doc, "application/xml"));
  const auto again = Post(doc, "application/xml");
  ASSERT_EQ(again.result_int(), 200) << again.body();
  EXPECT_EQ(Body(again)["incidents"][0]["status"], "duplicate");
  EXPECT_EQ(Body(again)["incidents"][0]["id"], first["incidents"][0]["id"]);
  EXPECT_EQ(incidents_.IncidentCount(), 1u);
}

TEST_F(SubmitIncidentTest, ChangedDocumentWithSameIncidentIdIsAnUpdate) {
  const std::string doc = Corpus("v2/rfc7970-s7.1-minimal.xml");
  const json first = Body(Post(doc, "application/xml"));
  const auto changed = Post(Replace(doc, "contact@csirt", "soc@csirt"), "application/xml");
  ASSERT_EQ(changed.result_int(), 201) << changed.body();
  EXPECT_EQ(Body(changed)["incidents"][0]["status"], "updated");
  EXPECT_EQ(Body(changed)["incidents"][0]["version"], 2);
  EXPECT_EQ(Body(changed)["incidents"][0]["id"], first["incidents"][0]["id"]);
}

TEST_F(SubmitIncidentTest, MultiIncidentDocumentListsEveryIncident) {
  const auto response = Post(Corpus("v1/iodeflib-example-multi-incident.xml"), "application/xml");
  ASSERT_EQ(response.result_int(), 201) << response.body();
  const json list = Body(response)["incidents"];
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0]["incident_id"], "189493");
  EXPECT_EQ(list[1]["incident_id"], "59334");
  // The document carries IncidentID 908711 twice with different content: the second is an
  // update of the first, within the same submission.
  EXPECT_EQ(list[2]["incident_id"], "908711");
  EXPECT_EQ(list[3]["incident_id"], "908711");
  EXPECT_EQ(list[2]["id"], list[3]["id"]);
  EXPECT_EQ(list[3]["version"], 2);
  EXPECT_EQ(incidents_.IncidentCount(), 3u);
}

TEST_F(SubmitIncidentTest, SchemaViolationUnderStrictPolicyIs400WithLocationAndIsQuarantined) {
  principal_.policy = iodef::Policy::kStrict;
  const std::string doc = Corpus("v2/rfc7970-s7.2-campaign-indicators.xml");
  const auto response = Post(doc, "application/xml");
  ASSERT_EQ(response.result_int(), 400) << response.body();
  EXPECT_EQ(response[http::field::content_type], "application/problem+json");
  const json problem = Body(response);
  EXPECT_EQ(problem["type"], "https://ncirt.invalid/problems/schema-violation");
  // libxml2 reports a line but no column for schema violations; parse errors have both.
  EXPECT_EQ(problem["line"], 16);
  EXPECT_NE(problem["schema_path"].get<std::string>().find("ThreatActor"), std::string::npos);
  EXPECT_GE(problem["issues"].size(), 2u);
  ASSERT_EQ(quarantine_.entries.size(), 1u);
  EXPECT_EQ(quarantine_.entries[0].reason, "schema-violation");
  EXPECT_EQ(quarantine_.entries[0].submitter, "sensor-1");
  EXPECT_EQ(quarantine_.entries[0].content_size, static_cast<std::int64_t>(doc.size()));
  EXPECT_EQ(response["X-Ncirt-Quarantine-Id"], "1");
}

TEST_F(SubmitIncidentTest, SameViolationUnderTolerantPolicyIsAcceptedWithWarnings) {
  const auto response = Post(Corpus("v2/rfc7970-s7.2-campaign-indicators.xml"),
                             "application/xml");
  ASSERT_EQ(response.result_int(), 201) << response.body();
  const json warnings = Body(response)["incidents"][0]["warnings"];
  ASSERT_FALSE(warnings.empty());
  EXPECT_EQ(warnings[0]["line"], 16);
}

TEST_F(SubmitIncidentTest, MalformedXmlIs400InvalidDocument) {
  const auto response = Post(Corpus("invalid/synth-v2-mismatched-end-tag.xml"), "application/xml");
  ASSERT_EQ(response.result_int(), 400);
  EXPECT_EQ(Body(response)["type"], "https://ncirt.invalid/problems/invalid-document");
  EXPECT_TRUE(Body(response).contains("line"));
  EXPECT_TRUE(Body(response).contains("column")) << response.body();
  EXPECT_EQ(quarantine_.entries.size(), 1u);
}

TEST_F(SubmitIncidentTest, WrongMediaTypeIs415AndQuarantined) {
  const auto response = Post(Corpus("v2/rfc7970-s7.1-minimal.xml"), "text/plain");
  EXPECT_EQ(response.result_int(), 415);
  ASSERT_EQ(quarantine_.entries.size(), 1u);
  EXPECT_EQ(quarantine_.entries[0].reason, "unsupported-media-type");
  EXPECT_EQ(Post("<x/>", "").result_int(), 415);
}

TEST_F(SubmitIncidentTest, JsonSentAsXmlIsRefused) {
  const auto response = Post(Corpus("json/rfc8727-d14-s4.1-minimal.json"), "application/xml");
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_NE(Body(response)["detail"].get<std::string>().find("application/json"),
            std::string::npos);
}

TEST_F(SubmitIncidentTest, OversizedDocumentIs413AndKeptTruncated) {
  limits_.max_document_bytes = 2048;
  const std::string doc = Corpus("v2/rfc8274-draft-ddos.xml");
  ASSERT_GT(doc.size(), 2048u);
  const auto response = Post(doc, "application/xml");
  EXPECT_EQ(response.result_int(), 413);
  ASSERT_EQ(quarantine_.entries.size(), 1u);
  EXPECT_TRUE(quarantine_.entries[0].truncated);
  EXPECT_EQ(quarantine_.entries[0].content.size(), 64u);
  EXPECT_EQ(incidents_.submissions, 0);
}

TEST_F(SubmitIncidentTest, IdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody) {
  const std::string doc = Corpus("v2/rfc7970-s7.1-minimal.xml");
  const auto first = Post(doc, "application/xml", {{"Idempotency-Key", "k-1"}});
  ASSERT_EQ(first.result_int(), 201);
  const auto replay = Post(doc, "application/xml", {{"Idempotency-Key", "k-1"}});
  ASSERT_EQ(replay.result_int(), 200) << replay.body();
  EXPECT_EQ(Body(replay)["replayed"], true);
  EXPECT_EQ(Body(replay)["incidents"][0]["id"], Body(first)["incidents"][0]["id"]);
  EXPECT_EQ(Body(replay)["incidents"][0]["status"], "created") << "the first answer, replayed";
  const auto other = Post(Replace(doc, "492382", "492383"), "application/xml",
                          {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(other.result_int(), 409);
  EXPECT_EQ(Post(doc, "application/xml", {{"Idempotency-Key", "bad key"}}).result_int(), 400);
}

TEST_F(SubmitIncidentTest, IncidentOfAnotherSubmitterIs409) {
  const std::string doc = Corpus("v2/rfc7970-s7.1-minimal.xml");
  ASSERT_EQ(Post(doc, "application/xml").result_int(), 201);
  principal_.submitter = "someone-else";
  const auto response = Post(Replace(doc, "contact@", "x@"), "application/xml");
  EXPECT_EQ(response.result_int(), 409);
  EXPECT_EQ(quarantine_.entries.back().reason, "conflict");
}

TEST_F(SubmitIncidentTest, DatabaseOutageIs503RetryableAndNotQuarantined) {
  incidents_.down = true;
  const auto response = Post(Corpus("v2/rfc7970-s7.1-minimal.xml"), "application/xml");
  EXPECT_EQ(response.result_int(), 503);
  EXPECT_EQ(response[http::field::retry_after], "2");
  EXPECT_TRUE(quarantine_.entries.empty());
}

TEST_F(SubmitIncidentTest, QuarantineOutageDoesNotChangeTheAnswer) {
  quarantine_.down = true;
  EXPECT_EQ(Post("<nope", "application/xml").result_int(), 400);
}

TEST_F(SubmitIncidentTest, RejectionsAreCountedByReason) {
  Post("<nope", "application/xml");
  Post("x", "text/plain");
  const std::string page = metrics_.registry().Render();
  EXPECT_NE(page.find("reason=\"invalid-document\"} 1"), std::string::npos);
  EXPECT_NE(page.find("reason=\"unsupported-media-type\"} 1"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::intake::handlers
