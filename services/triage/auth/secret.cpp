#include "triage/auth/secret.hpp"

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace ncirt::triage::auth {

std::string NewSecret() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::array<unsigned char, 33> bytes{};  // 264 bits: 44 whole base64 digits, 256 used
  if (RAND_bytes(bytes.data(), 32) != 1) {
    throw std::runtime_error("OpenSSL's random generator failed");
  }
  std::string out;
  out.reserve(43);
  for (std::size_t i = 0; i < 33; i += 3) {
    const std::uint32_t n = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) |
                            bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(n >> shift) & 0x3f];
  }
  out.resize(43);
  return out;
}

SecretDigest DigestOf(std::string_view secret) {
  SecretDigest digest{};
  unsigned int length = 0;
  if (EVP_Digest(secret.data(), secret.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
          1 ||
      length != digest.size()) {
    throw std::runtime_error("SHA-256 unavailable from OpenSSL");
  }
  return digest;
}

bool SameDigest(const SecretDigest& a, const SecretDigest& b) {
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ncirt::triage::auth
