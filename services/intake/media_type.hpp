#pragma once
// Which document formats a request carries and a client accepts.
//
// Submissions: Content-Type application/xml (or text/xml) for IODEF v2 / v1 XML, and
// application/json for RFC 8727 JSON; parameters such as charset are ignored (XML declares its
// own encoding, JSON is UTF-8). The body must then look like what it claims: a JSON body sent
// as XML (or the reverse) is refused, because a client that mislabels its documents is likely
// sending something other than it thinks.
//
// Reading an incident: the Accept header is negotiated as RFC 9110 §12.5.1 describes (quality
// values, the most specific matching range decides, q=0 excludes) between application/xml,
// application/json and text/xml; text/xml only when the client names it or text/* (a client
// that says */* gets application/xml). XML wins ties, and an absent Accept means XML.
//
// Thread-safety: pure functions.

#include <string_view>

#include "common/error/error.hpp"

namespace ncirt::intake {

enum class DocumentType { kXml, kJson };

// The type of a submission from its Content-Type header value (empty when absent).
// kUnsupportedMediaType naming what is accepted otherwise.
common::Result<DocumentType> ClassifyContentType(std::string_view content_type);

// kInvalidDocument when the body visibly is the other format (first significant byte).
common::Result<void> CheckBodyMatches(DocumentType declared, std::string_view body);

struct ResponseType {
  DocumentType type = DocumentType::kXml;
  // The Content-Type to answer with: "application/xml", "text/xml" or "application/json".
  std::string_view media_type;
};

// The representation to answer with for this Accept header value (empty when absent).
// kUnsupportedMediaType (to be answered 406) when neither XML nor JSON is acceptable.
common::Result<ResponseType> NegotiateResponseType(std::string_view accept);

// "application/xml" / "application/json".
std::string_view MediaTypeName(DocumentType type);

}  // namespace ncirt::intake
