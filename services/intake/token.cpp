#include "intake/token.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace ncirt::intake {
namespace {

constexpr std::string_view kPrefix = "ncirt_";
constexpr std::size_t kTokenBytes = 32;
// ceil(32 * 8 / 6) characters of unpadded base64url.
constexpr std::size_t kEncodedLength = 43;
constexpr char kBase64Url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64Url(std::span<const std::uint8_t> bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64Url[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kBase64Url[(buffer << (6 - bits)) & 0x3F];
  return out;
}

bool IsBase64UrlChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

}  // namespace

Scopes::Scopes(std::initializer_list<Scope> scopes) {
  for (Scope s : scopes) Add(s);
}

std::vector<std::string> Scopes::Names() const {
  std::vector<std::string> names;
  for (Scope s : {Scope::kSubmit, Scope::kRead, Scope::kAdmin}) {
    if (Has(s)) names.emplace_back(ScopeName(s));
  }
  return names;
}

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kSubmit: return "submit";
    case Scope::kRead: return "read";
    case Scope::kAdmin: return "admin";
  }
  return "";
}

common::Result<Scopes> ParseScopes(std::string_view text) {
  Scopes scopes;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find_first_of(", ", pos), text.size());
    const std::string_view word = text.substr(pos, end - pos);
    if (!word.empty()) {
      bool known = false;
      for (Scope s : {Scope::kSubmit, Scope::kRead, Scope::kAdmin}) {
        if (word == ScopeName(s)) {
          scopes.Add(s);
          known = true;
        }
      }
      if (!known) {
        return common::Fail(common::ErrorKind::kBadRequest,
                            "unknown scope '" + std::string(word) +
                                "': the scopes are submit, read and admin");
      }
    }
    pos = end + 1;
  }
  if (scopes.empty()) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "no scope given: name one or more of submit, read and admin");
  }
  return scopes;
}

std::string NewTokenText(const RandomBytes& random_bytes) {
  std::array<std::uint8_t, kTokenBytes> bytes{};
  random_bytes(bytes);
  return std::string(kPrefix) + Base64Url(bytes);
}

void SecureRandomBytes(std::span<std::uint8_t> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    throw std::runtime_error("OpenSSL's random generator failed (RAND_bytes)");
  }
}

TokenDigest DigestOf(std::string_view token_text) {
  TokenDigest digest{};
  unsigned int length = 0;
  if (EVP_Digest(token_text.data(), token_text.size(), digest.data(), &length, EVP_sha256(),
                 nullptr) != 1 ||
      length != digest.size()) {
    throw std::runtime_error("OpenSSL SHA-256 failed");
  }
  return digest;
}

bool LooksLikeToken(std::string_view token_text) {
  return token_text.size() == kPrefix.size() + kEncodedLength && token_text.starts_with(kPrefix) &&
         std::ranges::all_of(token_text.substr(kPrefix.size()), IsBase64UrlChar);
}

common::Result<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.empty()) {
    return common::Fail(common::ErrorKind::kUnauthenticated,
                        "this endpoint needs an API token: send 'Authorization: Bearer <token>'");
  }
  const bool scheme_matches =
      authorization.size() > kScheme.size() &&
      std::equal(kScheme.begin(), kScheme.end(), authorization.begin(), [](char a, char b) {
        return a == std::tolower(static_cast<unsigned char>(b));
      }) &&
      authorization[kScheme.size()] == ' ';
  if (!scheme_matches) {
    return common::Fail(common::ErrorKind::kUnauthenticated,
                        "the Authorization header must use the Bearer scheme: "
                        "'Authorization: Bearer <token>'");
  }
  std::string_view token = authorization.substr(kScheme.size() + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) {
    return common::Fail(common::ErrorKind::kUnauthenticated,
                        "the Authorization header carries no token after 'Bearer'");
  }
  return token;
}

std::string Hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

}  // namespace ncirt::intake
