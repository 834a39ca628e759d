#include "intake/submission.hpp"

#include <gtest/gtest.h>

namespace ncirt::intake {
namespace {

v1::Incident MakeIncident(const std::string& id, const std::string& name,
                          const std::string& description = "scan from 192.0.2.7") {
  v1::Incident incident;
  incident.mutable_incident_id()->set_id(id);
  incident.mutable_incident_id()->set_name(name);
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'700'000'000);
  incident.add_descriptions()->set_text(description);
  auto* system = incident.add_event_data()->add_systems();
  system->set_category(v1::SYSTEM_CATEGORY_SOURCE);
  auto* address = system->mutable_node()->add_addresses();
  address->set_value("192.0.2.7");
  address->set_category(v1::ADDRESS_CATEGORY_IPV4_ADDR);
  incident.mutable_source()->set_format(v1::SOURCE_FORMAT_IODEF_V2_XML);
  incident.mutable_source()->set_content("<IODEF-Document .../>");
  incident.mutable_source()->set_sha256("ab12");
  return incident;
}

Principal Submitter(const std::string& name, v1::Tlp tlp = v1::TLP_AMBER) {
  Principal p;
  p.submitter = name;
  p.scopes = Scopes{Scope::kSubmit};
  p.default_tlp = tlp;
  return p;
}

TEST(SubmissionTest, FingerprintIgnoresWhatIntakeDerivesOrAdds) {
  const v1::Incident base = MakeIncident("42", "csirt.example");
  v1::Incident derived = base;
  derived.set_id("00000000-0000-4000-8000-000000000001");
  derived.set_tlp(v1::TLP_RED);
  derived.add_normalized_indicators()->set_value("192.0.2.7");
  derived.add_warnings()->set_message("tolerated");
  derived.mutable_source()->set_content("other bytes");
  derived.mutable_source()->set_incident_index(3);
  EXPECT_EQ(ContentFingerprint(base), ContentFingerprint(derived));
  EXPECT_EQ(ContentFingerprint(base).size(), 64u);
}

TEST(SubmissionTest, FingerprintChangesWithAnyMappedContent) {
  const v1::Incident base = MakeIncident("42", "csirt.example");
  v1::Incident changed = base;
  changed.mutable_descriptions(0)->set_text("scan from 192.0.2.8");
  v1::Incident restricted = base;
  restricted.mutable_restriction()->set_value(v1::RESTRICTION_RED);
  EXPECT_NE(ContentFingerprint(base), ContentFingerprint(changed));
  EXPECT_NE(ContentFingerprint(base), ContentFingerprint(restricted));
}

TEST(SubmissionTest, MultiIncidentDocumentBecomesOneIncidentEachInDocumentOrder) {
  std::vector<v1::Incident> incidents = {MakeIncident("3", "b.example"),
                                         MakeIncident("1", "a.example"),
                                         MakeIncident("2", "a.example")};
  incidents[1].mutable_restriction()->set_value(v1::RESTRICTION_GREEN);
  const std::string body = "<IODEF-Document/>";
  const auto s = PrepareSubmission(incidents, Submitter("sensor", v1::TLP_AMBER),
                                   "application/xml", body, std::nullopt);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->incidents.size(), 3u);
  EXPECT_EQ(s->submitter, "sensor");
  EXPECT_EQ(s->format, v1::SOURCE_FORMAT_IODEF_V2_XML);
  EXPECT_EQ(s->document, body);
  for (std::uint32_t i = 0; i < 3; ++i) {
    const auto& p = s->incidents[i];
    EXPECT_EQ(p.index, i);
    EXPECT_EQ(p.incident.incident_id().id(), incidents[i].incident_id().id());
    EXPECT_TRUE(p.incident.source().content().empty()) << "the document is stored once";
    EXPECT_EQ(p.incident.source().incident_index(), i);
    EXPECT_EQ(p.fingerprint, ContentFingerprint(p.incident));
    ASSERT_FALSE(p.incident.normalized_indicators().empty());
    EXPECT_EQ(p.incident.normalized_indicators(0).value(), "192.0.2.7");
  }
  EXPECT_EQ(s->incidents[0].incident.tlp(), v1::TLP_AMBER) << "submitter default";
  EXPECT_EQ(s->incidents[1].incident.tlp(), v1::TLP_GREEN) << "from the restriction";
}

TEST(SubmissionTest, SameIncidentInAnotherDocumentHasTheSameFingerprint) {
  const auto alone = PrepareSubmission({MakeIncident("7", "x.example")}, Submitter("s"),
                                       "application/xml", "a", std::nullopt);
  const auto in_pair =
      PrepareSubmission({MakeIncident("6", "x.example"), MakeIncident("7", "x.example")},
                        Submitter("s"), "application/json", "b", std::nullopt);
  ASSERT_TRUE(alone);
  ASSERT_TRUE(in_pair);
  EXPECT_EQ(alone->incidents[0].fingerprint, in_pair->incidents[1].fingerprint);
}

TEST(SubmissionTest, DocumentWithoutIncidentOrIncidentIdNameIsUnmappable) {
  EXPECT_EQ(PrepareSubmission({}, Submitter("s"), "application/xml", "x", std::nullopt)
                .error()
                .kind,
            common::ErrorKind::kUnmappable);
  const auto nameless = PrepareSubmission({MakeIncident("1", "")}, Submitter("s"),
                                          "application/xml", "x", std::nullopt);
  ASSERT_FALSE(nameless);
  EXPECT_EQ(nameless.error().kind, common::ErrorKind::kUnmappable);
}

TEST(SubmissionTest, IdempotencyKeyIsBoundToMediaTypeAndBody) {
  const auto s = PrepareSubmission({MakeIncident("1", "a")}, Submitter("s"), "application/xml",
                                   "body", "key-1");
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->idempotency);
  EXPECT_EQ(s->idempotency->key, "key-1");
  EXPECT_EQ(s->idempotency->request_sha256, RequestFingerprint("application/xml", "body"));
  EXPECT_NE(RequestFingerprint("application/xml", "body"),
            RequestFingerprint("application/json", "body"));
  EXPECT_NE(RequestFingerprint("application/xml", "body"),
            RequestFingerprint("application/xml", "body2"));
}

