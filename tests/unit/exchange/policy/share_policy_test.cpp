#include "exchange/policy/share_policy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "iodef/marking.hpp"
#include "sensitive_incident.hpp"

namespace ncirt::exchange::policy {
namespace {

using testing::Marker;
using testing::MayLeave;
using testing::SensitiveIncident;

constexpr v1::Tlp kMarkings[] = {v1::TLP_UNSPECIFIED, v1::TLP_CLEAR,        v1::TLP_GREEN,
                                 v1::TLP_AMBER,       v1::TLP_AMBER_STRICT, v1::TLP_RED};
// Bit i of a permission mask lists kListable[i] in the agreement (RED to prove it is ignored).
constexpr v1::Tlp kListable[] = {v1::TLP_CLEAR, v1::TLP_GREEN, v1::TLP_AMBER,
                                 v1::TLP_AMBER_STRICT, v1::TLP_RED};

// marking, TLP permission mask, personal data allowed, originals allowed, received from a partner.
using MatrixCase = std::tuple<v1::Tlp, int, bool, bool, bool>;

Agreement AgreementFor(int mask, bool personal, bool originals) {
  Agreement agreement{.partner = "CERT-PARTNER",
                      .name = "matrix",
                      .allowed_categories = {std::string(kAnyCategory)},
                      .personal_data_allowed = personal,
                      .original_document_allowed = originals};
  for (int bit = 0; bit < 5; ++bit) {
    if ((mask & (1 << bit)) != 0) agreement.allowed_tlps.push_back(kListable[bit]);
  }
  return agreement;
}

std::optional<RefusalReason> ExpectedRefusal(v1::Tlp tlp, const Agreement& agreement,
                                             bool from_partner) {
  if (from_partner && (tlp == v1::TLP_RED || tlp == v1::TLP_AMBER_STRICT)) {
    return RefusalReason::kReshareForbidden;
  }
  if (tlp == v1::TLP_UNSPECIFIED) return RefusalReason::kUnmarked;
  if (tlp == v1::TLP_RED) return RefusalReason::kRed;
  bool listed = false;
  for (const v1::Tlp level : agreement.allowed_tlps) listed = listed || level == tlp;
  if (!listed) return RefusalReason::kTlpNotAgreed;
  return std::nullopt;
}

// Every byte that would go on the wire for this decision.
std::string WireBytes(const Outgoing& out) {
  return out.incident.SerializeAsString() + out.original_document + out.originator;
}

class SharePolicyMatrix : public ::testing::TestWithParam<MatrixCase> {};

TEST_P(SharePolicyMatrix, ExactlyWhatTheMarkingAndAgreementAllowLeaves) {
  const auto [tlp, mask, personal, originals, from_partner] = GetParam();
  const Agreement agreement = AgreementFor(mask, personal, originals);
  std::vector<Marker> markers;
  const v1::Incident incident = SensitiveIncident(tlp, markers);
  const Provenance provenance =
      from_partner ? Provenance{.received_from = "CERT-SOURCE", .originator = "CERT-ORIGIN"}
                   : Provenance{};

  const ShareDecision decision = DecideShare(incident, provenance, agreement);
  const std::optional<RefusalReason> refusal = ExpectedRefusal(tlp, agreement, from_partner);
  if (refusal) {
    ASSERT_FALSE(decision.has_value()) << "sent although it should be refused";
    EXPECT_EQ(decision.error().reason, *refusal) << decision.error().message;
    EXPECT_FALSE(decision.error().message.empty());
    return;
  }
  ASSERT_TRUE(decision.has_value()) << decision.error().message;
  const std::string wire = WireBytes(*decision);
  for (const Marker& marker : markers) {
    const bool present = wire.find(marker.text) != std::string::npos;
    EXPECT_EQ(present, MayLeave(marker.sensitivity, agreement)) << marker.text;
  }
  EXPECT_EQ(decision->incident.tlp(), tlp);
  EXPECT_TRUE(decision->original_document.empty()) << "content was removed, original must stay";
  EXPECT_FALSE(decision->removed.empty());
  EXPECT_EQ(decision->originator, from_partner ? "CERT-ORIGIN" : "");
}

std::string MatrixName(const ::testing::TestParamInfo<MatrixCase>& info) {
  const auto [tlp, mask, personal, originals, from_partner] = info.param;
  std::string allowed;
  for (int bit = 0; bit < 5; ++bit) {
    if ((mask & (1 << bit)) != 0) allowed += iodef::TlpName(kListable[bit]);
  }
  std::string name = v1::Tlp_Name(tlp) + "_to_" + (allowed.empty() ? "nothing" : allowed) +
                     (personal ? "_Personal" : "_NoPersonal") +
                     (originals ? "_Originals" : "_NoOriginals") +
                     (from_partner ? "_Reshare" : "_Own");
  for (char& c : name) {
    if (c == '+') c = 'S';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryMarkingAndPermission, SharePolicyMatrix,
                         ::testing::Combine(::testing::ValuesIn(kMarkings),
                                            ::testing::Range(0, 32), ::testing::Bool(),
                                            ::testing::Bool(), ::testing::Bool()),
                         MatrixName);

// A one-incident IODEF v2 document, as intake keeps it verbatim.
constexpr std::string_view kOneIncident = R"(<?xml version="1.0" encoding="UTF-8"?>
<IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
  <Incident purpose="reporting" restriction="green">
    <IncidentID name="csirt.example">1</IncidentID>
    <GenerationTime>2026-01-01T00:00:00Z</GenerationTime>
    <Contact role="creator" type="organization">
      <Email><EmailTo>a@b.example</EmailTo></Email>
    </Contact>
  </Incident>
</IODEF-Document>
)";

std::string TwoIncidents() {
  std::string doc(kOneIncident);
  const auto start = doc.find("  <Incident");
  const auto end = doc.find("</Incident>") + std::string("</Incident>\n").size();
  doc.insert(end, doc.substr(start, end - start));
  return doc;
}

v1::Incident PlainIncident(std::string source) {
  v1::Incident incident;
  incident.set_id("inc-plain");
  incident.set_tlp(v1::TLP_GREEN);
  incident.mutable_incident_id()->set_id("1");
  incident.mutable_incident_id()->set_name("csirt.example");
  incident.mutable_source()->set_content(std::move(source));
  return incident;
}

struct OriginalCase {
  std::string name;
  std::string source;
  bool originals_allowed;
  bool with_personal_contact;
  bool attached;
};

class OriginalDocumentTable : public ::testing::TestWithParam<OriginalCase> {};

TEST_P(OriginalDocumentTable, AttachedOnlyWhenNothingRemovedAllowedAndAlone) {
  const OriginalCase& c = GetParam();
  v1::Incident incident = PlainIncident(c.source);
  if (c.with_personal_contact) incident.add_contacts()->add_names()->set_text("Alice");
  const Agreement agreement{.partner = "CERT-P",
                            .name = "orig",
                            .allowed_tlps = {v1::TLP_GREEN},
                            .allowed_categories = {"*"},
                            .original_document_allowed = c.originals_allowed};
  const ShareDecision decision = DecideShare(incident, Provenance{}, agreement);
  ASSERT_TRUE(decision.has_value()) << decision.error().message;
  EXPECT_EQ(!decision->original_document.empty(), c.attached) << decision->original_note;
  EXPECT_EQ(decision->original_note.empty(), c.attached);
  if (c.attached) {
    EXPECT_EQ(decision->original_document, c.source);
  }
  EXPECT_FALSE(decision->incident.has_source());
}

INSTANTIATE_TEST_SUITE_P(
    Table, OriginalDocumentTable,
    ::testing::Values(OriginalCase{"AllowedAlone", std::string(kOneIncident), true, false, true},
                      OriginalCase{"NotInAgreement", std::string(kOneIncident), false, false,
                                   false},
                      OriginalCase{"SomethingRemoved", std::string(kOneIncident), true, true,
                                   false},
                      OriginalCase{"OtherIncidentsInDocument", TwoIncidents(), true, false, false},
                      OriginalCase{"NoneStored", "", true, false, false}),
    [](const auto& p) { return p.param.name; });

TEST(SharePolicyTest, RefusesWhenTheIncidentIdentifierItselfIsWithheld) {
  v1::Incident incident = PlainIncident("");
  incident.mutable_incident_id()->mutable_restriction()->set_value(v1::RESTRICTION_PRIVATE);
  const Agreement agreement{.partner = "CERT-P", .name = "a", .allowed_tlps = {v1::TLP_GREEN},
                            .allowed_categories = {"*"}, .personal_data_allowed = true};
  const ShareDecision decision = DecideShare(incident, Provenance{}, agreement);
  ASSERT_FALSE(decision.has_value());
  EXPECT_EQ(decision.error().reason, RefusalReason::kIdentifierRestricted);
}

TEST(SharePolicyTest, CategoryGateAppliesAfterTheMarking) {
  v1::Incident incident = PlainIncident("");
  incident.add_assessments()->add_incident_categories()->set_text("malware");
  const Agreement agreement{.partner = "CERT-P", .name = "a", .allowed_tlps = {v1::TLP_GREEN},
                            .allowed_categories = {"phishing"}};
  const ShareDecision decision = DecideShare(incident, Provenance{}, agreement);
  ASSERT_FALSE(decision.has_value());
  EXPECT_EQ(decision.error().reason, RefusalReason::kCategoryNotAgreed);
}

}  // namespace
}  // namespace ncirt::exchange::policy
