#pragma once
// A throwaway PKI for tests: a CA and certificates it signs, written as PEM files into a temp
// folder that is removed with the object. Certificates can be made expired, or signed by a
// different CA, to test that peers are refused.
//
// Keys are EC P-256 (fast to generate). Thread-safety: not thread-safe; build in set-up.

#include <chrono>
#include <filesystem>
#include <string>

namespace ncirt::testing {

struct CertFiles {
  std::filesystem::path certificate;
  std::filesystem::path private_key;
  // Base64 SHA-256 of the SubjectPublicKeyInfo (see common/net/tls_context.hpp).
  std::string spki_pin;
};

class Pki {
 public:
  // Creates a temp folder and a CA named `ca_name` in it.
  explicit Pki(const std::string& ca_name = "ncirt test CA");
  ~Pki();
  Pki(const Pki&) = delete;
  Pki& operator=(const Pki&) = delete;

  const std::filesystem::path& CaFile() const { return ca_.certificate; }
  const std::filesystem::path& Dir() const { return dir_; }

  // A certificate for `common_name` (also its DNS subjectAltName, plus 127.0.0.1 and ::1)
  // signed by this CA, valid from `not_before` to `not_after` relative to now.
  CertFiles Issue(const std::string& common_name,
                  std::chrono::seconds not_before = std::chrono::hours(-1),
                  std::chrono::seconds not_after = std::chrono::hours(24));

  // A new certificate for the same key as `existing` (a renewal that keeps the pin).
  CertFiles Renew(const CertFiles& existing, const std::string& common_name);

 private:
  std::filesystem::path dir_;
  CertFiles ca_;
  int serial_ = 1;
};

}  // namespace ncirt::testing
