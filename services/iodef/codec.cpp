// Decode(): the codec's front door. RenderXml()/RenderJson() live in render_xml*.cpp and
// json_*.cpp; ParsePolicy() in policy.cpp.
#include "iodef/codec.hpp"

#include <libxml/tree.h>
#include <openssl/evp.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "iodef/json_codec.hpp"
#include "iodef/map_xml.hpp"
#include "iodef/normalize.hpp"
#include "iodef/schema_validator.hpp"
#include "iodef/xml_parser.hpp"

namespace ncirt::iodef {
namespace {

using common::ErrorKind;

// --- Small pieces --------------------------------------------------------------------------------

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// JSON starts with '{' or '[' (after an optional UTF-8 BOM and blanks); anything else is XML.
bool LooksLikeJson(std::string_view document) {
  if (document.starts_with(kUtf8Bom)) document.remove_prefix(kUtf8Bom.size());
  const auto first = document.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (document[first] == '{' || document[first] == '[');
}

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
  }
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0F];
  }
  return hex;
}

v1::ValidationIssue ErrorIssue(std::uint32_t line, std::uint32_t column, std::string schema_path,
                               std::string message) {
  v1::ValidationIssue issue;
  issue.set_level(v1::ValidationIssue::LEVEL_ERROR);
  issue.set_line(line);
  issue.set_column(column);
  issue.set_schema_path(std::move(schema_path));
  issue.set_message(std::move(message));
  return issue;
}

// Reads "line L[, column C][, /path]", the form `where` takes in this codec's errors.
v1::ValidationIssue IssueFromError(const common::Error& error) {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string path;
  std::string_view where = error.where;
  auto number_after = [&where](std::string_view label, std::uint32_t& out) {
    if (!where.starts_with(label)) return;
    where.remove_prefix(label.size());
    const auto [end, ec] = std::from_chars(where.data(), where.data() + where.size(), out);
    if (ec == std::errc()) where.remove_prefix(static_cast<std::size_t>(end - where.data()));
  };
  number_after("line ", line);
  number_after(", column ", column);
  if (where.starts_with(", /")) path = std::string(where.substr(2));
  return ErrorIssue(line, column, std::move(path), error.message);
}

// "line 16, /IODEF-Document/Incident" (with the column when known).
std::string WhereOf(const v1::ValidationIssue& issue) {
  std::string where = "line " + std::to_string(issue.line());
  if (issue.column() != 0) where += ", column " + std::to_string(issue.column());
  if (!issue.schema_path().empty()) where += ", " + issue.schema_path();
  return where;
}

Decoded Rejected(Report report, common::Error error) {
  report.accepted = false;
  Decoded decoded;
  decoded.report = std::move(report);
  decoded.error = std::move(error);
  return decoded;
}

// --- Which incident an issue belongs to ----------------------------------------------------------

// The Incident elements MapXml() maps, in the same order: the root's Incident children, or the
// root itself when it is a bare (v1) Incident.
std::vector<std::uint32_t> IncidentLines(const xmlDoc& doc) {
  const xmlNode* root = xmlDocGetRootElement(&doc);
  std::vector<std::uint32_t> lines;
  const auto is_incident = [root](const xmlNode* node) {
    return node->type == XML_ELEMENT_NODE && node->ns == root->ns &&
           std::string_view(reinterpret_cast<const char*>(node->name)) == "Incident";
  };
  if (is_incident(root)) return {static_cast<std::uint32_t>(xmlGetLineNo(root))};
  for (const xmlNode* child = root->children; child != nullptr; child = child->next) {
    if (is_incident(child)) lines.push_back(static_cast<std::uint32_t>(xmlGetLineNo(child)));
  }
  return lines;
}

