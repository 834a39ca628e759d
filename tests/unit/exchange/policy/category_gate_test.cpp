#include "exchange/policy/category_gate.hpp"

#include <gtest/gtest.h>

namespace ncirt::exchange::policy {
namespace {

v1::Incident WithCategories(std::vector<std::string> top, std::vector<std::string> in_event) {
  v1::Incident incident;
  incident.set_id("inc-2");
  auto* assessment = incident.add_assessments();
  for (const auto& c : top) assessment->add_incident_categories()->set_text(c);
  auto* nested = incident.add_event_data()->add_event_data()->mutable_assessment();
  for (const auto& c : in_event) nested->add_incident_categories()->set_text(c);
  return incident;
}

TEST(CategoryGateTest, CollectsNormalisedCategoriesFromAssessmentsAndNestedEvents) {
  EXPECT_EQ(IncidentCategories(WithCategories({"Phishing", " phishing"}, {"Malware"})),
            (std::vector<std::string>{"phishing", "malware"}));
}

struct CategoryCase {
  std::string name;
  std::vector<std::string> top;
  std::vector<std::string> in_event;
  std::vector<std::string> allowed;
  std::optional<RefusalReason> refusal;
};

class CategoryGateTable : public testing::TestWithParam<CategoryCase> {};

TEST_P(CategoryGateTable, SendsOnlyWhenEveryCategoryIsAgreed) {
  const CategoryCase& c = GetParam();
  const Agreement agreement{.partner = "CERT-X", .name = "a", .allowed_categories = c.allowed};
  const auto refusal = CheckCategories(WithCategories(c.top, c.in_event), agreement);
  ASSERT_EQ(refusal.has_value(), c.refusal.has_value()) << (refusal ? refusal->message : "");
  if (refusal) {
    EXPECT_EQ(refusal->reason, *c.refusal);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, CategoryGateTable,
    testing::Values(
        CategoryCase{"AllAgreed", {"phishing"}, {"malware"}, {"phishing", "malware"}, {}},
        CategoryCase{"OneNotAgreed", {"phishing"}, {"malware"}, {"phishing"},
                     RefusalReason::kCategoryNotAgreed},
        CategoryCase{"NoneAgreed", {"ddos"}, {}, {}, RefusalReason::kCategoryNotAgreed},
        CategoryCase{"UncategorisedToNamedOnly", {}, {}, {"phishing"},
                     RefusalReason::kUncategorised},
        CategoryCase{"UncategorisedToStar", {}, {}, {"*"}, {}},
        CategoryCase{"AnythingToStar", {"x"}, {"y"}, {"*"}, {}}),
    [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace ncirt::exchange::policy
