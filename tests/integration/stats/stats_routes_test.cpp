// The statistics routes as the router calls them once the caller is authenticated: JSON, CSV
// and HTML answers, the TLP ceiling of each role, and the errors of bad requests.
#include <nlohmann/json.hpp>
#include <pqxx/connection>
#include <pqxx/result>
#include <pqxx/transaction>

#include "stats_test_support.hpp"
#include "triage/stats/svg_chart.hpp"
#include "triage/store/user_store.hpp"
#include "triage/store/work_store.hpp"

namespace ncirt::triage::stats::testing {
namespace {

namespace http = boost::beast::http;

class FixedClock final : public Clock {
 public:
  TimePoint Now() const override { return TimePoint{std::chrono::milliseconds{1'767'225'600'000}}; }
};

class StatsRoutesTest : public StatsDbTest {
 protected:
  void SetUp() override {
    StatsDbTest::SetUp();
    queue_ = std::make_unique<store::QueueStore>(*pool_, clock_);
    users_ = std::make_unique<store::UserStore>(*pool_, clock_);
    work_ = std::make_unique<store::WorkStore>(*pool_, clock_);
    const RouteDeps deps{config_, clock_, auth::PasswordCost{}, *pool_, *queue_, *users_, *work_};
    routes_ = StatisticsRoutes(deps);
  }

  common::net::HttpResponse Get(const std::string& target, auth::Role role,
                                const std::string& accept = "") {
    common::net::HttpRequest request;
    request.message.method(http::verb::get);
    request.message.target(target);
    request.message.version(11);
    if (!accept.empty()) request.message.set(http::field::accept, accept);
    request.remote_address = "127.0.0.1";
    request.request_id = "test";
    const std::size_t question = target.find('?');
    const std::string path = target.substr(0, question);
    for (const Route& route : routes_) {
      if (route.pattern != path) continue;
      EXPECT_EQ(route.permission, auth::Permission::kRead);
      RequestContext context{request, path,
                             question == std::string::npos
                                 ? std::string_view()
                                 : std::string_view(request.message.target()).substr(question + 1),
                             store::Principal{"user-1", role, std::nullopt}, std::nullopt, {}};
      return route.handler(context);
    }
    ADD_FAILURE() << "no route " << path;
    return {};
  }

  static nlohmann::json Json(const common::net::HttpResponse& response) {
    return nlohmann::json::parse(response.body());
  }

