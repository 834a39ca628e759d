#include "intake/media_type.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

namespace ncirt::intake {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The "type/subtype" before any parameter, lower-cased.
std::string Essence(std::string_view media_type) {
  return Lower(Trim(media_type.substr(0, media_type.find(';'))));
}

struct Range {
  std::string type;     // "application", "*"
  std::string subtype;  // "xml", "*"
  double q = 1;
};

// Parses "q=0.5" among a range's parameters; a malformed q counts as 1 (lenient, as browsers).
double QualityOf(std::string_view parameters) {
  std::size_t pos = 0;
  while (pos < parameters.size()) {
    const std::size_t end = std::min(parameters.find(';', pos), parameters.size());
    const std::string param = Lower(Trim(parameters.substr(pos, end - pos)));
    if (param.starts_with("q=")) {
      double q = 1;
      const char* first = param.data() + 2;
      const char* last = param.data() + param.size();
      if (std::from_chars(first, last, q).ec == std::errc() && q >= 0 && q <= 1) return q;
      return 1;
    }
    pos = end + 1;
  }
  return 1;
}

std::vector<Range> ParseAccept(std::string_view accept) {
  std::vector<Range> ranges;
  std::size_t pos = 0;
  while (pos <= accept.size()) {
    const std::size_t end = std::min(accept.find(',', pos), accept.size());
    const std::string_view item = Trim(accept.substr(pos, end - pos));
    pos = end + 1;
    if (item.empty()) continue;
    const std::size_t semi = item.find(';');
    const std::string essence = Essence(item);
    const std::size_t slash = essence.find('/');
    if (slash == std::string::npos) continue;  // Not a media range; ignored.
    const double q = semi == std::string_view::npos ? 1.0 : QualityOf(item.substr(semi + 1));
    ranges.push_back(Range{essence.substr(0, slash), essence.substr(slash + 1), q});
  }
  return ranges;
}

// The q of the most specific range matching type/subtype; -1 when none matches.
double QualityFor(const std::vector<Range>& ranges, std::string_view type,
                  std::string_view subtype) {
  int best_specificity = -1;
  double q = -1;
  for (const Range& r : ranges) {
    int specificity = -1;
    if (r.type == type && r.subtype == subtype) {
      specificity = 2;
    } else if (r.type == type && r.subtype == "*") {
      specificity = 1;
    } else if (r.type == "*" && r.subtype == "*") {
      specificity = 0;
    }
    if (specificity > best_specificity) {
      best_specificity = specificity;
      q = r.q;
    }
  }
  return q;
}

// The first byte that is not whitespace, after a UTF-8 byte order mark; 0 for an empty body.
char FirstSignificantByte(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  for (char c : body) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  }
  return 0;
}

}  // namespace

common::Result<DocumentType> ClassifyContentType(std::string_view content_type) {
  const std::string essence = Essence(content_type);
  if (essence == "application/xml" || essence == "text/xml") return DocumentType::kXml;
  if (essence == "application/json") return DocumentType::kJson;
  return common::Fail(common::ErrorKind::kUnsupportedMediaType,
                      (essence.empty() ? std::string("no Content-Type was sent")
                                       : "Content-Type '" + essence + "' is not accepted") +
                          ": send IODEF XML as application/xml or RFC 8727 JSON as "
                          "application/json");
}

common::Result<void> CheckBodyMatches(DocumentType declared, std::string_view body) {
  const char first = FirstSignificantByte(body);
  const bool looks_json = first == '{' || first == '[';
  if (declared == DocumentType::kJson && !looks_json && first == '<') {
    return common::Fail(common::ErrorKind::kInvalidDocument,
                        "the body is XML but was sent as application/json; send it as "
                        "application/xml");
  }
  if (declared == DocumentType::kXml && looks_json) {
    return common::Fail(common::ErrorKind::kInvalidDocument,
                        "the body is JSON but was sent as application/xml; send it as "
                        "application/json");
  }
  return {};
}

common::Result<ResponseType> NegotiateResponseType(std::string_view accept) {
  constexpr ResponseType kXml{DocumentType::kXml, "application/xml"};
  if (Trim(accept).empty()) return kXml;
  const std::vector<Range> ranges = ParseAccept(accept);
  const double application_xml = QualityFor(ranges, "application", "xml");
  const double json = QualityFor(ranges, "application", "json");
  // text/xml is offered only to clients that ask for text: */* alone does not select it.
  std::vector<Range> text_ranges;
  for (const Range& r : ranges) {
    if (r.type == "text") text_ranges.push_back(r);
  }
  const double text_xml = QualityFor(text_ranges, "text", "xml");
  const double xml = std::max(application_xml, text_xml);
  if (xml <= 0 && json <= 0) {
    return common::Fail(common::ErrorKind::kUnsupportedMediaType,
                        "the Accept header allows neither application/xml nor application/json, "
                        "the two representations of an incident");
  }
  if (json > xml) return ResponseType{DocumentType::kJson, "application/json"};
  if (text_xml > application_xml) return ResponseType{DocumentType::kXml, "text/xml"};
  return kXml;
}

std::string_view MediaTypeName(DocumentType type) {
  return type == DocumentType::kJson ? "application/json" : "application/xml";
}

}  // namespace ncirt::intake
