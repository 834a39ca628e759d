#pragma once
// What the statistics integration tests share: a database holding the generated year, a pool
// prepared like triage's, and a comparison of two Statistics that names the differing figure.

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/pg/pool.hpp"
#include "generated_year.hpp"
#include "support/pg_cluster.hpp"
#include "triage/route_modules.hpp"
#include "triage/stats/stats_store.hpp"
#include "triage/store/queue_store.hpp"

namespace ncirt::triage::stats::testing {

inline void ExpectCounts(const std::vector<Count>& actual, const std::vector<Count>& expected,
                         const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i].key, expected[i].key) << what << " row " << i;
    EXPECT_EQ(actual[i].incidents, expected[i].incidents) << what << " " << actual[i].key;
  }
}

inline void ExpectDuration(const DurationFigures& a, const DurationFigures& e,
                           const std::string& what) {
  EXPECT_EQ(a.measured, e.measured) << what;
  EXPECT_EQ(a.median_ms, e.median_ms) << what << " median";
  EXPECT_EQ(a.p90_ms, e.p90_ms) << what << " p90";
  EXPECT_EQ(a.within_target, e.within_target) << what << " within target";
}

inline void ExpectSameFigures(const Statistics& a, const Statistics& e) {
  EXPECT_EQ(a.incidents, e.incidents);
  EXPECT_EQ(a.merged, e.merged);
  ExpectCounts(a.by_category, e.by_category, "by_category");
  ExpectCounts(a.by_class, e.by_class, "by_class");
  ExpectCounts(a.by_state, e.by_state, "by_state");
  ExpectCounts(a.by_tlp, e.by_tlp, "by_tlp");
  ExpectCounts(a.by_priority, e.by_priority, "by_priority");
  ExpectCounts(a.by_month, e.by_month, "by_month");
  ExpectCounts(a.by_sector, e.by_sector, "by_sector");
  ExpectCounts(a.by_critical_infrastructure, e.by_critical_infrastructure, "by_ci");
  ExpectCounts(a.by_source_kind, e.by_source_kind, "by_source_kind");
  ExpectCounts(a.by_partner_country, e.by_partner_country, "by_partner_country");
  ExpectCounts(a.top_organisations, e.top_organisations, "top_organisations");
  ASSERT_EQ(a.by_source.size(), e.by_source.size());
  for (std::size_t i = 0; i < a.by_source.size(); ++i) {
    EXPECT_EQ(a.by_source[i].submitter, e.by_source[i].submitter);
    EXPECT_EQ(a.by_source[i].kind, e.by_source[i].kind) << a.by_source[i].submitter;
    EXPECT_EQ(a.by_source[i].country, e.by_source[i].country) << a.by_source[i].submitter;
    EXPECT_EQ(a.by_source[i].incidents, e.by_source[i].incidents) << a.by_source[i].submitter;
  }
  ASSERT_EQ(a.sla.size(), e.sla.size());
  for (std::size_t i = 0; i < a.sla.size(); ++i) {
    const std::string what = "sla row " + std::to_string(i);
    EXPECT_EQ(a.sla[i].priority, e.sla[i].priority) << what;
    EXPECT_EQ(a.sla[i].triage_target_s, e.sla[i].triage_target_s) << what;
    EXPECT_EQ(a.sla[i].resolve_target_s, e.sla[i].resolve_target_s) << what;
    ExpectDuration(a.sla[i].triage, e.sla[i].triage, what + " triage");
    ExpectDuration(a.sla[i].resolve, e.sla[i].resolve, what + " resolve");
  }
  ASSERT_EQ(a.partners.size(), e.partners.size());
  for (std::size_t i = 0; i < a.partners.size(); ++i) {
    const auto& x = a.partners[i];
    const auto& y = e.partners[i];
    EXPECT_EQ(x.partner, y.partner);
    EXPECT_EQ(x.country, y.country) << x.partner;
    EXPECT_EQ(x.sent, y.sent) << x.partner;
    EXPECT_EQ(x.delivered, y.delivered) << x.partner;
    EXPECT_EQ(x.pending, y.pending) << x.partner;
    EXPECT_EQ(x.refused_by_partner, y.refused_by_partner) << x.partner;
    EXPECT_EQ(x.refused_by_policy, y.refused_by_policy) << x.partner;
    EXPECT_EQ(x.received, y.received) << x.partner;
    EXPECT_EQ(x.received_applied, y.received_applied) << x.partner;
  }
  ASSERT_EQ(a.top_indicators.size(), e.top_indicators.size());
  for (std::size_t i = 0; i < a.top_indicators.size(); ++i) {
    EXPECT_EQ(a.top_indicators[i].kind, e.top_indicators[i].kind) << "indicator " << i;
    EXPECT_EQ(a.top_indicators[i].value, e.top_indicators[i].value) << "indicator " << i;
    EXPECT_EQ(a.top_indicators[i].incidents, e.top_indicators[i].incidents)
        << a.top_indicators[i].value;
  }
}

class StatsDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dsn_ = ncirt::testing::PgCluster::Shared().CreateDatabase();
    pool_ = std::make_unique<common::pg::Pool>(common::pg::PoolOptions{
        .dsn = dsn_, .max_connections = 4, .on_connect = [](pqxx::connection& c) {
          store::PrepareStatements(c);
          PrepareModuleStatements(c);
        }});
    store_ = std::make_unique<StatsStore>(*pool_);
    year_ = GenerateYear();
    WriteYear(dsn_, year_);
  }

  Statistics Load(std::int64_t from_ms, std::int64_t to_ms, Tlp ceiling, int top) {
    auto loaded = store_->Load(Period{TimePoint{std::chrono::milliseconds{from_ms}},
                                      TimePoint{std::chrono::milliseconds{to_ms}}},
                               ceiling, top);
    EXPECT_TRUE(loaded) << loaded.error().message;
    return loaded ? *loaded : Statistics{};
  }

  std::string dsn_;
  std::unique_ptr<common::pg::Pool> pool_;
  std::unique_ptr<StatsStore> store_;
  GeneratedYear year_;
};

}  // namespace ncirt::triage::stats::testing
