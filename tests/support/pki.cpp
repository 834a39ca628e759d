#include "support/pki.hpp"

#include <cstdio>
#include <memory>
#include <stdexcept>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "common/net/tls_context.hpp"

namespace ncirt::testing {
namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

KeyPtr NewKey() {
  return KeyPtr(EVP_EC_gen("P-256"), &EVP_PKEY_free);
}

KeyPtr ReadKey(const std::filesystem::path& path) {
  std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  Check(f != nullptr, "open key");
  return KeyPtr(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
}

CertPtr ReadCert(const std::filesystem::path& path) {
  std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  Check(f != nullptr, "open certificate");
  return CertPtr(PEM_read_X509(f.get(), nullptr, nullptr, nullptr), &X509_free);
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  Check(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

CertPtr MakeCert(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuer_key,
                 int serial, std::chrono::seconds not_before, std::chrono::seconds not_after) {
  CertPtr cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(not_before.count()));
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(not_after.count()));
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (issuer == nullptr) {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    const std::string san = "DNS:" + cn + ",DNS:localhost,IP:127.0.0.1,IP:::1";
    AddExtension(cert.get(), signer, NID_subject_alt_name, san.c_str());
    AddExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth,clientAuth");
  }
  Check(X509_sign(cert.get(), issuer_key, EVP_sha256()) > 0, "sign");
  return cert;
}

void WritePem(const std::filesystem::path& path, X509* cert) {
  std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  Check(f && PEM_write_X509(f.get(), cert) == 1, "write certificate");
}

void WritePem(const std::filesystem::path& path, EVP_PKEY* key) {
  std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  Check(f && PEM_write_PrivateKey(f.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "write key");
}

std::string PinOf(X509* cert) { return common::net::SpkiSha256Base64(cert); }

}  // namespace

Pki::Pki(const std::string& ca_name) {
  char tmpl[] = "/tmp/ncirt-pki-XXXXXX";
  Check(mkdtemp(tmpl) != nullptr, "mkdtemp");
  dir_ = tmpl;
  auto key = NewKey();
  auto cert = MakeCert(key.get(), ca_name, nullptr, key.get(), serial_++,
                       std::chrono::hours(-1), std::chrono::hours(24 * 365));
  ca_ = {dir_ / "ca.pem", dir_ / "ca.key", PinOf(cert.get())};
  WritePem(ca_.certificate, cert.get());
  WritePem(ca_.private_key, key.get());
}

Pki::~Pki() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

CertFiles Pki::Issue(const std::string& common_name, std::chrono::seconds not_before,
                     std::chrono::seconds not_after) {
  auto key = NewKey();
  auto ca_key = ReadKey(ca_.private_key);
  auto ca_cert = ReadCert(ca_.certificate);
  const int serial = serial_++;
  auto cert = MakeCert(key.get(), common_name, ca_cert.get(), ca_key.get(), serial, not_before,
                       not_after);
  const auto stem = common_name + "-" + std::to_string(serial);
  CertFiles files{dir_ / (stem + ".pem"), dir_ / (stem + ".key"), PinOf(cert.get())};
  WritePem(files.certificate, cert.get());
  WritePem(files.private_key, key.get());
  return files;
}

CertFiles Pki::Renew(const CertFiles& existing, const std::string& common_name) {
  auto key = ReadKey(existing.private_key);
  auto ca_key = ReadKey(ca_.private_key);
  auto ca_cert = ReadCert(ca_.certificate);
  const int serial = serial_++;
  auto cert = MakeCert(key.get(), common_name, ca_cert.get(), ca_key.get(), serial,
                       std::chrono::hours(-1), std::chrono::hours(48));
  CertFiles files{dir_ / (common_name + "-renewed-" + std::to_string(serial) + ".pem"),
                  existing.private_key, PinOf(cert.get())};
  WritePem(files.certificate, cert.get());
  return files;
}

}  // namespace ncirt::testing
