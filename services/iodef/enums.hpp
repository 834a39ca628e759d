#pragma once
// IODEF's enumerated attributes: the registered tokens of each, and the one rule for values
// outside them.
//
// The tables are the official schemas' lists, copied from iodef-2.0.xsd (RFC 7970 §8) and
// iodef-1.0.xsd (RFC 5070 §8). "Registered" always means "in the official schema's list", since
// that is what a validating partner checks. The rule used by every binding (XML v2/v1, RFC 8727
// JSON): a value outside the list travels as the token "ext-value" plus the value itself in the
// `ext-<attribute>` attribute (the model's `ext_*` field). Read*() applies the rule on the way in
// and says what it had to do, so the caller can report it; Write*() applies it on the way out and
// says when a value cannot be written validly at all (an attribute whose list has no
// "ext-value", e.g. severity).
//
// A few tokens are spelt differently by the RFC text, its errata and RFC 8727 than by the
// official XSD ("vendor-support" vs the XSD's "vendor-services"; Counter "count"/"peak" vs
// "counter"/"rate"). The model always holds the XSD spelling; CanonicalToken() maps the other
// spelling to it and AlternativeSpelling() gives it back (JSON writes RFC 8727's spelling).
//
// The proto enums of the model (Purpose, Restriction, ...) convert to and from their tokens with
// Token() / EnumFromToken<E>(); ReadEnum<E>() / WriteEnum() add the ext-value rule. An enum value
// without a registered token (SYSTEM_CATEGORY_WATCHLIST, "watchlist") is written as ext-value and
// read back to the same enum value.
//
// Thread-safety: constant tables and pure functions; safe from any thread.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ncirt/v1/incident.pb.h"
#include "ncirt/v1/marking.pb.h"

