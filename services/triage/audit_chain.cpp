#include "triage/audit_chain.hpp"

#include <stdexcept>
#include <string_view>

#include <openssl/evp.h>

namespace ncirt::triage {
namespace {

void AppendField(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

std::string RowName(std::int64_t seq) { return "audit.log row " + std::to_string(seq); }

}  // namespace

Sha256 GenesisHash() { return Sha256{}; }

std::string CanonicalContent(const AuditEntry& entry) {
  std::string out;
  out.reserve(64 + entry.actor.size() + entry.origin.size() + entry.action.size() +
              entry.subject.size() + entry.detail.size());
  AppendField(out, "ncirt-audit-v1");
  AppendField(out, std::to_string(entry.seq));
  AppendField(out, std::to_string(entry.at_us));
  AppendField(out, entry.actor);
  AppendField(out, entry.origin);
  AppendField(out, entry.action);
  AppendField(out, entry.subject);
  AppendField(out, entry.detail);
  return out;
}

Sha256 ChainHash(const Sha256& prev_hash, const AuditEntry& entry) {
  const std::string content = CanonicalContent(entry);
  Sha256 out{};
  unsigned int length = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  // Allocation failure or a missing SHA-256 means the process cannot work at all.
  if (ctx == nullptr || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, prev_hash.data(), prev_hash.size()) != 1 ||
      EVP_DigestUpdate(ctx, content.data(), content.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, out.data(), &length) != 1 || length != out.size()) {
    EVP_MD_CTX_free(ctx);
    throw std::runtime_error("SHA-256 unavailable from OpenSSL");
  }
  EVP_MD_CTX_free(ctx);
  return out;
}

std::string ToHex(const Sha256& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (std::uint8_t byte : hash) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0x0f];
  }
  return out;
}

common::Result<void> ChainVerifier::Feed(const AuditRow& row) {
  const std::int64_t expected_seq = summary_.last_seq + 1;
  const std::int64_t seq = row.entry.seq;
  if (seq != expected_seq) {
    return common::Fail(common::ErrorKind::kConflict,
                        RowName(seq) + ": expected row " + std::to_string(expected_seq) +
                            " next but found row " + std::to_string(seq) +
                            (seq > expected_seq ? " (rows are missing)" : " (rows out of order)"),
                        RowName(seq));
  }
  if (row.prev_hash != summary_.last_hash) {
    return common::Fail(common::ErrorKind::kConflict,
                        RowName(seq) + ": prev_hash " + ToHex(row.prev_hash) + " is not " +
                            (seq == 1 ? std::string("the genesis hash")
                                      : "row " + std::to_string(seq - 1) + "'s hash " +
                                            ToHex(summary_.last_hash)) +
                            " (a row before it was removed, replaced or re-hashed)",
                        RowName(seq));
  }
  if (ChainHash(row.prev_hash, row.entry) != row.hash) {
    return common::Fail(common::ErrorKind::kConflict,
                        RowName(seq) +
                            ": stored hash does not match the row's content (the row was "
                            "changed after it was written)",
                        RowName(seq));
  }
  summary_.rows += 1;
  summary_.last_seq = seq;
  summary_.last_hash = row.hash;
  return {};
}

}  // namespace ncirt::triage
