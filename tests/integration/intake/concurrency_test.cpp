// Concurrent submitters of the same IncidentID converge on one incident: the unique constraint
// on IncidentID@name plus insert-or-lock decides, under real PostgreSQL concurrency.
#include <gtest/gtest.h>

#include <latch>
#include <set>
#include <thread>

#include "intake_fixture.hpp"

namespace ncirt::intake::testing {
namespace {

using nlohmann::json;

constexpr int kThreads = 8;

class ConcurrencyTest : public IntakeFixture {
 protected:
  // Runs body(i) on kThreads threads released at the same instant; returns the replies.
  std::vector<ncirt::testing::HttpReply> RunTogether(
      const std::vector<std::string>& tokens, const std::vector<std::string>& bodies) {
    std::vector<ncirt::testing::HttpReply> replies(kThreads);
    std::vector<std::unique_ptr<ncirt::testing::HttpsClient>> clients;
    for (int i = 0; i < kThreads; ++i) {
      clients.push_back(Client());
      // Connect (TLS handshake) before the race, so the requests really overlap.
      EXPECT_EQ(clients.back()->Get("/healthz").status, 200);
    }
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        replies[i] = Submit(*clients[i], tokens[i], bodies[i]);
      });
    }
    for (auto& t : threads) t.join();
    return replies;
  }
};

TEST_F(ConcurrencyTest, SameReportFromManyConnectionsIsOneIncidentAndTheRestDuplicates) {
  const std::string token = Token("sensor-1", "submit");
  const auto replies = RunTogether(std::vector<std::string>(kThreads, token),
                                   std::vector<std::string>(kThreads, DdosReport("C-1")));
  int created = 0;
  std::set<std::string> ids;
  for (const auto& r : replies) {
    ASSERT_TRUE(r.status == 201 || r.status == 200) << r.status << r.body << r.transport_error;
    const json item = BodyJson(r)["incidents"][0];
    created += item["status"] == "created";
    ids.insert(item["id"]);
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.triage_outbox"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.documents"), 1);
}

TEST_F(ConcurrencyTest, DifferentVersionsAtOnceBecomeOneIncidentWithConsecutiveVersions) {
  const std::string token = Token("sensor-1", "submit");
  std::vector<std::string> bodies;
  for (int i = 0; i < kThreads; ++i) {
    bodies.push_back(WithIncidentId(DdosReport("C-2"), "203.0.113.1",
                                    "203.0.113." + std::to_string(10 + i)));
  }
  const auto replies = RunTogether(std::vector<std::string>(kThreads, token), bodies);
  std::set<int> versions;
  for (const auto& r : replies) {
    ASSERT_EQ(r.status, 201) << r.body << r.transport_error;
    versions.insert(BodyJson(r)["incidents"][0]["version"].get<int>());
  }
  EXPECT_EQ(versions, (std::set<int>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 1);
  EXPECT_EQ(Count("SELECT version FROM intake.incidents"), kThreads);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incident_history"), kThreads - 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.indicators WHERE address <<= '203.0.113.0/24'"), 1)
      << "only the current version's indicators remain";
}

TEST_F(ConcurrencyTest, DifferentSubmittersRacingForOneIncidentIdLeaveOneOwner) {
  std::vector<std::string> tokens;
  for (int i = 0; i < kThreads; ++i) {
    tokens.push_back(Token("sensor-" + std::to_string(i), "submit"));
  }
  const auto replies = RunTogether(tokens, std::vector<std::string>(kThreads, DdosReport("C-3")));
  int created = 0;
  int refused = 0;
  for (const auto& r : replies) {
    created += r.status == 201;
    refused += r.status == 409;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(refused, kThreads - 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 1);
}

// Two Incident elements (IncidentIDs a and b) in one IODEF v2 document.
std::string TwoIncidents(const std::string& a, const std::string& b) {
  const std::string minimal = CorpusDocument("v2/rfc7970-s7.1-minimal.xml");
  const auto begin = minimal.find("  <Incident");
  const auto end = minimal.find("</Incident>") + std::string("</Incident>\n").size();
  const std::string incident = minimal.substr(begin, end - begin);
  return minimal.substr(0, begin) + WithIncidentId(incident, "492382", a) +
         WithIncidentId(incident, "492382", b) + minimal.substr(end);
}

TEST_F(ConcurrencyTest, DocumentsSharingIncidentIdsInOppositeOrderDoNotDeadlock) {
  const std::string token = Token("sensor-1", "submit");
  std::vector<std::string> bodies;
  for (int i = 0; i < kThreads; ++i) {
    bodies.push_back(i % 2 == 0 ? TwoIncidents("P-1", "P-2") : TwoIncidents("P-2", "P-1"));
  }
  const auto replies = RunTogether(std::vector<std::string>(kThreads, token), bodies);
  for (const auto& r : replies) {
    ASSERT_TRUE(r.status == 201 || r.status == 200) << r.status << r.body;
    EXPECT_EQ(BodyJson(r)["incidents"].size(), 2u);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM intake.incidents"), 2);
}

TEST_F(ConcurrencyTest, RequestsBeyondTheInFlightLimitAreShedWith429AndCounted) {
  IntakeConfig config = BaseConfig();
  config.max_in_flight = 1;
  StartApp(config);
  const std::string token = Token("sensor-1", "submit");
  // Large reports keep the one admitted request busy while the others arrive.
  const std::string big = CorpusDocument("v2/milewg-converter-out-longlong-example.xml");
  const auto replies = RunTogether(std::vector<std::string>(kThreads, token),
                                   std::vector<std::string>(kThreads, big));
  int shed = 0;
  for (const auto& r : replies) {
    ASSERT_TRUE(r.status == 201 || r.status == 200 || r.status == 429) << r.status << r.body;
    if (r.status == 429) {
      ++shed;
      EXPECT_FALSE(r.headers["Retry-After"].empty());
    }
  }
  EXPECT_GT(shed, 0);
  EXPECT_LT(shed, kThreads) << "the admitted request is answered";
  const std::string metrics = Client()->Get("/metrics").body;
  EXPECT_NE(metrics.find("ncirt_intake_requests_shed_total " + std::to_string(shed) + "\n"),
            std::string::npos)
      << metrics;
  EXPECT_EQ(Count("SELECT count(*) FROM intake.quarantine"), 0) << "shedding keeps nothing";
}

}  // namespace
}  // namespace ncirt::intake::testing
