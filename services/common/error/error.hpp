#pragma once
// Expected failures as values.
//
// Anything a sensor, a partner or a person can cause (a bad document, an unknown partner, a
// refused share) is returned as an Error inside a Result<T>, never thrown. The caller must look
// at it. Exceptions are kept for the unexpected: lost database connections, bugs, broken
// invariants; they are caught once at a session boundary and answered with 500/503.
//
// Each ErrorKind below says when it is returned and what the user sees. ToHttpStatus() is the one
// table that maps kinds to HTTP statuses (docs/api.md); exchange maps them to Nack codes.
//
// Thread-safety: plain values; safe to copy between threads.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace ncirt::common {

enum class ErrorKind : std::uint8_t {
  // Not XML/JSON at all, not well-formed, wrong encoding, or a DTD. HTTP 400.
  kInvalidDocument,
  // Well-formed, but the official schema (or RFC 8727's data model) rejects it under the
  // submitter's policy. HTTP 400; the message names line, column and schema path.
  kSchemaViolation,
  // Well-formed and in an IODEF namespace, but lacks what the model requires
  // (IncidentID with a name, a generation or report time). HTTP 400.
  kUnmappable,
  // Document, element count, nesting depth or an attribute over its limit. HTTP 413.
  kTooLarge,
  // Content-Type or Accept not one the endpoint handles. HTTP 415 / 406.
  kUnsupportedMediaType,
  // A request that is malformed apart from any document: bad JSON body, bad parameter. HTTP 400.
  kBadRequest,
  // No or bad credentials. HTTP 401.
  kUnauthenticated,
  // Authenticated, but the role or scope does not allow it. HTTP 403.
  kForbidden,
  // The named thing does not exist (or the caller may not know it exists). HTTP 404.
  kNotFound,
  // The thing already exists; the caller asked to create it. HTTP 409.
  kDuplicate,
  // A state change the workflow does not allow, or a concurrent change won. HTTP 409.
  kConflict,
  // A peer certificate or name that is not in the partner registry. Nack NOT_AUTHORISED.
  kUnknownPartner,
  // The sharing policy refuses (TLP, category, agreement). HTTP 403 / Nack POLICY_REFUSED.
  kPolicyRefused,
  // The service sheds load; retry later. HTTP 429.
  kOverloaded,
  // A dependency (PostgreSQL, a peer) is down; nothing was done; retry later. HTTP 503.
  kUnavailable,
  // Configuration that cannot be used; the service does not start. Not an HTTP answer.
  kBadConfig,
};

// The stable machine name of a kind, as used in problem documents ("schema-violation").
std::string_view KindName(ErrorKind kind);

// The HTTP status an endpoint answers for this kind.
int ToHttpStatus(ErrorKind kind);

// An expected failure: what went wrong, in a sentence a person can act on, and where.
struct Error {
  ErrorKind kind;
  std::string message;
  // Where in the input: "line 12, column 4", a JSON pointer, a variable name... Empty if n/a.
  std::string where;

  // "message (where)" or just "message".
  std::string ToString() const;
};

template <typename T>
using Result = std::expected<T, Error>;

// Shorthand for returning a failure: `return Fail(ErrorKind::kNotFound, "no such partner");`.
inline std::unexpected<Error> Fail(ErrorKind kind, std::string message, std::string where = {}) {
  return std::unexpected<Error>(Error{kind, std::move(message), std::move(where)});
}

}  // namespace ncirt::common
