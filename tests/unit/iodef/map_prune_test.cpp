#include "iodef/map_prune.hpp"

#include <gtest/gtest.h>

#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {
namespace {

TEST(PruneEmptyMessagesTest, ClearsSubMessagesThatHoldNothing) {
  v1::Incident incident;
  incident.mutable_restriction();  // set, but empty: what a mapper leaves for an absent attribute
  incident.add_contacts()->mutable_restriction();
  incident.add_event_data()->mutable_assessment()->mutable_confidence();
  PruneEmptyMessages(incident);
  EXPECT_FALSE(incident.has_restriction());
  EXPECT_FALSE(incident.contacts(0).has_restriction());
  EXPECT_FALSE(incident.event_data(0).has_assessment());
  // Repeated elements stay, even empty: they were there.
  EXPECT_EQ(incident.contacts_size(), 1);
  EXPECT_EQ(incident.event_data_size(), 1);
}

TEST(PruneEmptyMessagesTest, KeepsOneofMembersAndTimestampsEvenWhenEmpty) {
  v1::Incident incident;
  // An empty <SystemImpact/> is still an impact; 1970-01-01T00:00:00Z is still a time.
  incident.add_assessments()->add_impacts()->mutable_system();
  incident.mutable_detect_time();
  incident.add_indicators()->mutable_observable()->mutable_address();
  PruneEmptyMessages(incident);
  EXPECT_TRUE(incident.assessments(0).impacts(0).has_system());
  EXPECT_TRUE(incident.has_detect_time());
  EXPECT_TRUE(incident.indicators(0).has_observable());
  EXPECT_TRUE(incident.indicators(0).observable().has_address());
}

TEST(PruneEmptyMessagesTest, KeepsSubMessagesWithContent) {
  v1::Incident incident;
  incident.mutable_restriction()->set_value(v1::RESTRICTION_GREEN);
  incident.mutable_incident_id()->set_id("1");
  PruneEmptyMessages(incident);
  EXPECT_EQ(incident.restriction().value(), v1::RESTRICTION_GREEN);
  EXPECT_EQ(incident.incident_id().id(), "1");
}

}  // namespace
}  // namespace ncirt::iodef
