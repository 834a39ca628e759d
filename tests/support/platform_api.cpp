// What a Platform does through its services' APIs (and intake's token store): tokens,
// submissions, the admin's triage requests, partners and shares, exchange metrics.
#include <algorithm>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "common/pg/pool.hpp"
#include "intake/store/pg_token_store.hpp"
#include "intake/store/prepare.hpp"
#include "iodef/marking.hpp"
#include "support/platform.hpp"

namespace ncirt::testing {

namespace http = boost::beast::http;

namespace {

std::string IncidentXml(const std::string& issuer, const std::string& iodef_id) {
  std::ostringstream out;
  out << R"(  <Incident purpose="reporting">
    <IncidentID name=")" << issuer << R"(">)" << iodef_id << R"(</IncidentID>
    <GenerationTime>2026-11-22T05:00:00+00:00</GenerationTime>
    <Description>test incident )" << iodef_id << R"(</Description>
    <Assessment>
      <SystemImpact severity="medium" type="availability-system"/>
    </Assessment>
    <Contact role="creator" type="person">
      <ContactName>Reporter )" << iodef_id << R"(</ContactName>
      <Email><EmailTo>)" << iodef_id << R"(@people.example</EmailTo></Email>
    </Contact>
  </Incident>
)";
  return out.str();
}

}  // namespace

std::string IncidentDocument(const std::string& issuer, const std::vector<std::string>& iodef_ids) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>
<IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
)";
  for (const std::string& id : iodef_ids) out += IncidentXml(issuer, id);
  return out + "</IODEF-Document>\n";
}

std::string Platform::IntakeToken(const std::string& submitter, intake::Scopes scopes,
                                  iodef::Policy policy, v1::Tlp default_tlp) {
  common::pg::Pool pool(
      {.dsn = dsn_, .max_connections = 1, .on_connect = intake::store::PrepareStatements});
  intake::store::PgTokenStore tokens(pool);
  const std::string token = intake::NewTokenText(intake::SecureRandomBytes);
  auto created = tokens.Create({.digest = intake::DigestOf(token),
                                .submitter = submitter,
                                .scopes = std::move(scopes),
                                .policy = policy,
                                .default_tlp = default_tlp});
  if (!created) throw std::runtime_error("intake token: " + created.error().ToString());
  return token;
}

std::string Platform::Submit(const std::string& iodef_id, v1::Tlp tlp) {
  const std::vector<std::string> ids = SubmitDocument({iodef_id}, tlp);
  return ids.empty() ? "" : ids[0];
}

std::vector<std::string> Platform::SubmitMany(const std::string& prefix, int n, v1::Tlp tlp) {
  std::vector<std::string> out;
  for (int first = 0; first < n; first += 100) {
    std::vector<std::string> iodef_ids;
    for (int i = first; i < std::min(n, first + 100); ++i) {
      iodef_ids.push_back(prefix + std::to_string(i));
    }
    for (std::string& id : SubmitDocument(iodef_ids, tlp)) out.push_back(std::move(id));
  }
  return out;
}

std::vector<std::string> Platform::SubmitDocument(const std::vector<std::string>& iodef_ids,
                                                  v1::Tlp tlp) {
  if (!submit_tokens_.contains(tlp)) {
    submit_tokens_[tlp] = IntakeToken("sensor-" + std::string(iodef::TlpName(tlp)),
                                      {intake::Scope::kSubmit}, iodef::Policy::kStrict, tlp);
  }
  for (int attempt = 0; attempt < 3; ++attempt) {
    const HttpReply reply = intake_client_->Request(
        http::verb::post, "/v1/incidents", IncidentDocument(options_.host, iodef_ids),
        "application/xml",
        {{"Authorization", "Bearer " + submit_tokens_.at(tlp)}});
    if (reply.status == 201 || reply.status == 200) {
      std::vector<std::string> ids;
      const nlohmann::json answer = nlohmann::json::parse(reply.body);
      for (const auto& incident : answer["incidents"]) {
        ids.push_back(incident["id"].get<std::string>());
      }
      EXPECT_EQ(ids.size(), iodef_ids.size()) << reply.body;
      return ids;
    }
    EXPECT_EQ(reply.status, 0) << reply.body;  // only a broken connection is worth a retry
    intake_client_->Close();
  }
  ADD_FAILURE() << "could not submit " << iodef_ids.front();
  return {};
}