TEST(SubmissionTest, IdempotencyKeyMustBeShortPrintableAscii) {
  EXPECT_TRUE(ValidateIdempotencyKey("3f2b6c1e-8a6d-4d0e-9c55-1b2a3c4d5e6f"));
  EXPECT_FALSE(ValidateIdempotencyKey(""));
  EXPECT_FALSE(ValidateIdempotencyKey(std::string(256, 'k')));
  EXPECT_FALSE(ValidateIdempotencyKey("has space"));
  EXPECT_FALSE(ValidateIdempotencyKey("caf\xC3\xA9"));
}

struct DecideCase {
  const char* name;
  std::optional<ExistingIncident> existing;
  const char* submitter;
  Outcome outcome;  // ignored when refused
  std::int32_t version;
  bool refused;
};

TEST(SubmissionTest, DecisionTableForCreateDuplicateUpdateAndForeignSubmitter) {
  PreparedIncident incoming;
  incoming.incident = MakeIncident("9", "n.example");
  incoming.fingerprint = "new";
  const DecideCase cases[] = {
      {"nothing stored", std::nullopt, "s", Outcome::kCreated, 1, false},
      {"same content", ExistingIncident{"id", 3, "new", "s", std::nullopt}, "s",
       Outcome::kDuplicate, 3, false},
      {"changed content", ExistingIncident{"id", 3, "old", "s", std::nullopt}, "s",
       Outcome::kUpdated, 4, false},
      {"content of a replaced version", ExistingIncident{"id", 3, "old", "s", 2}, "s",
       Outcome::kDuplicate, 2, false},
      {"another submitter's incident", ExistingIncident{"id", 1, "old", "other", std::nullopt},
       "s", Outcome::kCreated, 0, true},
      {"another submitter, same content", ExistingIncident{"id", 1, "new", "other", std::nullopt},
       "s", Outcome::kCreated, 0, true},
  };
  for (const auto& c : cases) {
    const auto decision = Decide(c.existing, incoming, c.submitter);
    if (c.refused) {
      ASSERT_FALSE(decision) << c.name;
      EXPECT_EQ(decision.error().kind, common::ErrorKind::kConflict) << c.name;
      EXPECT_NE(decision.error().message.find("9@n.example"), std::string::npos) << c.name;
      continue;
    }
    ASSERT_TRUE(decision) << c.name;
    EXPECT_EQ(decision->outcome, c.outcome) << c.name;
    EXPECT_EQ(decision->version, c.version) << c.name;
  }
}

TEST(SubmissionTest, LockOrderSortsByNameThenIdSoDocumentsCannotDeadlock) {
  const auto s = PrepareSubmission(
      {MakeIncident("2", "b"), MakeIncident("9", "a"), MakeIncident("1", "b"),
       MakeIncident("10", "a")},
      Submitter("s"), "application/xml", "x", std::nullopt);
  ASSERT_TRUE(s);
  EXPECT_EQ(LockOrder(*s), (std::vector<std::size_t>{3, 1, 2, 0}));
}

TEST(SubmissionTest, FormatNamesAreStable) {
  EXPECT_EQ(FormatName(v1::SOURCE_FORMAT_IODEF_V2_XML), "iodef-v2-xml");
  EXPECT_EQ(FormatName(v1::SOURCE_FORMAT_IODEF_V1_XML), "iodef-v1-xml");
  EXPECT_EQ(FormatName(v1::SOURCE_FORMAT_IODEF_V2_JSON), "iodef-v2-json");
  EXPECT_EQ(FormatName(v1::SOURCE_FORMAT_UNSPECIFIED), "");
}

}  // namespace
}  // namespace ncirt::intake