namespace ncirt::iodef {

enum class IodefVersion : std::uint8_t { kV1, kV2 };

// Every enumerated attribute the model keeps. The comment names the XML attribute and the
// elements that carry it.
enum class EnumAttr : std::uint8_t {
  kIncidentPurpose,         // Incident@purpose
  kIncidentStatus,          // Incident@status (v2 only)
  kRestriction,             // @restriction on most classes
  kContactRole,             // Contact@role
  kContactType,             // Contact@type
  kRegistry,                // RegistryHandle@registry
  kPostalAddressType,       // PostalAddress@type (v2 only)
  kTelephoneType,           // Telephone@type (v2 only)
  kEmailType,               // Email@type (v2 only)
  kAction,                  // HistoryItem@action, Expectation@action (action-type)
  kDiscoverySource,         // Discovery@source (v2 only)
  kOccurrence,              // Assessment@occurrence
  kSeverity,                // @severity of impacts and Expectation (severity-type)
  kCompletion,              // SystemImpact@completion, v1 Impact@completion
  kSystemImpactType,        // SystemImpact@type (v2 only)
  kV1ImpactType,            // v1 Impact@type (v1 only)
  kBusinessImpactSeverity,  // BusinessImpact@severity, IntendedImpact@severity (v2 only)
  kBusinessImpactType,      // BusinessImpact@type, IntendedImpact@type (v2 only)
  kTimeImpactMetric,        // TimeImpact@metric
  kDuration,                // @duration of TimeImpact and Counter (duration-type)
  kConfidenceRating,        // Confidence@rating
  kSystemCategory,          // System@category
  kSystemOwnership,         // System@ownership (v2 only)
  kYesNoUnknown,            // System@spoofed, System@virtual
  kAddressCategory,         // Address@category
  kNodeRoleCategory,        // NodeRole@category
  kCounterType,             // Counter@type in v2 (counter, rate, average)
  kCounterUnit,             // Counter@unit in v2; v1 Counter@type holds these values
  kDomainSystemStatus,      // DomainData@system-status (v2 only)
  kDomainDomainStatus,      // DomainData@domain-status (v2 only)
  kBulkObservableType,      // BulkObservable@type (v2 only; the XSD's list has no ext-value)
  kIndicatorOperator,       // IndicatorExpression@operator (v2 only; no ext-value in the XSD)
  kHashScope,               // HashData@scope (v2 only)
  kDtype,                   // AdditionalData@dtype and every ExtensionType
};

inline constexpr std::string_view kExtValueToken = "ext-value";

struct EnumAttrInfo {
  // The schema's name for the type, for messages: "incident-purpose-type".
  std::string_view type_name;
  // The XML attribute ("purpose") and its ext-* companion ("ext-purpose"); ext_attribute is
  // empty when the schema has none.
  std::string_view attribute;
  std::string_view ext_attribute;
  // The official lists, in schema order, "ext-value" included where the schema has it.
  // v1_tokens is empty when IODEF v1 does not have the attribute.
  std::span<const std::string_view> v2_tokens;
  std::span<const std::string_view> v1_tokens;
};

const EnumAttrInfo& Info(EnumAttr attr);
std::span<const std::string_view> RegisteredTokens(EnumAttr attr,
                                                   IodefVersion version = IodefVersion::kV2);
// True when `token` is in the official list for `version` ("ext-value" counts when listed).
bool IsRegistered(EnumAttr attr, std::string_view token,
                  IodefVersion version = IodefVersion::kV2);
// True when the list has "ext-value", i.e. an unregistered value can be carried.
bool HasExtValue(EnumAttr attr, IodefVersion version = IodefVersion::kV2);

// The XSD spelling for another known spelling of the same registered value ("vendor-support" ->
// "vendor-services"); any other token is returned unchanged.
std::string_view CanonicalToken(EnumAttr attr, std::string_view token);
// The RFC text / RFC 8727 spelling of an XSD token where they differ, else the token itself.
std::string_view AlternativeSpelling(EnumAttr attr, std::string_view xsd_token);

// What reading an attribute pair had to do. Everything but kAbsent, kRegistered and kExtValue
// deserves an issue for the analyst.
// (kDtype stays the last EnumAttr: tests iterate up to it.)
enum class TokenStatus : std::uint8_t {
  kAbsent,            // neither attribute present
  kRegistered,        // a registered token
  kExtIgnored,        // a registered token, with an ext-* attribute that only ext-value allows
                      // (RFC 7970 §5.1.1): the ext-* value is ignored
  kExtValue,          // "ext-value" with its ext-* attribute
  kAlias,             // another spelling of a registered token, stored in the XSD spelling
  kOtherVersion,      // not in this version's list, but registered in IODEF v2: kept as is
  kUnregistered,      // outside the list: stored as ext-value with the token as ext
  kExtValueNoExt,     // "ext-value" without its ext-* attribute
  kExtWithoutValue,   // ext-* given but the attribute absent: read as ext-value
  kMisspelledExt,     // "ext-<attr>" (or similar "ext-" token) used as the value beside an ext-*
                      // attribute: read as ext-value with that ext-* value
  kNotCarried,        // outside the list and the attribute has no ext-value: value dropped
};

// Reads a document's attribute (`token`, nullopt when absent) and its ext-* companion. An
// unregistered value is kept as ext-value whenever the model has an ext field for it, which is
// whenever the schema names an ext-* attribute (BulkObservable@type and
// IndicatorExpression@operator included, although their lists lack "ext-value"); otherwise
// (severity, occurrence, completion, yes/no) it comes back as kNotCarried with an empty token.
struct TokenRead {
  std::string token;
  std::string ext;
  TokenStatus status = TokenStatus::kAbsent;
};
TokenRead ReadToken(EnumAttr attr, std::optional<std::string_view> token,
                    std::optional<std::string_view> ext, IodefVersion version);

// A human sentence for a status other than kAbsent/kRegistered/kExtValue, e.g.
// "purpose 'hacking' is not registered in incident-purpose-type; kept as ext-value".
std::string DescribeRead(EnumAttr attr, std::string_view original_token, const TokenRead& read,
                         IodefVersion version);

// What to write for a model (token, ext) pair in IODEF v2 XML. `ok` is false when the value
// cannot be written validly (an unregistered value for an attribute without ext-value);
// an empty token with ok means "write no attribute".
struct TokenWrite {
  std::string token;
  std::string ext;
  bool ok = true;
};
TokenWrite WriteToken(EnumAttr attr, std::string_view token, std::string_view ext);

// --- The model's proto enums -------------------------------------------------------------

// The IODEF token of an enum value: "" for *_UNSPECIFIED, "ext-value" for *_EXT_VALUE, the XSD
// spelling otherwise ("vendor-services" for CONTACT_ROLE_VENDOR_SUPPORT, "watchlist" for the
// unregistered SYSTEM_CATEGORY_WATCHLIST).
std::string_view Token(v1::Purpose value);
std::string_view Token(v1::IncidentStatus value);
std::string_view Token(v1::Restriction value);
std::string_view Token(v1::ContactRole value);
std::string_view Token(v1::ContactType value);
std::string_view Token(v1::ConfidenceRating value);
std::string_view Token(v1::Severity value);
std::string_view Token(v1::AddressCategory value);
std::string_view Token(v1::SystemCategory value);

// The enum value named by a token (either spelling); nullopt for "" and unknown tokens.
// Specialised for the nine enums above.
template <typename E>
std::optional<E> EnumFromToken(std::string_view token);

// The attribute each enum reads and writes.
template <typename E>
EnumAttr AttrOf();

// ReadToken for a proto enum: an ext value that names an enum value ("watchlist") becomes that
// value. For Severity (no ext-value) an unregistered token leaves the value unset (kNotCarried).
template <typename E>
struct EnumRead {
  E value{};
  std::string ext;
  TokenStatus status = TokenStatus::kAbsent;
};
template <typename E>
EnumRead<E> ReadEnum(std::optional<std::string_view> token, std::optional<std::string_view> ext,
                     IodefVersion version);

// WriteToken for a proto enum value and its model ext field.
template <typename E>
TokenWrite WriteEnum(E value, std::string_view ext);

// The enum value a model (value, ext) pair means: EXT_VALUE with an ext naming a value becomes
// that value ("watchlist" -> SYSTEM_CATEGORY_WATCHLIST); anything else unchanged. ReadEnum already
// returns canonical pairs; models built elsewhere may not be.
template <typename E>
E CanonicalEnum(E value, std::string_view ext);

}  // namespace ncirt::iodef
