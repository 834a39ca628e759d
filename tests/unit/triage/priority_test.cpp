#include "triage/priority.hpp"

#include <string>

#include <gtest/gtest.h>

namespace ncirt::triage {
namespace {

v1::Assessment* AddSystemImpact(v1::Incident& incident, v1::Severity severity) {
  auto* assessment = incident.add_assessments();
  assessment->add_impacts()->mutable_system()->set_severity(severity);
  return assessment;
}

TEST(PriorityTest, HighSeverityHighConfidenceOnCriticalInfrastructureIsPriorityOne) {
  v1::Incident incident;
  incident.set_tlp(v1::TLP_AMBER);
  AddSystemImpact(incident, v1::SEVERITY_HIGH)
      ->mutable_confidence()
      ->set_rating(v1::CONFIDENCE_RATING_HIGH);
  const Priority p = ComputePriority(InputsFor(incident, Criticality::kVital));
  EXPECT_EQ(p.score, 40 + 10 + 25);
  EXPECT_EQ(p.level, 1);
}

TEST(PriorityTest, LowSeverityClearReportOfUnknownConstituentIsPriorityFour) {
  v1::Incident incident;
  incident.set_tlp(v1::TLP_CLEAR);
  AddSystemImpact(incident, v1::SEVERITY_LOW)
      ->mutable_confidence()
      ->set_rating(v1::CONFIDENCE_RATING_LOW);
  const Priority p = ComputePriority(InputsFor(incident, Criticality::kUnknown));
  EXPECT_EQ(p.score, 6);
  EXPECT_EQ(p.level, 4);
}

TEST(PriorityTest, WorstAssessmentWeightedByItsConfidenceCounts) {
  v1::Incident incident;
  // A rumour of high impact (0.6 x 40 = 24) against a confirmed medium one (1.0 x 25 = 25).
  AddSystemImpact(incident, v1::SEVERITY_HIGH)
      ->mutable_confidence()
      ->set_rating(v1::CONFIDENCE_RATING_LOW);
  AddSystemImpact(incident, v1::SEVERITY_MEDIUM)
      ->mutable_confidence()
      ->set_rating(v1::CONFIDENCE_RATING_HIGH);
  EXPECT_DOUBLE_EQ(ImpactOf(incident), 25);
}

TEST(PriorityTest, BusinessImpactTokensAndNumericConfidenceAreUnderstood) {
  v1::Incident incident;
  auto* assessment = incident.add_assessments();
  assessment->add_impacts()->mutable_business()->set_severity("high");
  assessment->mutable_confidence()->set_rating(v1::CONFIDENCE_RATING_NUMERIC);
  assessment->mutable_confidence()->set_value(0.9);
  EXPECT_DOUBLE_EQ(ImpactOf(incident), 36);
  assessment->mutable_confidence()->set_value(0.1);  // clamped to 0.5
  EXPECT_DOUBLE_EQ(ImpactOf(incident), 20);
}

TEST(PriorityTest, IncidentWithoutAssessmentScoresAsUnknownImpact) {
  v1::Incident incident;
  EXPECT_DOUBLE_EQ(ImpactOf(incident), 12);
}

TEST(PriorityTest, MarkingRaisesTheScore) {
  PriorityInputs inputs;
  inputs.impact = 20;
  int previous = -1;
  for (v1::Tlp tlp : {v1::TLP_CLEAR, v1::TLP_GREEN, v1::TLP_AMBER, v1::TLP_RED}) {
    inputs.tlp = tlp;
    const int score = ComputePriority(inputs).score;
    EXPECT_GT(score, previous) << v1::Tlp_Name(tlp);
    previous = score;
  }
}

TEST(PriorityTest, AgeAgainstTheSlaClimbsTheQueueAndIsCapped) {
  PriorityInputs inputs;
  inputs.impact = 25;
  inputs.tlp = v1::TLP_GREEN;
  EXPECT_EQ(ComputePriority(inputs).level, 3);
  inputs.age_ratio = 0.5;
  EXPECT_EQ(ComputePriority(inputs).score, 40);
  inputs.age_ratio = 7.0;
  EXPECT_EQ(ComputePriority(inputs).score, 50);
  EXPECT_EQ(ComputePriority(inputs).level, 2);
}

TEST(PriorityTest, LevelThresholds) {
  const struct {
    int score;
    int level;
  } cases[] = {{100, 1}, {70, 1}, {69, 2}, {45, 2}, {44, 3}, {25, 3}, {24, 4}, {0, 4}};
  for (const auto& c : cases) EXPECT_EQ(LevelForScore(c.score), c.level) << c.score;
}

}  // namespace
}  // namespace ncirt::triage