// Attaches each tolerated issue to the incident it lies in; an issue outside every Incident
// (on IODEF-Document itself) concerns them all. An element's line is where its start tag ends, so
// everything inside Incident i lies at or after its line and before Incident i+1's.
void AttachWarnings(const std::vector<v1::ValidationIssue>& warnings,
                    const std::vector<std::uint32_t>& incident_lines,
                    std::vector<v1::Incident>& incidents) {
  const bool located = incident_lines.size() == incidents.size();
  for (const v1::ValidationIssue& issue : warnings) {
    const std::string_view path = issue.schema_path();
    const bool inside_one =
        located && path.starts_with("/IODEF-Document/Incident") &&
        (path.size() == 24 || path[24] == '/');
    if (!inside_one) {
      for (v1::Incident& incident : incidents) *incident.add_warnings() = issue;
      continue;
    }
    std::size_t index = 0;
    while (index + 1 < incident_lines.size() && incident_lines[index + 1] <= issue.line()) {
      ++index;
    }
    *incidents[index].add_warnings() = issue;
  }
}

// --- XML -----------------------------------------------------------------------------------------

Decoded DecodeXml(std::string_view document, Policy policy, const Limits& limits) {
  Report report;
  XmlPosition position;
  common::Result<XmlDocPtr> doc = ParseXml(document, limits, &position);
  if (!doc) {
    report.issues.push_back(ErrorIssue(position.line, position.column, {}, doc.error().message));
    return Rejected(std::move(report), doc.error());
  }
  common::Result<v1::SourceFormat> format = DetectFormat(**doc);
  if (!format) {
    report.issues.push_back(IssueFromError(format.error()));
    return Rejected(std::move(report), format.error());
  }
  report.format = *format;
  report.issues = ValidateSchema(**doc, *format);
  if (policy == Policy::kStrict && !report.issues.empty()) {
    const v1::ValidationIssue& first = report.issues.front();
    common::Error error{ErrorKind::kSchemaViolation, first.message(), WhereOf(first)};
    return Rejected(std::move(report), std::move(error));
  }
  // Tolerated: what strict would reject is kept, as warnings, for the analyst.
  for (v1::ValidationIssue& issue : report.issues) {
    issue.set_level(v1::ValidationIssue::LEVEL_WARNING);
  }
  common::Result<Mapped> mapped = MapXml(**doc, *format);
  if (!mapped) {
    report.issues.push_back(IssueFromError(mapped.error()));
    return Rejected(std::move(report), mapped.error());
  }
  // Mapping findings concern an accepted document: the data stays in the verbatim source.
  for (v1::ValidationIssue& issue : mapped->issues) {
    issue.set_level(v1::ValidationIssue::LEVEL_WARNING);
    report.issues.push_back(std::move(issue));
  }

  Decoded decoded;
  decoded.incidents = std::move(mapped->incidents);
  AttachWarnings(report.issues, IncidentLines(**doc), decoded.incidents);
  const std::string sha256 = Sha256Hex(document);
  for (std::size_t i = 0; i < decoded.incidents.size(); ++i) {
    v1::SourceDocument& source = *decoded.incidents[i].mutable_source();
    source.set_format(*format);
    source.set_content(std::string(document));
    source.set_sha256(sha256);
    source.set_incident_index(static_cast<std::uint32_t>(i));
  }
  report.accepted = true;
  decoded.report = std::move(report);
  return decoded;
}

}  // namespace

Decoded Decode(std::string_view document, Policy policy, const Limits& limits) {
  if (document.size() > limits.max_document_bytes) {
    common::Error error{ErrorKind::kTooLarge,
                        "the document is " + std::to_string(document.size()) +
                            " bytes long; the limit is " +
                            std::to_string(limits.max_document_bytes) + " bytes",
                        {}};
    Report report;
    report.issues.push_back(ErrorIssue(0, 0, {}, error.message));
    return Rejected(std::move(report), std::move(error));
  }
  Decoded decoded = LooksLikeJson(document) ? DecodeJson(document, policy, limits)
                                             : DecodeXml(document, policy, limits);
  // Both bindings give the same model, so the searchable indicators are derived here, once.
  for (auto& incident : decoded.incidents) FillNormalizedIndicators(incident);
  return decoded;
}

}  // namespace ncirt::iodef
