#include "exchange/store/share_source.hpp"

#include <gtest/gtest.h>

#include "exchange/policy/category_gate.hpp"
#include "intake/uuid.hpp"

namespace ncirt::exchange::store {
namespace {

TEST(ShareSourceTest, IncidentIdsAreCheckedAsCanonicalUuids) {
  using intake::IsUuid;
  EXPECT_TRUE(IsUuid("7f0e3c1a-52a4-4c36-9d2e-0d1f8f1b2a11"));
  EXPECT_TRUE(IsUuid("7F0E3C1A-52A4-4C36-9D2E-0D1F8F1B2A11"));
  EXPECT_FALSE(IsUuid(""));
  EXPECT_FALSE(IsUuid("7f0e3c1a52a44c369d2e0d1f8f1b2a11"));
  EXPECT_FALSE(IsUuid("7f0e3c1a-52a4-4c36-9d2e-0d1f8f1b2a1g"));
  EXPECT_FALSE(IsUuid("'; DROP TABLE x; --"));
}

struct StateCase {
  const char* state;
  v1::IncidentStatus status;
};

class TriageStateTest : public ::testing::TestWithParam<StateCase> {};

TEST_P(TriageStateTest, BecomesTheIodefStatusPartnersSee) {
  v1::Incident incident;
  incident.set_status(v1::INCIDENT_STATUS_FORWARDED);
  ApplyTriageView(incident, GetParam().state, "");
  EXPECT_EQ(incident.status(), GetParam().status) << GetParam().state;
}

INSTANTIATE_TEST_SUITE_P(
    Table, TriageStateTest,
    ::testing::Values(StateCase{"new", v1::INCIDENT_STATUS_NEW},
                      StateCase{"triaged", v1::INCIDENT_STATUS_NEW},
                      StateCase{"in_progress", v1::INCIDENT_STATUS_IN_PROGRESS},
                      StateCase{"waiting", v1::INCIDENT_STATUS_IN_PROGRESS},
                      StateCase{"resolved", v1::INCIDENT_STATUS_RESOLVED},
                      StateCase{"closed", v1::INCIDENT_STATUS_RESOLVED},
                      StateCase{"rejected", v1::INCIDENT_STATUS_FORWARDED},
                      StateCase{"", v1::INCIDENT_STATUS_FORWARDED}),
    [](const auto& p) {
      return std::string(*p.param.state ? p.param.state : "none");
    });

TEST(ShareSourceTest, AnalystsCategoryJoinsTheFirstAssessmentOnce) {
  v1::Incident incident;
  incident.add_assessments()->add_incident_categories()->set_text("Phishing");
  ApplyTriageView(incident, "new", "fraud/phishing");
  EXPECT_EQ(policy::IncidentCategories(incident),
            (std::vector<std::string>{"phishing", "fraud/phishing"}));
  ApplyTriageView(incident, "new", "Fraud/Phishing");
  EXPECT_EQ(incident.assessments(0).incident_categories_size(), 2) << "not added twice";
}

TEST(ShareSourceTest, NoAssessmentMeansNoInventedOne) {
  v1::Incident incident;
  ApplyTriageView(incident, "new", "fraud/phishing");
  EXPECT_EQ(incident.assessments_size(), 0);
}

}  // namespace
}  // namespace ncirt::exchange::store
