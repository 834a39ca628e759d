#include "intake/routes.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes.hpp"

namespace ncirt::intake {
namespace {

namespace http = boost::beast::http;

class RoutesTest : public ::testing::Test {
 protected:
  RoutesTest() : authenticator_(tokens_, {}) {
    std::vector<Route> routes;
    routes.push_back({http::verb::get, "/healthz", std::nullopt, Echo("health")});
    routes.push_back({http::verb::post, "/v1/incidents", Scope::kSubmit, Echo("submit")});
    routes.push_back({http::verb::get, "/v1/incidents/{id}", Scope::kRead, Echo("get")});
    routes.push_back(
        {http::verb::get, "/v1/quarantine/{id}/content", Scope::kAdmin, Echo("content")});
    router_ = std::make_unique<Router>(std::move(routes), authenticator_, metrics_);
  }

  // Answers "<name> <params...> <submitter>" so tests see what the router passed on.
  static RouteHandler Echo(std::string name) {
    return [name](RequestContext& c) {
      std::string body = name;
      for (const auto& p : c.params) body += " " + p;
      if (c.principal) body += " by " + c.principal->submitter;
      if (!c.query.empty()) body += " ?" + std::string(c.query);
      return common::net::MakeResponse(c.request, http::status::ok, body, "text/plain");
    };
  }

  common::net::HttpResponse Send(http::verb method, const std::string& target,
                                 const std::string& token = {}) {
    common::net::HttpRequest request;
    request.message = {method, target, 11};
    if (!token.empty()) request.message.set(http::field::authorization, "Bearer " + token);
    request.request_id = "test";
    return router_->Handle(request);
  }

  testing::FakeTokenStore tokens_;
  Authenticator authenticator_;
  IntakeMetrics metrics_;
  std::unique_ptr<Router> router_;
};

TEST_F(RoutesTest, PublicRouteNeedsNoToken) {
  const auto response = Send(http::verb::get, "/healthz");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "health");
}

TEST_F(RoutesTest, PlaceholdersAndQueryArePassedToTheHandler) {
  const std::string token = tokens_.Add("analyst", {Scope::kRead, Scope::kAdmin});
  EXPECT_EQ(Send(http::verb::get, "/v1/incidents/abc?x=1", token).body(),
            "get abc by analyst ?x=1");
  EXPECT_EQ(Send(http::verb::get, "/v1/quarantine/17/content", token).body(),
            "content 17 by analyst");
}

TEST_F(RoutesTest, MissingOrInvalidTokenIs401WithBearerChallenge) {
  for (const std::string& token : {std::string(), std::string("bogus")}) {
    const auto response = Send(http::verb::post, "/v1/incidents", token);
    EXPECT_EQ(response.result_int(), 401);
    EXPECT_EQ(response[http::field::www_authenticate], "Bearer realm=\"ncirt-intake\"");
    EXPECT_EQ(response[http::field::content_type], "application/problem+json");
  }
}

TEST_F(RoutesTest, TokenWithoutTheRoutesScopeIs403) {
  const std::string reader = tokens_.Add("reader", {Scope::kRead});
  const auto response = Send(http::verb::post, "/v1/incidents", reader);
  EXPECT_EQ(response.result_int(), 403);
  EXPECT_NE(nlohmann::json::parse(response.body())["detail"].get<std::string>().find("submit"),
            std::string::npos);
}

TEST_F(RoutesTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  EXPECT_EQ(Send(http::verb::get, "/v2/incidents").result_int(), 404);
  EXPECT_EQ(Send(http::verb::get, "/v1/incidents/").result_int(), 404);
  EXPECT_EQ(Send(http::verb::get, "/v1/incidents/a/b").result_int(), 404);
  const auto response = Send(http::verb::delete_, "/v1/incidents/abc");
  EXPECT_EQ(response.result_int(), 405);
  EXPECT_EQ(response[http::field::allow], "GET");
  EXPECT_EQ(nlohmann::json::parse(response.body())["status"], 405);
}

TEST_F(RoutesTest, RequestsAndSubmitAuthFailuresAreCounted) {
  Send(http::verb::get, "/healthz");
  Send(http::verb::post, "/v1/incidents");
  const std::string page = metrics_.registry().Render();
  EXPECT_NE(page.find("route=\"GET /healthz\",status=\"200\"} 1"), std::string::npos);
  EXPECT_NE(page.find("route=\"POST /v1/incidents\",status=\"401\"} 1"), std::string::npos);
  EXPECT_NE(page.find("reason=\"unauthenticated\"} 1"), std::string::npos);
}

TEST(QueryParameterTest, FindsNamedValues) {
  EXPECT_EQ(QueryParameter("limit=5&before=9", "before").value(), "9");
  EXPECT_EQ(QueryParameter("limit=5&before=9", "limit").value(), "5");
  EXPECT_EQ(QueryParameter("flag&x=1", "flag").value(), "");
  EXPECT_FALSE(QueryParameter("limit=5", "before"));
  EXPECT_FALSE(QueryParameter("", "limit"));
}

}  // namespace
}  // namespace ncirt::intake
