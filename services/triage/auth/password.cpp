#include "triage/auth/password.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include <argon2.h>
#include <openssl/rand.h>

namespace ncirt::triage::auth {
namespace {

constexpr std::uint32_t kSaltBytes = 16;
constexpr std::uint32_t kHashBytes = 32;

}  // namespace

common::Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost) {
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "a password must have " + std::to_string(kMinPasswordLength) + " to " +
                            std::to_string(kMaxPasswordLength) + " characters",
                        "password");
  }
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error("OpenSSL's random generator failed");
  }
  std::string encoded(argon2_encodedlen(cost.passes, cost.memory_kib, cost.lanes, kSaltBytes,
                                        kHashBytes, Argon2_id),
                      '\0');
  const int rc = argon2id_hash_encoded(cost.passes, cost.memory_kib, cost.lanes, password.data(),
                                       password.size(), salt.data(), salt.size(), kHashBytes,
                                       encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    // Only a bad cost (a configuration error) or memory exhaustion get here.
    throw std::runtime_error(std::string("argon2id: ") + argon2_error_message(rc));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  if (password.size() > kMaxPasswordLength || !encoded.starts_with("$argon2id$")) return false;
  const std::string terminated(encoded);
  return argon2id_verify(terminated.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace ncirt::triage::auth
