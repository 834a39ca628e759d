// DecodeJson(): RFC 8727 documents through the same stages as Decode() gives XML — parse under
// the limits, check against the data model, apply the policy, map, attach the verbatim source.
#include "iodef/json_codec.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>
#include <utility>

#include "iodef/json_data_model.hpp"
#include "iodef/json_formats.hpp"
#include "iodef/json_map.hpp"
#include "iodef/json_reader.hpp"

namespace ncirt::iodef {
namespace {

using common::ErrorKind;

// A document with more violations than this is reported with the first ones and a count line:
// the report stays bounded however hostile the document.
constexpr std::size_t kMaxListedViolations = 1000;

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
  }
  return ToHex(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

v1::ValidationIssue Issue(v1::ValidationIssue::Level level, std::string pointer,
                          std::string message, TextPosition position = {}) {
  v1::ValidationIssue issue;
  issue.set_level(level);
  issue.set_line(position.line);
  issue.set_column(position.column);
  issue.set_schema_path(std::move(pointer));
  issue.set_message(std::move(message));
  return issue;
}

// "Incident/0/purpose: <sentence>", the pointer said the way a person reads it.
std::string Located(const std::string& pointer, const std::string& sentence) {
  return (pointer.empty() ? std::string("document") : pointer.substr(1)) + ": " + sentence;
}

// "line L, column C, /pointer", the form Decode() gives `where` (codec.cpp reads it back).
std::string WhereOf(const v1::ValidationIssue& issue) {
  std::string where;
  if (issue.line() != 0) {
    where = "line " + std::to_string(issue.line()) + ", column " + std::to_string(issue.column());
  }
  if (!issue.schema_path().empty()) {
    if (!where.empty()) where += ", ";
    where += issue.schema_path();
  }
  return where;
}

Decoded Rejected(Report report, common::Error error) {
  report.accepted = false;
  Decoded decoded;
  decoded.report = std::move(report);
  decoded.error = std::move(error);
  return decoded;
}

// The pointer and its ancestors, nearest first ("/a/b" -> "/a/b", "/a", "").
std::vector<std::string> SelfAndAncestors(std::string pointer) {
  std::vector<std::string> out;
  while (true) {
    out.push_back(pointer);
    if (pointer.empty()) return out;
    pointer.resize(pointer.rfind('/'));
  }
}

// Lines and columns for every issue, found in one more pass over the text. An issue about a
// member that is absent (a required one, or the partner of an ext-* member) is placed at the
// nearest value that is there.
void Locate(std::string_view document, std::vector<v1::ValidationIssue>& issues) {
  std::vector<std::string> pointers;
  for (const v1::ValidationIssue& issue : issues) {
    for (std::string& pointer : SelfAndAncestors(issue.schema_path())) {
      pointers.push_back(std::move(pointer));
    }
  }
  const auto found = LocateJsonPointers(document, pointers);
  for (v1::ValidationIssue& issue : issues) {
    for (const std::string& pointer : SelfAndAncestors(issue.schema_path())) {
      const auto at = found.find(pointer);
      if (at == found.end()) continue;
      issue.set_line(at->second.line);
      issue.set_column(at->second.column);
      break;
    }
  }
}

// The index of the incident a pointer lies in ("/Incident/3/..." -> 3), if any.
std::optional<std::size_t> IncidentIndexOf(std::string_view pointer) {
  constexpr std::string_view kPrefix = "/Incident/";
  if (!pointer.starts_with(kPrefix)) return std::nullopt;
  pointer.remove_prefix(kPrefix.size());
  std::size_t index = 0;
  std::size_t digits = 0;
  while (digits < pointer.size() && pointer[digits] >= '0' && pointer[digits] <= '9') {
    index = index * 10 + static_cast<std::size_t>(pointer[digits] - '0');
    ++digits;
  }
  if (digits == 0 || (digits < pointer.size() && pointer[digits] != '/')) return std::nullopt;
  return index;
}

void AttachWarnings(const std::vector<v1::ValidationIssue>& warnings,
                    std::vector<v1::Incident>& incidents) {
  for (const v1::ValidationIssue& issue : warnings) {
    const std::optional<std::size_t> index = IncidentIndexOf(issue.schema_path());
    if (index && *index < incidents.size()) {
      *incidents[*index].add_warnings() = issue;
    } else {
      for (v1::Incident& incident : incidents) *incident.add_warnings() = issue;
    }
  }
}

}  // namespace

Decoded DecodeJson(std::string_view document, Policy policy, const Limits& limits) {
  Report report;
  report.format = v1::SOURCE_FORMAT_IODEF_V2_JSON;
  auto parsed = ReadJson(document, limits);
  if (!parsed) {
    report.issues.push_back(Issue(v1::ValidationIssue::LEVEL_ERROR, {},
                                  parsed.error().error.message, parsed.error().position));
    return Rejected(std::move(report), std::move(parsed.error().error));
  }
  if (!parsed->is_object() || !parsed->contains("Incident")) {
    common::Error error{ErrorKind::kInvalidDocument,
                        "not an IODEF JSON document: the root is not an object with an "
                        "\"Incident\" member (RFC 8727)",
                        "line 1, column 1"};
    report.issues.push_back(Issue(v1::ValidationIssue::LEVEL_ERROR, {}, error.message, {1, 1}));
    return Rejected(std::move(report), std::move(error));
  }

  const std::vector<cddl::Violation> violations =
      CheckIodefJson(*parsed, kMaxListedViolations + 1);
  for (std::size_t i = 0; i < violations.size() && i < kMaxListedViolations; ++i) {
    report.issues.push_back(Issue(v1::ValidationIssue::LEVEL_ERROR, violations[i].pointer,
                                  Located(violations[i].pointer, violations[i].message)));
  }
  if (violations.size() > kMaxListedViolations) {
    report.issues.push_back(Issue(v1::ValidationIssue::LEVEL_ERROR, {},
                                  "more violations of RFC 8727's data model follow; only the "
                                  "first " + std::to_string(kMaxListedViolations) +
                                      " are listed"));
  }
  if (policy == Policy::kStrict && !report.issues.empty()) {
    Locate(document, report.issues);
    const v1::ValidationIssue& first = report.issues.front();
    common::Error error{ErrorKind::kSchemaViolation, first.message(), WhereOf(first)};
    return Rejected(std::move(report), std::move(error));
  }
  // Tolerated: what strict would reject is kept, as warnings, for the analyst.
  for (v1::ValidationIssue& issue : report.issues) {
    issue.set_level(v1::ValidationIssue::LEVEL_WARNING);
  }

  common::Result<JsonMapped> mapped = MapJson(*parsed);
  if (!mapped) {
    report.issues.push_back(Issue(v1::ValidationIssue::LEVEL_ERROR, mapped.error().where,
                                  Located(mapped.error().where, mapped.error().message)));
    Locate(document, report.issues);
    common::Error error = mapped.error();
    error.message = report.issues.back().message();
    error.where = WhereOf(report.issues.back());
    return Rejected(std::move(report), std::move(error));
  }
  // Mapping findings concern an accepted document: the data stays in the verbatim source.
  for (v1::ValidationIssue& issue : mapped->issues) {
    issue.set_message(Located(issue.schema_path(), issue.message()));
    report.issues.push_back(std::move(issue));
  }
  Locate(document, report.issues);

  Decoded decoded;
  decoded.incidents = std::move(mapped->incidents);
  AttachWarnings(report.issues, decoded.incidents);
  const std::string sha256 = Sha256Hex(document);
  for (std::size_t i = 0; i < decoded.incidents.size(); ++i) {
    v1::SourceDocument& source = *decoded.incidents[i].mutable_source();
    source.set_format(v1::SOURCE_FORMAT_IODEF_V2_JSON);
    source.set_content(std::string(document));
    source.set_sha256(sha256);
    source.set_incident_index(static_cast<std::uint32_t>(i));
  }
  report.accepted = true;
  decoded.report = std::move(report);
  return decoded;
}

}  // namespace ncirt::iodef
