#pragma once
// One ncirt platform (one CIRT) for tests that run the real programs: its own migrated database
// in a PostgreSQL cluster, a certificate from a test PKI, and ncirt-intake, ncirt-triage and
// (when its binary is given) ncirt-exchange as child processes on free loopback ports. The
// integration tests of ncirtctl, the console in Chromium, the crash harness, the exchange flood
// test and the two-CIRT end-to-end tests all launch platforms through this one class.
//
// What it sets up, the way an operator would:
//   - triage's bootstrap admin "admin" with a random password (NCIRT_TRIAGE_BOOTSTRAP_*);
//     AdminToken() logs in and makes an API token through POST /v1/tokens;
//   - intake submitter tokens written through intake's token store (`ncirt-intake token create`
//     does the same), on demand;
//   - partners registered and incidents shared through triage's API.
// Each service runs with the environment in platform.cpp (small pools, short outbox and
// exchange intervals, so tests are quick) plus the caller's overrides; a value "" in an override
// removes that variable.
//
// Services are stopped in the destructor (exchange first: it writes into other platforms).
// Files (logs, the admin password) live in a folder of the PKI, removed with it.
//
// Thread-safety: one controlling thread starts, stops and kills services. Count(), WaitFor()
// and the accessors may be called from any thread; the HTTPS helpers (Submit, Triage, Share, ...)
// from the controlling thread only.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "intake/token.hpp"
#include "iodef/codec.hpp"
#include "ncirt/v1/marking.pb.h"
#include "support/https_client.hpp"
#include "support/pki.hpp"
#include "support/service_process.hpp"

namespace ncirt::testing {

class PgCluster;

enum class Service { kIntake, kTriage, kExchange };
const char* ServiceName(Service service);

// The programs are the ones this build made (ncirt_test_platform depends on them).
struct PlatformOptions {
  // Whether the platform runs ncirt-exchange (StartAll() starts intake and triage, and then
  // exchange when this is true).
  bool exchange = false;
  // The CIRT's name (exchange Hello, partner registry) and its certificate's host name.
  std::string name = "CERT-A";
  std::string host = "localhost";
  // Platforms that exchange incidents must share one PKI; null: the platform makes its own.
  Pki* pki = nullptr;
  // Null: PgCluster::Shared(). A test that kills PostgreSQL passes a cluster of its own.
  PgCluster* cluster = nullptr;
  // Added to (or, when "", removed from) each service's environment.
  std::map<std::string, std::string> intake_env;
  std::map<std::string, std::string> triage_env;
  std::map<std::string, std::string> exchange_env;
};

// An IODEF v2 document of one incident per IncidentID (issued by `issuer`), each with a person
// contact `<iodef_id>@people.example` and nothing that strict validation refuses: what Submit()
// sends, for tests that submit with their own client.
std::string IncidentDocument(const std::string& issuer, const std::vector<std::string>& iodef_ids);

class Platform {
 public:
  // Creates the database and the files; starts nothing.
  explicit Platform(PlatformOptions options);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  // Starts every service the options name and waits until each is ready. Throws
  // std::runtime_error with the service's log when one does not come up in 30 s.
  void StartAll();
  // Starts one service (again, after Kill or Stop) and waits until it is ready; throws like
  // StartAll().
  void Start(Service service);
  // Polls the service's /readyz; false when it is not ready within `timeout`.
  bool WaitReady(Service service, std::chrono::milliseconds timeout);
  // SIGKILL (a crash at an arbitrary instant).
  void Kill(Service service);
  // SIGTERM and wait; the exit status (see ServiceProcess::Terminate).
  int Stop(Service service, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Another triage on the same database with `session_ttl`; returns its URL.
  std::string StartExtraTriage(const std::string& session_ttl);

  // --- intake ---
  // A new submitter token (the token text).
  std::string IntakeToken(const std::string& submitter,
                          intake::Scopes scopes = {intake::Scope::kSubmit, intake::Scope::kRead},
                          iodef::Policy policy = iodef::Policy::kTolerant,
                          v1::Tlp default_tlp = v1::TLP_AMBER);
  // Submits one IODEF v2 incident with IncidentID `iodef_id`, marked `tlp` (by the submitting
  // token: one strict token per level), with a person contact `<iodef_id>@people.example`.
  // Returns ncirt's incident id ("" and a test failure when intake does not take it).
  std::string Submit(const std::string& iodef_id, v1::Tlp tlp);
  // `n` such incidents ("<prefix><i>"), 100 per document; their ids in order.
  std::vector<std::string> SubmitMany(const std::string& prefix, int n, v1::Tlp tlp);

  // --- triage ---
  // A new API token of the bootstrap admin (logs in once, then POST /v1/tokens).
  std::string AdminToken();
  // Creates a triage user with `role` (as the admin) and returns an API token for it.
  std::string TriageUserToken(const std::string& name, const std::string& role);
  // A request to triage's API as the admin; the body is JSON.
  HttpReply Triage(boost::beast::http::verb method, const std::string& target,
                   const nlohmann::json& body = nullptr);
  // Registers `other` as a partner (201 expected, else a test failure).
  void RegisterPartner(const Platform& other, const std::vector<std::string>& tlps,
                       bool personal_data, const std::vector<std::string>& categories = {"*"});
  // Shares `incident_id` with the named partners (200 expected); the answer.
  nlohmann::json Share(const std::string& incident_id, const std::vector<std::string>& partners);

  // --- observation ---
  // One number from this platform's database (a fresh connection each call).
  long long Count(const std::string& sql) const;
  // Polls `condition` every 50 ms until it holds or `timeout` passes.
  static bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout);
  // One metric's value from the exchange's /metrics (-1 when absent).
  double ExchangeMetric(const std::string& name);
  // Everything the services wrote so far, each under a header line.
  std::string Logs() const;
  ServiceProcess& process(Service service);

