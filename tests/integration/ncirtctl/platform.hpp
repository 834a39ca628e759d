#pragma once
// A whole local ncirt for client tests (ncirtctl here, the console in tests/browser): a fresh
// migrated database in the test cluster, a throwaway PKI, ncirt-intake and ncirt-triage started
// as real processes on free loopback ports, the bootstrap admin, and tokens made the way an
// operator makes them (intake's token store; triage's POST /v1/tokens as the admin).
//
// Thread-safety: one controlling thread.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "support/pki.hpp"
#include "support/service_process.hpp"

namespace ncirt::testing {

struct PlatformOptions {
  std::filesystem::path intake_binary;
  std::filesystem::path triage_binary;
  // NCIRT_TRIAGE_SESSION_TTL of the main triage.
  std::string session_ttl = "8h";
};

class Platform {
 public:
  // Starts everything; throws std::runtime_error with the service log when something does not
  // come up.
  explicit Platform(PlatformOptions options);
  ~Platform();

  // Another triage on the same database (e.g. with a short session TTL); returns its URL.
  std::string StartExtraTriage(const std::string& session_ttl);

  // An intake token for submitter `submitter` with scopes "submit,read".
  std::string IntakeToken(const std::string& submitter);
  // Creates a triage user (as the admin, through the API) and returns an API token for it.
  std::string TriageUserToken(const std::string& name, const std::string& role);
  // An API token of the bootstrap admin.
  std::string AdminToken();

  std::string triage_url() const { return "https://127.0.0.1:" + std::to_string(triage_port_); }
  std::string intake_url() const { return "https://127.0.0.1:" + std::to_string(intake_port_); }
  unsigned short triage_port() const { return triage_port_; }
  std::string ca_file() const { return pki_.CaFile().string(); }
  const std::string& spki_pin() const { return cert_.spki_pin; }
  const std::string& admin_password() const { return admin_password_; }
  const std::string& dsn() const { return dsn_; }

 private:
  std::unique_ptr<ServiceProcess> StartTriage(unsigned short port, const std::string& ttl,
                                              const std::string& log_name);
  // POST with the admin's session (log in once, keep cookie and CSRF token); returns the body.
  std::string AdminPost(const std::string& target, const std::string& json_body);

  PlatformOptions options_;
  Pki pki_;
  CertFiles cert_;
  std::string dsn_;
  std::filesystem::path dir_;
  std::string admin_password_;
  unsigned short intake_port_ = 0;
  unsigned short triage_port_ = 0;
  std::unique_ptr<ServiceProcess> intake_;
  std::unique_ptr<ServiceProcess> triage_;
  std::vector<std::unique_ptr<ServiceProcess>> extra_;
  std::string admin_cookie_;
  std::string admin_csrf_;
};

}  // namespace ncirt::testing
