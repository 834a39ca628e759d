// The service's own endpoints: liveness, readiness against PostgreSQL, and the metrics page.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "intake_fixture.hpp"
#include "support/pg_cluster.hpp"

namespace ncirt::intake::testing {
namespace {

class ServiceTest : public IntakeFixture {};

TEST_F(ServiceTest, HealthAndReadinessAnswerWithoutAToken) {
  auto client = Client();
  EXPECT_EQ(client->Get("/healthz").status, 200);
  const auto ready = client->Get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
}

TEST_F(ServiceTest, ReadinessFailsWhenTheSchemaIsNotMigrated) {
  IntakeConfig config = BaseConfig();
  config.database_url = ncirt::testing::PgCluster::Shared().CreateEmptyDatabase();
  StartApp(config);
  const auto reply = Client()->Get("/readyz");
  EXPECT_EQ(reply.status, 503);
  EXPECT_NE(BodyJson(reply)["detail"].get<std::string>().find("ncirt-migrate"), std::string::npos);
  EXPECT_EQ(Client()->Get("/healthz").status, 200) << "alive, just not ready";
}

TEST_F(ServiceTest, ReadinessFailsWhenPostgresIsUnreachable) {
  IntakeConfig config = BaseConfig();
  config.database_url = "postgresql://ncirt:x@127.0.0.1:1/ncirt?connect_timeout=2";
  StartApp(config);
  EXPECT_EQ(Client()->Get("/readyz").status, 503);
}

TEST_F(ServiceTest, MetricsCountRequestsRejectionsAndQueueDepth) {
  const std::string token = Token("sensor-1", "submit");
  auto client = Client();
  ASSERT_EQ(Submit(*client, token, DdosReport("MX-1")).status, 201);
  ASSERT_EQ(Submit(*client, token, DdosReport("MX-2")).status, 201);
  ASSERT_EQ(Submit(*client, token, "<broken", "application/xml").status, 400);
  const auto page = client->Get("/metrics");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = page.body;
  EXPECT_NE(text.find("ncirt_intake_http_requests_total{route=\"POST /v1/incidents\","
                      "status=\"201\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ncirt_intake_rejections_total{reason=\"invalid-document\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("ncirt_intake_http_request_duration_seconds_bucket{route=\"POST "
                      "/v1/incidents\",le=\"+Inf\"} 3"),
            std::string::npos);
  EXPECT_NE(text.find("ncirt_intake_triage_queue_depth 2\n"), std::string::npos);
  EXPECT_NE(text.find("ncirt_intake_incidents_total{outcome=\"created\"} 2"), std::string::npos);
  EXPECT_NE(text.find("ncirt_intake_requests_shed_total 0"), std::string::npos);
}

TEST_F(ServiceTest, UnknownRouteIs404AndWrongMethodIs405) {
  auto client = Client();
  EXPECT_EQ(client->Get("/v1/nothing").status, 404);
  const auto reply = client->Request(boost::beast::http::verb::put, "/v1/incidents");
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply.headers["Allow"], "POST");
}

TEST_F(ServiceTest, GracefulStopFinishesTheRequestInFlightBeforeExiting) {
  const std::string token = Token("sensor-1", "submit");
  // The largest corpus report (~800 KB) keeps the handler busy long enough to stop meanwhile.
  const std::string big = CorpusDocument("v2/milewg-converter-out-longlong-example.xml");
  auto client = Client();
  ASSERT_EQ(client->Get("/healthz").status, 200);  // connected before the race
  ncirt::testing::HttpReply reply;
  const auto started = std::chrono::steady_clock::now();
  std::thread submitter([&] { reply = Submit(*client, token, big); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  StopApp();  // returns once in-flight requests are answered
  const auto stopped_after = std::chrono::steady_clock::now() - started;
  submitter.join();
  EXPECT_EQ(reply.status, 201) << reply.body << reply.transport_error;
  EXPECT_GE(Count("SELECT count(*) FROM intake.incidents"), 1) << "answered means stored";
  std::printf("graceful stop returned after %lld ms\n",
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(stopped_after).count()));
}

}  // namespace
}  // namespace ncirt::intake::testing
