#include "common/error/error.hpp"

namespace ncirt::common {

std::string_view KindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidDocument: return "invalid-document";
    case ErrorKind::kSchemaViolation: return "schema-violation";
    case ErrorKind::kUnmappable: return "unmappable";
    case ErrorKind::kTooLarge: return "too-large";
    case ErrorKind::kUnsupportedMediaType: return "unsupported-media-type";
    case ErrorKind::kBadRequest: return "bad-request";
    case ErrorKind::kUnauthenticated: return "unauthenticated";
    case ErrorKind::kForbidden: return "forbidden";
    case ErrorKind::kNotFound: return "not-found";
    case ErrorKind::kDuplicate: return "duplicate";
    case ErrorKind::kConflict: return "conflict";
    case ErrorKind::kUnknownPartner: return "unknown-partner";
    case ErrorKind::kPolicyRefused: return "policy-refused";
    case ErrorKind::kOverloaded: return "overloaded";
    case ErrorKind::kUnavailable: return "unavailable";
    case ErrorKind::kBadConfig: return "bad-config";
  }
  return "unknown";
}

int ToHttpStatus(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidDocument:
    case ErrorKind::kSchemaViolation:
    case ErrorKind::kUnmappable:
    case ErrorKind::kBadRequest: return 400;
    case ErrorKind::kUnauthenticated: return 401;
    case ErrorKind::kForbidden:
    case ErrorKind::kUnknownPartner:
    case ErrorKind::kPolicyRefused: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kDuplicate:
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kTooLarge: return 413;
    case ErrorKind::kUnsupportedMediaType: return 415;
    case ErrorKind::kOverloaded: return 429;
    case ErrorKind::kUnavailable:
    case ErrorKind::kBadConfig: return 503;
  }
  return 500;
}

std::string Error::ToString() const {
  if (where.empty()) return message;
  return message + " (" + where + ")";
}

}  // namespace ncirt::common