  TriageConfig config_;
  FixedClock clock_;
  std::unique_ptr<store::QueueStore> queue_;
  std::unique_ptr<store::UserStore> users_;
  std::unique_ptr<store::WorkStore> work_;
  std::vector<Route> routes_;
};

// The statistics audit records so far (audit.pending: none is chained in these tests).
std::vector<nlohmann::json> StatisticsAudit(const std::string& dsn, const std::string& action) {
  pqxx::connection c(dsn);
  pqxx::work w(c);
  std::vector<nlohmann::json> out;
  for (const auto& r : w.exec_params("SELECT actor, origin, subject, detail FROM audit.pending "
                                     "WHERE action = $1 ORDER BY id",
                                     action)) {
    auto detail = nlohmann::json::parse(r[3].as<std::string>());
    detail["actor"] = r[0].as<std::string>();
    detail["origin"] = r[1].as<std::string>();
    detail["subject"] = r[2].as<std::string>();
    out.push_back(std::move(detail));
  }
  return out;
}

bool HasIndicator(const nlohmann::json& body, const std::string& value) {
  for (const auto& i : body["top_indicators"]) {
    if (i["value"] == value) return true;
  }
  return false;
}

TEST_F(StatsRoutesTest, JsonForALeadCarriesTheYearsFiguresUpToRed) {
  const auto response = Get("/v1/statistics?from=2025-01-01&to=2026-01-01&top=100",
                            auth::Role::kLead);
  ASSERT_EQ(response.result(), http::status::ok) << response.body();
  EXPECT_EQ(response[http::field::content_type], "application/json");
  const auto body = Json(response);
  const auto expected = Expected(year_, DateMs(2025, 1, 1), DateMs(2026, 1, 1), Tlp::kRed, 100);
  EXPECT_EQ(body["incidents"], expected.incidents);
  EXPECT_EQ(body["merged_duplicates"], expected.merged);
  EXPECT_EQ(body["tlp_ceiling"], "RED");
  EXPECT_EQ(body["period"]["to"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(body["by_category"][0]["category"], expected.by_category[0].key);
  EXPECT_EQ(body["sla"][4]["time_to_triage"]["median_ms"], *expected.sla[4].triage.median_ms);
  EXPECT_TRUE(HasIndicator(body, "198.51.100.1"));
}

TEST_F(StatsRoutesTest, AnalystsAndAuditorsSeeNoRedNamedItemsAndCannotAskForThem) {
  for (auth::Role role : {auth::Role::kAnalyst, auth::Role::kAuditor}) {
    const auto body =
        Json(Get("/v1/statistics?from=2025-01-01&to=2026-01-01&top=100", role));
    EXPECT_EQ(body["tlp_ceiling"], "AMBER+STRICT");
    EXPECT_FALSE(HasIndicator(body, "198.51.100.1"));
    // The RED incidents are still counted.
    EXPECT_GT(body["by_tlp"][4]["incidents"].get<int>(), 0);
    const auto refused = Get("/v1/statistics?from=2025-01-01&to=2026-01-01&tlp=RED", role);
    EXPECT_EQ(refused.result(), http::status::forbidden);
    EXPECT_NE(Json(refused)["detail"].get<std::string>().find("up to TLP:AMBER+STRICT"),
              std::string::npos);
  }
  const auto lowered = Json(Get("/v1/statistics?from=2025-01-01&to=2026-01-01&tlp=CLEAR&top=100",
                                auth::Role::kAdmin));
  EXPECT_EQ(lowered["tlp_ceiling"], "CLEAR");
  const auto clear = Expected(year_, DateMs(2025, 1, 1), DateMs(2026, 1, 1), Tlp::kClear, 100);
  ASSERT_EQ(lowered["top_organisations"].size(), clear.top_organisations.size());
  for (std::size_t i = 0; i < clear.top_organisations.size(); ++i) {
    EXPECT_EQ(lowered["top_organisations"][i]["organisation"], clear.top_organisations[i].key);
    EXPECT_EQ(lowered["top_organisations"][i]["incidents"], clear.top_organisations[i].incidents);
  }
}

TEST_F(StatsRoutesTest, CsvHasOneRowPerFigureAndAFileName) {
  const std::string target = "/v1/statistics?from=2025-01-01&to=2026-01-01";
  const auto json = Json(Get(target, auth::Role::kLead));
  for (const auto& response : {Get(target + "&format=csv", auth::Role::kLead),
                               Get(target, auth::Role::kLead, "text/csv")}) {
    ASSERT_EQ(response.result(), http::status::ok);
    EXPECT_EQ(response[http::field::content_type], "text/csv; charset=utf-8");
    EXPECT_EQ(response[http::field::content_disposition],
              "attachment; filename=\"ncirt-statistics-2025-01-01-2026-01-01.csv\"");
    const std::string& csv = response.body();
    std::size_t lines = 0;
    for (std::size_t pos = 0; (pos = csv.find("\r\n", pos)) != std::string::npos; pos += 2) {
      ++lines;
    }
    std::size_t figures = 1 + 3 + 2;
    for (const char* list : {"by_category", "by_class", "by_sector", "by_critical_infrastructure",
                             "by_source", "by_source_kind", "by_partner_country", "by_tlp",
                             "by_state", "by_priority", "by_month", "top_indicators",
                             "top_organisations"}) {
      figures += json[list].size();
    }
    figures += json["sla"].size() * 10 + json["partners"].size() * 7;
    EXPECT_EQ(lines, figures);
    EXPECT_TRUE(csv.starts_with("section,key,measure,value\r\nperiod,from,instant,"
                                "2025-01-01T00:00:00Z\r\n"));
    const std::string total = std::to_string(json["incidents"].get<int>());
    EXPECT_NE(csv.find("\r\ntotal,incidents,incidents," + total +
                       "\r\n"),
              std::string::npos);
  }
}

TEST_F(StatsRoutesTest, BadParametersAreRefusedWithTheReason) {
  struct Case {
    std::string target;
    std::string says;
  };
  const Case cases[] = {
      {"/v1/statistics", "'from' is missing"},
      {"/v1/statistics?from=2025-01-01", "'to' is missing"},
      {"/v1/statistics?from=2025-13-01&to=2026-01-01", "'from' is '2025-13-01'"},
      {"/v1/statistics?from=2026-01-01&to=2025-01-01", "must be after"},
      {"/v1/statistics?from=2025-01-01&to=2026-01-01&format=pdf", "'format'"},
      {"/v1/statistics?from=2025-01-01&to=2026-01-01&tlp=PURPLE", "'tlp'"},
      {"/v1/statistics?from=2025-01-01&to=2026-01-01&sort=asc", "unknown parameter 'sort'"},
      {"/v1/reports/annual", "'year' is missing"},
      {"/v1/reports/annual?year=twenty", "four-digit year"},
      {"/v1/reports/annual?year=2025&top=1000", "'top'"},
  };
  for (const Case& c : cases) {
    const auto response = Get(c.target, auth::Role::kLead);
    EXPECT_EQ(response.result(), http::status::bad_request) << c.target;
    EXPECT_EQ(response[http::field::content_type], "application/problem+json") << c.target;
    EXPECT_NE(Json(response)["detail"].get<std::string>().find(c.says), std::string::npos)
        << c.target << ": " << response.body();
  }
}

TEST_F(StatsRoutesTest, AnnualReportIsStrictHtmlUnderTheCallersMarking) {
  const auto response = Get("/v1/reports/annual?year=2025&tlp=GREEN", auth::Role::kLead);
  ASSERT_EQ(response.result(), http::status::ok) << response.body();
  EXPECT_EQ(response[http::field::content_type], "text/html; charset=utf-8");
  const std::string csp(response["Content-Security-Policy"]);
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(response["X-Frame-Options"], "DENY");
  EXPECT_EQ(response["Cache-Control"], "no-store");
  const std::string& html = response.body();
  EXPECT_NE(html.find("<h1>Annual incident report 2025</h1>"), std::string::npos);
  EXPECT_NE(html.find(">TLP:GREEN</span>"), std::string::npos);
  const auto expected = Expected(year_, DateMs(2025, 1, 1), DateMs(2026, 1, 1), Tlp::kGreen, 10);
  EXPECT_NE(html.find("took in " + Thousands(expected.incidents) + " incidents"),
            std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("198.51.100.1"), std::string::npos) << "a RED-only indicator";
}

TEST_F(StatsRoutesTest, RedNamedItemsShownToALeadAreAuditedWithTheirHighestMarking) {
  ASSERT_EQ(Get("/v1/statistics?from=2025-01-01&to=2026-01-01&top=100", auth::Role::kLead)
                .result(),
            http::status::ok);
  const auto records = StatisticsAudit(dsn_, "statistics-read");
  ASSERT_EQ(records.size(), 1u);
  const auto& r = records[0];
  EXPECT_EQ(r["actor"], "user-1");
  EXPECT_EQ(r["origin"], "127.0.0.1");
  EXPECT_EQ(r["report"], "statistics");
  EXPECT_EQ(r["from"], "2025-01-01T00:00:00Z");
  EXPECT_EQ(r["tlp_ceiling"], "RED");
  EXPECT_EQ(r["highest_tlp"], "RED");
  // Counted here: the shown items that occur in an AMBER, AMBER+STRICT or RED incident.
  const auto expected = Expected(year_, DateMs(2025, 1, 1), DateMs(2026, 1, 1), Tlp::kRed, 100);
  int indicators = 0, organisations = 0;
  const auto restricted_incidents = [&](auto has) {
    for (const auto& g : year_.incidents) {
      if (g.created_ms < DateMs(2025, 1, 1) || g.created_ms >= DateMs(2026, 1, 1) ||
          g.state == "merged" || g.tlp == "CLEAR" || g.tlp == "GREEN") {
        continue;
      }
      if (has(g)) return true;
    }
    return false;
  };
  for (const auto& i : expected.top_indicators) {
    indicators += restricted_incidents([&](const GeneratedIncident& g) {
      for (const auto& [kind, value] : g.indicators) {
        if (kind == i.kind && value == i.value) return true;
      }
      return false;
    });
  }
  for (const auto& o : expected.top_organisations) {
    organisations += restricted_incidents(
        [&](const GeneratedIncident& g) { return g.constituent == o.key; });
  }
  EXPECT_GT(indicators, 0);
  EXPECT_LT(indicators, static_cast<int>(expected.top_indicators.size())) << "some are GREEN";
  EXPECT_EQ(r["restricted_indicators"], indicators);
  EXPECT_EQ(r["restricted_organisations"], organisations);
  ASSERT_EQ(Get("/v1/reports/annual?year=2025", auth::Role::kAdmin).result(), http::status::ok);
  const auto both = StatisticsAudit(dsn_, "statistics-read");
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1]["report"], "annual-report");
}

TEST_F(StatsRoutesTest, AmberItemsShownToAnAnalystAreAuditedGreenOnesAreNot) {
  ASSERT_EQ(Get("/v1/statistics?from=2025-01-01&to=2026-01-01&tlp=GREEN", auth::Role::kAnalyst)
                .result(),
            http::status::ok);
  EXPECT_TRUE(StatisticsAudit(dsn_, "statistics-read").empty()) << "nothing restricted shown";
  ASSERT_EQ(Get("/v1/statistics?from=2025-01-01&to=2026-01-01", auth::Role::kAnalyst).result(),
            http::status::ok);
  const auto records = StatisticsAudit(dsn_, "statistics-read");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["tlp_ceiling"], "AMBER+STRICT");
  EXPECT_EQ(records[0]["highest_tlp"], "AMBER+STRICT");
  // A period with no incident shows no named item, so there is nothing to record.
  ASSERT_EQ(Get("/v1/statistics?from=2030-01-01&to=2031-01-01", auth::Role::kLead).result(),
            http::status::ok);
  EXPECT_EQ(StatisticsAudit(dsn_, "statistics-read").size(), 1u);
}

TEST_F(StatsRoutesTest, AskingAboveTheRolesCeilingIsRefusedAndAudited) {
  EXPECT_EQ(Get("/v1/reports/annual?year=2025&tlp=RED", auth::Role::kAuditor).result(),
            http::status::forbidden);
  const auto refused = StatisticsAudit(dsn_, "statistics-refused");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0]["report"], "annual-report");
  EXPECT_EQ(refused[0]["tlp_asked"], "RED");
  EXPECT_EQ(refused[0]["role_ceiling"], "AMBER+STRICT");
  EXPECT_EQ(refused[0]["from"], "2025-01-01T00:00:00Z");
  EXPECT_TRUE(StatisticsAudit(dsn_, "statistics-read").empty());
  // A malformed marking is a bad request, not an attempt: nothing recorded.
  EXPECT_EQ(Get("/v1/statistics?from=2025-01-01&to=2026-01-01&tlp=PURPLE", auth::Role::kAnalyst)
                .result(),
            http::status::bad_request);
  EXPECT_EQ(StatisticsAudit(dsn_, "statistics-refused").size(), 1u);
}

}  // namespace
}  // namespace ncirt::triage::stats::testing