  const std::string& name() const { return options_.name; }
  const std::string& dsn() const { return dsn_; }
  const CertFiles& cert() const { return cert_; }
  const std::string& spki_pin() const { return cert_.spki_pin; }
  std::string ca_file() const { return pki_.CaFile().string(); }
  const std::string& admin_password() const { return admin_password_; }
  unsigned short intake_port() const { return intake_port_; }
  unsigned short triage_port() const { return triage_port_; }
  // The partner-facing port; the admin port serves /readyz and /metrics.
  unsigned short exchange_port() const { return exchange_port_; }
  unsigned short exchange_admin_port() const { return exchange_admin_port_; }
  std::string intake_url() const { return "https://127.0.0.1:" + std::to_string(intake_port_); }
  std::string triage_url() const { return "https://127.0.0.1:" + std::to_string(triage_port_); }

 private:
  std::unique_ptr<ServiceProcess> Make(Service service, unsigned short port,
                                       const std::string& log_name,
                                       std::map<std::string, std::string> overrides) const;
  std::unique_ptr<ServiceProcess>& Slot(Service service);
  unsigned short ReadyPort(Service service) const;
  std::vector<std::string> SubmitDocument(const std::vector<std::string>& iodef_ids,
                                          v1::Tlp tlp);
  // POST as the admin's console session (logs in on first use); the body of the 201 answer.
  std::string AdminPost(const std::string& target, const nlohmann::json& body);

  PlatformOptions options_;
  std::unique_ptr<Pki> own_pki_;
  Pki& pki_;
  CertFiles cert_;
  std::string dsn_;
  std::filesystem::path dir_;
  std::string admin_password_;
  unsigned short intake_port_ = 0;
  unsigned short triage_port_ = 0;
  unsigned short exchange_port_ = 0;
  unsigned short exchange_admin_port_ = 0;
  std::unique_ptr<ServiceProcess> intake_;
  std::unique_ptr<ServiceProcess> triage_;
  std::unique_ptr<ServiceProcess> exchange_;
  std::vector<std::unique_ptr<ServiceProcess>> extra_;
  std::map<v1::Tlp, std::string> submit_tokens_;
  std::string admin_cookie_;
  std::string admin_csrf_;
  std::string admin_api_token_;
  std::unique_ptr<HttpsClient> intake_client_;
  std::unique_ptr<HttpsClient> triage_client_;
};

}  // namespace ncirt::testing