std::string Platform::AdminPost(const std::string& target, const nlohmann::json& body) {
  HttpsClient client(ca_file(), triage_port_);
  if (admin_cookie_.empty()) {
    const nlohmann::json login = {{"name", "admin"}, {"password", admin_password_}};
    const HttpReply reply =
        client.Request(http::verb::post, "/v1/session", login.dump(), "application/json");
    if (reply.status != 200) {
      throw std::runtime_error("admin login: " + std::to_string(reply.status) + " " + reply.body);
    }
    const std::string cookie(reply.headers[http::field::set_cookie]);
    admin_cookie_ = cookie.substr(0, cookie.find(';'));
    admin_csrf_ = nlohmann::json::parse(reply.body).at("csrf_token").get<std::string>();
  }
  const HttpReply reply =
      client.Request(http::verb::post, target, body.dump(), "application/json",
                     {{"Cookie", admin_cookie_}, {"X-CSRF-Token", admin_csrf_}});
  if (reply.status != 201) {
    throw std::runtime_error("POST " + target + ": " + std::to_string(reply.status) + " " +
                             reply.body);
  }
  return reply.body;
}

std::string Platform::AdminToken() {
  return nlohmann::json::parse(AdminPost("/v1/tokens", {{"user", "admin"}, {"label", "test"}}))
      .at("token")
      .get<std::string>();
}

std::string Platform::TriageUserToken(const std::string& name, const std::string& role) {
  AdminPost("/v1/users", {{"name", name}, {"role", role},
                          {"password", "pw-" + intake::NewTokenText(intake::SecureRandomBytes)}});
  return nlohmann::json::parse(AdminPost("/v1/tokens", {{"user", name}, {"label", "test"}}))
      .at("token")
      .get<std::string>();
}

HttpReply Platform::Triage(http::verb method, const std::string& target,
                           const nlohmann::json& body) {
  if (admin_api_token_.empty()) admin_api_token_ = AdminToken();
  return triage_client_->Request(method, target, body.is_null() ? "" : body.dump(),
                                 body.is_null() ? "" : "application/json",
                                 {{"Authorization", "Bearer " + admin_api_token_}});
}

void Platform::RegisterPartner(const Platform& other, const std::vector<std::string>& tlps,
                               bool personal_data, const std::vector<std::string>& categories) {
  const HttpReply reply =
      Triage(http::verb::post, "/v1/partners",
             {{"name", other.name()},
              {"country", "EE"},
              {"endpoint", "127.0.0.1:" + std::to_string(other.exchange_port())},
              {"spki_sha256", other.spki_pin()},
              {"agreement", "test"},
              {"allowed_tlps", tlps},
              {"allowed_categories", categories},
              {"personal_data_allowed", personal_data}});
  EXPECT_EQ(reply.status, 201) << reply.body << reply.transport_error;
}

nlohmann::json Platform::Share(const std::string& incident_id,
                               const std::vector<std::string>& partners) {
  const HttpReply reply = Triage(http::verb::post, "/v1/incidents/" + incident_id + "/share",
                                 {{"partners", partners}});
  EXPECT_EQ(reply.status, 200) << reply.body << reply.transport_error;
  return nlohmann::json::parse(reply.body, nullptr, false);
}

double Platform::ExchangeMetric(const std::string& name) {
  HttpsClient client(ca_file(), exchange_admin_port_);
  const HttpReply reply = client.Get("/metrics");
  std::istringstream lines(reply.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  }
  return -1;
}

}  // namespace ncirt::testing
