#include "exchange/policy/redaction.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "sensitive_incident.hpp"

namespace ncirt::exchange::policy {
namespace {

using testing::Restricted;

bool HasRemoval(const std::vector<Removal>& removed, const std::string& path) {
  return std::ranges::any_of(removed, [&](const Removal& r) { return r.path == path; });
}

const Agreement kGreenNoPersonal{.partner = "CERT-P", .name = "basic",
                                 .allowed_tlps = {v1::TLP_GREEN}};
const Agreement kAmberPersonal{.partner = "CERT-Q", .name = "full",
                               .allowed_tlps = {v1::TLP_GREEN, v1::TLP_AMBER},
                               .personal_data_allowed = true};

TEST(RedactionTest, WithholdReasonFollowsRestrictionAndAgreement) {
  EXPECT_TRUE(WithholdReason(Restricted(v1::RESTRICTION_PRIVATE), kAmberPersonal));
  EXPECT_TRUE(WithholdReason(Restricted(v1::RESTRICTION_RED), kAmberPersonal));
  EXPECT_TRUE(WithholdReason(Restricted(v1::RESTRICTION_NEED_TO_KNOW), kGreenNoPersonal));
  EXPECT_FALSE(WithholdReason(Restricted(v1::RESTRICTION_NEED_TO_KNOW), kAmberPersonal));
  EXPECT_TRUE(WithholdReason(Restricted(v1::RESTRICTION_AMBER), kGreenNoPersonal));
  EXPECT_TRUE(WithholdReason(Restricted(v1::RESTRICTION_EXT_VALUE, "TLP:AMBER+STRICT"),
                             kAmberPersonal));
  EXPECT_FALSE(WithholdReason(Restricted(v1::RESTRICTION_UNSPECIFIED), kGreenNoPersonal));
  EXPECT_FALSE(WithholdReason(Restricted(v1::RESTRICTION_DEFAULT), kGreenNoPersonal));
  EXPECT_FALSE(WithholdReason(Restricted(v1::RESTRICTION_PARTNER), kGreenNoPersonal));
}

TEST(RedactionTest, PrivateReasonSaysItNeverLeaves) {
  EXPECT_EQ(*WithholdReason(Restricted(v1::RESTRICTION_PRIVATE), kAmberPersonal),
            "marked private (TLP:RED), which never leaves this CIRT");
}

TEST(RedactionTest, NamesEveryPersonalFieldItRemovesWithItsPath) {
  std::vector<testing::Marker> markers;
  v1::Incident incident = testing::SensitiveIncident(v1::TLP_GREEN, markers);
  const std::vector<Removal> removed = Redact(incident, kGreenNoPersonal);
  for (const char* path :
       {"contacts[0].names", "contacts[0].emails", "contacts[0].telephones",
        "contacts[0].postal_addresses", "contacts[0].additional_data",
        "event_data[0].contacts[0].contacts[0].names",
        "event_data[0].discoveries[0].contacts[0].emails",
        "event_data[0].expectations[0].contact.telephones", "history[0].contact.names",
        "indicators[0].contacts[0].emails", "methods[0]", "additional_data[0]",
        "event_data[0].systems[0]", "event_data[0].assessment", "indicators[1].observable"}) {
    EXPECT_TRUE(HasRemoval(removed, path)) << path;
  }
  EXPECT_EQ(incident.contacts(0).role(), v1::CONTACT_ROLE_REPORTER) << "role stays";
  EXPECT_EQ(incident.event_data(0).systems_size(), 1) << "the unrestricted system stays";
  EXPECT_EQ(incident.methods_size(), 1) << "the green method stays";
}

TEST(RedactionTest, KeepsPersonalDataWhenTheAgreementAllowsIt) {
  std::vector<testing::Marker> markers;
  v1::Incident incident = testing::SensitiveIncident(v1::TLP_AMBER, markers);
  const std::vector<Removal> removed = Redact(incident, kAmberPersonal);
  EXPECT_EQ(incident.contacts(0).emails(0).address(), "mail-top@example.org");
  EXPECT_FALSE(HasRemoval(removed, "methods[0]")) << "need-to-know with personal data allowed";
  EXPECT_TRUE(HasRemoval(removed, "additional_data[0]")) << "private is never sent";
  EXPECT_TRUE(HasRemoval(removed, "indicators[1].observable")) << "amber+strict not agreed";
}

TEST(RedactionTest, RemovedParentTakesItsChildrenAlong) {
  v1::Incident incident;
  auto* event = incident.add_event_data();
  *event->mutable_restriction() = Restricted(v1::RESTRICTION_PRIVATE);
  event->add_event_data()->add_descriptions()->set_text("child-of-private");
  const std::vector<Removal> removed = Redact(incident, kAmberPersonal);
  EXPECT_EQ(incident.event_data_size(), 0);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].path, "event_data[0]");
}

TEST(RedactionTest, KeepsOrderOfSurvivingElements) {
  v1::Incident incident;
  for (const auto value :
       {v1::RESTRICTION_GREEN, v1::RESTRICTION_PRIVATE, v1::RESTRICTION_PARTNER}) {
    auto* data = incident.add_additional_data();
    *data->mutable_restriction() = Restricted(value);
    data->set_value(v1::Restriction_Name(value));
  }
  Redact(incident, kAmberPersonal);
  ASSERT_EQ(incident.additional_data_size(), 2);
  EXPECT_EQ(incident.additional_data(0).value(), "RESTRICTION_GREEN");
  EXPECT_EQ(incident.additional_data(1).value(), "RESTRICTION_PARTNER");
}

}  // namespace
}  // namespace ncirt::exchange::policy
