#include "intake/submission.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <openssl/evp.h>

#include "iodef/marking.hpp"
#include "iodef/normalize.hpp"

namespace ncirt::intake {
namespace {

// Incremental SHA-256 (hex) over several pieces.
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("OpenSSL SHA-256 initialisation failed");
    }
  }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes) {
    if (EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) != 1) {
      throw std::runtime_error("OpenSSL SHA-256 update failed");
    }
  }
  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx_, digest, &length) != 1) {
      throw std::runtime_error("OpenSSL SHA-256 finalisation failed");
    }
    return Hex(std::span<const std::uint8_t>(digest, length));
  }

 private:
  EVP_MD_CTX* ctx_;
};

std::string DeterministicBytes(const v1::Incident& incident) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    if (!incident.SerializeToCodedStream(&coded)) {
      throw std::runtime_error("an incident could not be serialised for its fingerprint");
    }
  }
  return bytes;
}

}  // namespace

common::Result<void> ValidateIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 255) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        "the Idempotency-Key header must be 1 to 255 characters long, not " +
                            std::to_string(key.size()));
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7E) {
      return common::Fail(common::ErrorKind::kBadRequest,
                          "the Idempotency-Key header may hold only printable ASCII characters "
                          "without spaces (a UUID is a good choice)");
    }
  }
  return {};
}

std::string RequestFingerprint(std::string_view media_type, std::string_view body) {
  Sha256 sha;
  sha.Update(media_type);
  // A separator that cannot occur in a media type, so ("a", "bc") and ("ab", "c") differ.
  sha.Update(std::string_view("\n", 1));
  sha.Update(body);
  return sha.HexDigest();
}

std::string ContentFingerprint(const v1::Incident& incident) {
  v1::Incident content = incident;
  content.clear_id();
  content.clear_tlp();
  content.clear_normalized_indicators();
  content.clear_warnings();
  content.clear_source();
  Sha256 sha;
  sha.Update(DeterministicBytes(content));
  return sha.HexDigest();
}

common::Result<Submission> PrepareSubmission(std::vector<v1::Incident> incidents,
                                             const Principal& principal,
                                             std::string media_type, std::string_view document,
                                             std::optional<std::string> idempotency_key) {
  if (incidents.empty()) {
    return common::Fail(common::ErrorKind::kUnmappable, "the document holds no Incident");
  }
  Submission submission;
  submission.submitter = principal.submitter;
  submission.document = document;
  submission.format = incidents.front().source().format();
  submission.document_sha256 = incidents.front().source().sha256();
  if (submission.document_sha256.empty()) {
    Sha256 sha;
    sha.Update(document);
    submission.document_sha256 = sha.HexDigest();
  }
  if (idempotency_key) {
    submission.idempotency =
        IdempotencyKey{std::move(*idempotency_key), RequestFingerprint(media_type, document)};
  }
  submission.media_type = std::move(media_type);
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    v1::Incident& incident = incidents[i];
    if (incident.incident_id().id().empty() || incident.incident_id().name().empty()) {
      return common::Fail(common::ErrorKind::kUnmappable,
                          "Incident " + std::to_string(i + 1) +
                              " has no IncidentID with a name; intake identifies incidents by "
                              "IncidentID and the issuing CSIRT's name");
    }
    incident.clear_id();
    incident.set_tlp(iodef::TlpFromRestriction(incident.restriction(), principal.default_tlp));
    iodef::FillNormalizedIndicators(incident);
    incident.mutable_source()->clear_content();
    incident.mutable_source()->set_incident_index(static_cast<std::uint32_t>(i));
    PreparedIncident prepared;
    prepared.fingerprint = ContentFingerprint(incident);
    prepared.index = static_cast<std::uint32_t>(i);
    prepared.incident = std::move(incident);
    submission.incidents.push_back(std::move(prepared));
  }
  return submission;
}

common::Result<Decision> Decide(const std::optional<ExistingIncident>& existing,
                                const PreparedIncident& incoming, std::string_view submitter) {
  if (!existing) return Decision{Outcome::kCreated, 1};
  if (existing->submitter != submitter) {
    const auto& id = incoming.incident.incident_id();
    return common::Fail(common::ErrorKind::kConflict,
                        "incident " + id.id() + "@" + id.name() +
                            " was filed by another submitter; only that submitter may send "
                            "new versions of it (ask the CIRT to correct it, or use your own "
                            "IncidentID)");
  }
  if (existing->fingerprint == incoming.fingerprint) {
    return Decision{Outcome::kDuplicate, existing->version};
  }
  if (existing->replaced_version_with_same_content) {
    return Decision{Outcome::kDuplicate, *existing->replaced_version_with_same_content};
  }
  return Decision{Outcome::kUpdated, existing->version + 1};
}

std::vector<std::size_t> LockOrder(const Submission& submission) {
  std::vector<std::size_t> order(submission.incidents.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto key = [&](std::size_t i) {
    const auto& p = submission.incidents[i];
    return std::tie(p.incident.incident_id().name(), p.incident.incident_id().id(), p.index);
  };
  std::ranges::sort(order, [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  return order;
}

std::string_view FormatName(v1::SourceFormat format) {
  switch (format) {
    case v1::SOURCE_FORMAT_IODEF_V2_XML: return "iodef-v2-xml";
    case v1::SOURCE_FORMAT_IODEF_V1_XML: return "iodef-v1-xml";
    case v1::SOURCE_FORMAT_IODEF_V2_JSON: return "iodef-v2-json";
    default: return "";
  }
}

}  // namespace ncirt::intake
