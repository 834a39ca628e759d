#pragma once
// The fixture of intake's integration tests: a fresh database cloned from the migrated template
// (PgCluster), a throwaway PKI, the intake App listening on a loopback port, API tokens made
// through the real token store, HTTPS clients, and direct SQL to check what was stored.
//
// Documents come from the IODEF standards corpus (../shared/iodef/docs); WithIncidentId() makes
// many distinct incidents out of one real document.
//
// Thread-safety: the fixture is driven by the test's thread; Client() objects are per thread,
// and Query() may be called from any thread (one connection per call).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "intake/app.hpp"
#include "intake/intake_config.hpp"
#include "intake/token.hpp"
#include "support/https_client.hpp"
#include "support/pki.hpp"

namespace ncirt::intake::testing {

// The corpus document at docs/<relative>.
std::string CorpusDocument(const std::string& relative);

// `document` with the first occurrence of `old_id` replaced by `new_id`.
std::string WithIncidentId(std::string document, const std::string& old_id,
                           const std::string& new_id);

// rfc8274-draft-ddos.xml (a realistic report: addresses, a network, URLs, an IPv6 source)
// with IncidentID `id`.
std::string DdosReport(const std::string& id);

class IntakeFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The configuration the App is started with; tests may change it before StartApp().
  IntakeConfig BaseConfig();
  // Starts (or restarts) the App with `config`.
  void StartApp(const IntakeConfig& config);
  void StopApp();

  // A token for `submitter`, created through the real token store.
  std::string Token(const std::string& submitter, const std::string& scopes,
                    iodef::Policy policy = iodef::Policy::kTolerant,
                    v1::Tlp tlp = v1::TLP_AMBER);

  std::unique_ptr<ncirt::testing::HttpsClient> Client();

  // POSTs a document with a token; extra headers optional.
  ncirt::testing::HttpReply Submit(ncirt::testing::HttpsClient& client, const std::string& token,
                                   const std::string& body,
                                   const std::string& content_type = "application/xml",
                                   std::vector<std::pair<std::string, std::string>> headers = {});

  // Runs a query and returns the first column of the first row as text ("" for NULL or none).
  std::string QueryValue(const std::string& sql);
  long long Count(const std::string& sql) { return std::stoll(QueryValue(sql)); }

  std::string dsn_;
  ncirt::testing::Pki pki_;
  ncirt::testing::CertFiles cert_ = pki_.Issue("localhost");
  std::unique_ptr<App> app_;
  unsigned short port_ = 0;
};

// The JSON body of a reply (fails the test on a parse error).
nlohmann::json BodyJson(const ncirt::testing::HttpReply& reply);

}  // namespace ncirt::intake::testing
