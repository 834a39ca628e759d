#pragma once
// One complete ncirt platform for end-to-end tests: its own PostgreSQL database (migrated),
// and ncirt-intake, ncirt-triage and ncirt-exchange running as real child processes on
// loopback with certificates from a shared test PKI. Incidents enter through intake's HTTPS
// API (one submitter token per TLP level, so the marking is chosen by the token), partners are
// registered and incidents shared through triage's API with an admin token, and the exchange
// programs carry them between platforms.
//
// Thread-safety: one test thread drives a platform.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "ncirt/v1/marking.pb.h"
#include "support/https_client.hpp"
#include "support/pki.hpp"
#include "support/service_process.hpp"

namespace ncirt::e2e {

class Platform {
 public:
  // `name` is the CIRT's name ("CERT-A"); `host` names its certificate ("cert-a.example").
  Platform(std::string name, std::string host, testing::Pki& pki);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  // Starts intake, triage and exchange and waits until each answers /readyz.
  void StartAll();
  void StartExchange();
  // SIGTERM and wait (a graceful stop).
  void StopExchange();
  // SIGKILL (a crash at an arbitrary instant).
  void KillExchange();

  // Submits one IODEF v2 incident with IncidentID `iodef_id`, marked `tlp` (by the submitter's
  // token), with a person contact whose e-mail address is `<iodef_id>@people.example`.
  // Returns ncirt's incident id.
  std::string Submit(const std::string& iodef_id, v1::Tlp tlp);
  // `n` such incidents ("<prefix><i>"), 100 per document; returns their ids in order.
  std::vector<std::string> SubmitMany(const std::string& prefix, int n, v1::Tlp tlp);

  // A request to triage's API with the admin's token; the body is JSON.
  testing::HttpReply Triage(boost::beast::http::verb method, const std::string& target,
                            const nlohmann::json& body = nullptr);

  // Registers `other` as a partner through triage's API (201 expected).
  void RegisterPartner(const Platform& other, const std::vector<std::string>& tlps,
                       bool personal_data, const std::vector<std::string>& categories = {"*"});

  // Shares `incident_id` with the named partners (200 expected); returns the answer.
  nlohmann::json Share(const std::string& incident_id, const std::vector<std::string>& partners);

  // One number from this platform's database.
  long long Count(const std::string& sql) const;
  // Polls `condition` every 50 ms until it holds or `timeout` passes.
  static bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout);
  // One metric's value from the exchange's /metrics (-1 when absent).
  double ExchangeMetric(const std::string& name);

  const std::string& name() const { return name_; }
  const std::string& dsn() const { return dsn_; }
  const testing::CertFiles& cert() const { return cert_; }
  unsigned short exchange_port() const { return exchange_port_; }
  std::string Logs() const;

 private:
  std::vector<std::string> SubmitDocument(const std::vector<std::string>& iodef_ids,
                                          v1::Tlp tlp);
  std::unique_ptr<testing::ServiceProcess> Spawn(const std::string& binary,
                                                 std::map<std::string, std::string> env,
                                                 const std::string& log_name);

  std::string name_;
  std::string host_;
  testing::Pki& pki_;
  testing::CertFiles cert_;
  std::string dsn_;
  std::filesystem::path dir_;
  unsigned short intake_port_ = 0;
  unsigned short triage_port_ = 0;
  unsigned short exchange_port_ = 0;
  unsigned short exchange_admin_port_ = 0;
  std::map<v1::Tlp, std::string> intake_tokens_;
  std::string triage_token_;
  std::unique_ptr<testing::ServiceProcess> intake_;
  std::unique_ptr<testing::ServiceProcess> triage_;
  std::unique_ptr<testing::ServiceProcess> exchange_;
  std::unique_ptr<testing::HttpsClient> intake_client_;
  std::unique_ptr<testing::HttpsClient> triage_client_;
};

}  // namespace ncirt::e2e
