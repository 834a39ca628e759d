#include "iodef/enums.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace ncirt::iodef {
namespace {

using Tokens = std::string_view;

// Lists copied from iodef-2.0.xsd and iodef-1.0.xsd, in schema order.
constexpr Tokens kPurposeV2[] = {"traceback", "mitigation", "reporting", "watch", "other",
                                 "ext-value"};
constexpr Tokens kPurposeV1[] = {"traceback", "mitigation", "reporting", "other", "ext-value"};
constexpr Tokens kStatusV2[] = {"new",      "in-progress", "forwarded",
                                "resolved", "future",      "ext-value"};
constexpr Tokens kRestrictionV2[] = {"default", "public", "partner", "need-to-know", "private",
                                     "white",   "green",  "amber",   "red",          "ext-value"};
constexpr Tokens kRestrictionV1[] = {"default", "public", "need-to-know", "private"};
constexpr Tokens kContactRoleV2[] = {
    "creator", "reporter", "admin",  "tech",   "provider",        "user",
    "billing", "legal",    "abuse",  "irt",    "cc",              "cc-irt",
    "leo",     "vendor",   "vendor-services",  "victim", "victim-notified", "ext-value"};
constexpr Tokens kContactRoleV1[] = {"creator", "admin", "tech", "irt", "cc", "ext-value"};
constexpr Tokens kContactType[] = {"person", "organization", "ext-value"};
constexpr Tokens kRegistry[] = {"internic", "apnic", "arin",  "lacnic",
                                "ripe",     "afrinic", "local", "ext-value"};
constexpr Tokens kPostalAddressType[] = {"street", "mailing", "ext-value"};
constexpr Tokens kTelephoneType[] = {"wired", "mobile", "fax", "hotline", "ext-value"};
constexpr Tokens kEmailType[] = {"direct", "hotline", "ext-value"};
constexpr Tokens kActionV2[] = {
    "nothing",          "contact-source-site", "contact-target-site", "contact-sender",
    "investigate",      "block-host",          "block-network",       "block-port",
    "rate-limit-host",  "rate-limit-network",  "rate-limit-port",     "redirect-traffic",
    "honeypot",         "upgrade-software",    "rebuild-asset",       "harden-asset",
    "remediate-other",  "status-triage",       "status-new-info",     "watch-and-report",
    "defined-coa",      "other",               "ext-value"};
constexpr Tokens kActionV1[] = {
    "nothing",         "contact-source-site", "contact-target-site", "contact-sender",
    "investigate",     "block-host",          "block-network",       "block-port",
    "rate-limit-host", "rate-limit-network",  "rate-limit-port",     "remediate-other",
    "status-triage",   "status-new-info",     "other",               "ext-value"};
constexpr Tokens kDiscoverySource[] = {
    "nidps",           "hips",      "siem",                  "av",
    "third-party-monitoring",       "incident",              "os-log",
    "application-log", "device-log", "network-flow",         "passive-dns",
    "investigation",   "audit",     "internal-notification", "external-notification",
    "leo",             "partner",   "actor",                 "unknown",
    "ext-value"};
constexpr Tokens kOccurrence[] = {"actual", "potential"};
constexpr Tokens kSeverity[] = {"low", "medium", "high"};
constexpr Tokens kCompletion[] = {"failed", "succeeded"};
constexpr Tokens kSystemImpactType[] = {
    "takeover-account",     "takeover-service",        "takeover-system",
    "cps-manipulation",     "cps-damage",              "availability-data",
    "availability-account", "availability-service",    "availability-system",
    "damaged-system",       "damaged-data",            "breach-proprietary",
    "breach-privacy",       "breach-credential",       "breach-configuration",
    "integrity-data",       "integrity-configuration", "integrity-hardware",
    "traffic-redirection",  "monitoring-traffic",      "monitoring-host",
    "policy",               "unknown",                 "ext-value"};
constexpr Tokens kV1ImpactType[] = {"admin",  "dos",    "extortion",          "file",
                                    "info-leak", "misconfiguration", "recon", "policy",
                                    "social-engineering", "user", "unknown", "ext-value"};
constexpr Tokens kBusinessImpactSeverity[] = {"none", "low",     "medium",
                                              "high", "unknown", "ext-value"};
constexpr Tokens kBusinessImpactType[] = {
    "breach-proprietary", "breach-privacy",      "breach-credential", "loss-of-integrity",
    "loss-of-service",    "theft-financial",     "theft-service",     "degraded-reputation",
    "asset-damage",       "asset-manipulation",  "legal",             "extortion",
    "unknown",            "ext-value"};
constexpr Tokens kTimeImpactMetric[] = {"labor", "elapsed", "downtime", "ext-value"};
constexpr Tokens kDuration[] = {"second", "minute",  "hour", "day",
                                "month",  "quarter", "year", "ext-value"};
constexpr Tokens kConfidenceV2[] = {"low", "medium", "high", "numeric", "unknown", "ext-value"};
constexpr Tokens kConfidenceV1[] = {"low", "medium", "high", "numeric", "unknown"};
constexpr Tokens kSystemCategory[] = {"source",  "target",         "intermediate",
                                      "sensor",  "infrastructure", "ext-value"};
constexpr Tokens kSystemOwnership[] = {"organization",    "personal", "partner", "customer",
                                       "no-relationship", "unknown",  "ext-value"};
constexpr Tokens kYesNoUnknown[] = {"yes", "no", "unknown"};
constexpr Tokens kAddressCategoryV2[] = {
    "asn",       "atm",      "e-mail",          "mac",      "ipv4-addr",       "ipv4-net",
    "ipv4-net-masked", "ipv4-net-mask", "ipv6-addr", "ipv6-net", "ipv6-net-masked",
    "site-uri",  "ext-value"};
constexpr Tokens kAddressCategoryV1[] = {"asn",      "atm",           "e-mail",    "mac",
                                         "ipv4-addr", "ipv4-net",     "ipv4-net-mask",
                                         "ipv6-addr", "ipv6-net",     "ipv6-net-mask",
                                         "ext-value"};
constexpr Tokens kNodeRoleV2[] = {
    "client",          "client-enterprise",    "client-partner",   "client-remote",
    "client-kiosk",    "client-mobile",        "server-internal",  "server-public",
    "www",             "mail",                 "webmail",          "messaging",
    "streaming",       "voice",                "file",             "ftp",
    "p2p",             "name",                 "directory",        "credential",
    "print",           "application",          "database",         "backup",
    "dhcp",            "assessment",           "source-control",   "config-management",
    "monitoring",      "infra",                "infra-firewall",   "infra-router",
    "infra-switch",    "camera",               "proxy",            "remote-access",
    "log",             "virtualization",       "pos",              "scada",
    "scada-supervisory", "sinkhole",           "honeypot",         "anonymization",
    "c2-server",       "malware-distribution", "drop-server",      "hop-point",
    "reflector",       "phishing-site",        "spear-phishing-site", "recruiting-site",
    "fraudulent-site", "ext-value"};
constexpr Tokens kNodeRoleV1[] = {
    "client",    "server-internal", "server-public", "www",       "mail",
    "messaging", "streaming",       "voice",         "file",      "ftp",
    "p2p",       "name",            "directory",     "credential", "print",
    "application", "database",      "infra",         "log",       "ext-value"};
constexpr Tokens kCounterType[] = {"counter", "rate", "average", "ext-value"};
constexpr Tokens kCounterUnitV2[] = {"byte",  "mbit",    "packet", "flow",
                                     "session", "event", "alert",  "message",
                                     "host",  "site",    "organization", "ext-value"};
constexpr Tokens kCounterUnitV1[] = {"byte",    "packet", "flow", "session",
                                     "event",   "alert",  "message", "host",
                                     "site",    "organization", "ext-value"};
constexpr Tokens kDomainSystemStatus[] = {"spoofed",           "fraudulent", "innocent-hacked",
                                          "innocent-hijacked", "unknown",    "ext-value"};
constexpr Tokens kDomainDomainStatus[] = {
    "reservedDelegation", "assignedAndActive", "assignedAndInactive", "assignedAndOnHold",
    "revoked",            "transferPending",   "registryLock",        "registrarLock",
    "other",              "unknown",           "ext-value"};
constexpr Tokens kBulkObservableType[] = {
    "asn",           "atm",           "e-mail",         "ipv4-addr",
    "ipv4-net",      "ipv4-net-mask", "ipv6-addr",      "ipv6-net",
    "ipv6-net-mask", "mac",           "site-uri",       "domain-name",
    "domain-to-ipv4", "domain-to-ipv6", "domain-to-ipv4-timestamp", "domain-to-ipv6-timestamp",
    "ipv4-port",     "ipv6-port",     "windows-reg-key", "file-hash",
    "email-x-mailer", "email-subject", "http-user-agent", "http-request-uri",
    "mutex",         "file-path",     "user-name"};
constexpr Tokens kIndicatorOperator[] = {"not", "and", "or", "xor"};
constexpr Tokens kHashScope[] = {"file-contents",      "file-pe-section", "file-pe-iat",
                                 "file-pe-resource",   "file-pdf-object", "email-hash",
                                 "email-headers-hash", "email-body-hash", "ext-value"};
constexpr Tokens kDtypeV2[] = {"boolean", "byte",    "bytes",      "character",  "date-time",
                               "integer", "ntpstamp", "portlist",  "real",       "string",
                               "file",    "path",    "frame",      "packet",     "ipv4-packet",
                               "ipv6-packet", "url", "csv",        "winreg",     "xml",
                               "ext-value"};
constexpr Tokens kDtypeV1[] = {"boolean", "byte",     "character", "date-time",  "integer",
                               "ntpstamp", "portlist", "real",     "string",     "file",
                               "path",    "frame",    "packet",    "ipv4-packet", "ipv6-packet",
                               "url",     "csv",      "winreg",    "xml",        "ext-value"};
constexpr std::span<const Tokens> kNone{};

struct InfoRow {
  EnumAttr attr;
  EnumAttrInfo info;
};

const InfoRow kInfo[] = {
    {EnumAttr::kIncidentPurpose,
     {"incident-purpose-type", "purpose", "ext-purpose", kPurposeV2, kPurposeV1}},
    {EnumAttr::kIncidentStatus, {"incident-status-type", "status", "ext-status", kStatusV2, kNone}},
    {EnumAttr::kRestriction,
     {"restriction-type", "restriction", "ext-restriction", kRestrictionV2, kRestrictionV1}},
    {EnumAttr::kContactRole,
     {"contact-role-type", "role", "ext-role", kContactRoleV2, kContactRoleV1}},
    {EnumAttr::kContactType,
     {"contact-type-type", "type", "ext-type", kContactType, kContactType}},
    {EnumAttr::kRegistry,
     {"registryhandle-registry-type", "registry", "ext-registry", kRegistry, kRegistry}},
    {EnumAttr::kPostalAddressType,
     {"postaladdress-type-type", "type", "ext-type", kPostalAddressType, kNone}},
    {EnumAttr::kTelephoneType, {"telephone-type-type", "type", "ext-type", kTelephoneType, kNone}},
    {EnumAttr::kEmailType, {"email-type-type", "type", "ext-type", kEmailType, kNone}},
    {EnumAttr::kAction, {"action-type", "action", "ext-action", kActionV2, kActionV1}},
    {EnumAttr::kDiscoverySource,
     {"discovery-source-type", "source", "ext-source", kDiscoverySource, kNone}},
    {EnumAttr::kOccurrence, {"Assessment@occurrence", "occurrence", "", kOccurrence, kOccurrence}},
    {EnumAttr::kSeverity, {"severity-type", "severity", "", kSeverity, kSeverity}},
    {EnumAttr::kCompletion,
     {"systemimpact-completion-type", "completion", "", kCompletion, kCompletion}},
    {EnumAttr::kSystemImpactType,
     {"systemimpact-type-type", "type", "ext-type", kSystemImpactType, kNone}},
    {EnumAttr::kV1ImpactType, {"Impact@type (IODEF v1)", "type", "ext-type", kNone, kV1ImpactType}},
    {EnumAttr::kBusinessImpactSeverity,
     {"businessimpact-severity-type", "severity", "ext-severity", kBusinessImpactSeverity, kNone}},
    {EnumAttr::kBusinessImpactType,
     {"businessimpact-type-type", "type", "ext-type", kBusinessImpactType, kNone}},
    {EnumAttr::kTimeImpactMetric,
     {"timeimpact-metric-type", "metric", "ext-metric", kTimeImpactMetric, kTimeImpactMetric}},
    {EnumAttr::kDuration, {"duration-type", "duration", "ext-duration", kDuration, kDuration}},
    {EnumAttr::kConfidenceRating,
     {"confidence-rating-type", "rating", "ext-rating", kConfidenceV2, kConfidenceV1}},
    {EnumAttr::kSystemCategory,
     {"system-category-type", "category", "ext-category", kSystemCategory, kSystemCategory}},
    {EnumAttr::kSystemOwnership,
     {"system-ownership-type", "ownership", "ext-ownership", kSystemOwnership, kNone}},
    {EnumAttr::kYesNoUnknown, {"yes-no-unknown-type", "spoofed", "", kYesNoUnknown, kYesNoUnknown}},
    {EnumAttr::kAddressCategory,
     {"address-category-type", "category", "ext-category", kAddressCategoryV2,
      kAddressCategoryV1}},
    {EnumAttr::kNodeRoleCategory,
     {"noderole-category-type", "category", "ext-category", kNodeRoleV2, kNodeRoleV1}},
    {EnumAttr::kCounterType, {"counter-type-type", "type", "ext-type", kCounterType, kNone}},
    {EnumAttr::kCounterUnit,
     {"counter-unit-type", "unit", "ext-unit", kCounterUnitV2, kCounterUnitV1}},
    {EnumAttr::kDomainSystemStatus,
     {"domaindata-system-status-type", "system-status", "ext-system-status", kDomainSystemStatus,
      kNone}},
    {EnumAttr::kDomainDomainStatus,
     {"domaindata-domain-status-type", "domain-status", "ext-domain-status", kDomainDomainStatus,
      kNone}},
    {EnumAttr::kBulkObservableType,
     {"bulkobservable-type-type", "type", "ext-type", kBulkObservableType, kNone}},
    {EnumAttr::kIndicatorOperator,
     {"indicatorexpression-operator-type", "operator", "ext-operator", kIndicatorOperator, kNone}},
    {EnumAttr::kHashScope, {"hashdata-scope-type", "scope", "ext-scope", kHashScope, kNone}},
    {EnumAttr::kDtype, {"dtype-type", "dtype", "ext-dtype", kDtypeV2, kDtypeV1}},
};

// Other spellings of the same registered value: the RFC text and RFC 8727 say "vendor-support",
// "count" and "peak"; the official XSD (and so the model) says "vendor-services", "counter",
// "rate" (RFC 7970 errata; the errata schema renamed them).
struct Alias {
  EnumAttr attr;
  std::string_view xsd;
  std::string_view other;
};
constexpr Alias kAliases[] = {
    {EnumAttr::kContactRole, "vendor-services", "vendor-support"},
    {EnumAttr::kCounterType, "counter", "count"},
    {EnumAttr::kCounterType, "rate", "peak"},
};

bool Contains(std::span<const Tokens> list, std::string_view token) {
  return std::find(list.begin(), list.end(), token) != list.end();
}

}  // namespace

const EnumAttrInfo& Info(EnumAttr attr) {
  for (const InfoRow& row : kInfo) {
    if (row.attr == attr) return row.info;
  }
  // Every enumerator has a row; reaching here is a bug in this file.
  throw std::logic_error("iodef::Info: enumerated attribute without a table row");
}

std::span<const std::string_view> RegisteredTokens(EnumAttr attr, IodefVersion version) {
  const EnumAttrInfo& info = Info(attr);
  return version == IodefVersion::kV2 ? info.v2_tokens : info.v1_tokens;
}

bool IsRegistered(EnumAttr attr, std::string_view token, IodefVersion version) {
  return Contains(RegisteredTokens(attr, version), token);
}

bool HasExtValue(EnumAttr attr, IodefVersion version) {
  return IsRegistered(attr, kExtValueToken, version);
}

std::string_view CanonicalToken(EnumAttr attr, std::string_view token) {
  for (const Alias& alias : kAliases) {
    if (alias.attr == attr && alias.other == token) return alias.xsd;
  }
  return token;
}

std::string_view AlternativeSpelling(EnumAttr attr, std::string_view xsd_token) {
  for (const Alias& alias : kAliases) {
    if (alias.attr == attr && alias.xsd == xsd_token) return alias.other;
  }
  return xsd_token;
}

TokenRead ReadToken(EnumAttr attr, std::optional<std::string_view> token,
                    std::optional<std::string_view> ext, IodefVersion version) {
  const bool model_has_ext = !Info(attr).ext_attribute.empty();
  const std::string ext_text(ext.value_or(""));
  if (!token.has_value()) {
    if (ext_text.empty() || !model_has_ext) return {};
    return {std::string(kExtValueToken), ext_text, TokenStatus::kExtWithoutValue};
  }
  const std::string_view value = *token;
  if (value == kExtValueToken && model_has_ext) {
    return {std::string(kExtValueToken), ext_text,
            ext_text.empty() ? TokenStatus::kExtValueNoExt : TokenStatus::kExtValue};
  }
  if (value != kExtValueToken && IsRegistered(attr, value, version)) {
    return {std::string(value), "",
            ext_text.empty() ? TokenStatus::kRegistered : TokenStatus::kExtIgnored};
  }
  if (const std::string_view canonical = CanonicalToken(attr, value); canonical != value) {
    return {std::string(canonical), "", TokenStatus::kAlias};
  }
  if (version == IodefVersion::kV1 && value != kExtValueToken &&
      IsRegistered(attr, value, IodefVersion::kV2)) {
    return {std::string(value), "", TokenStatus::kOtherVersion};
  }
  if (!model_has_ext) return {"", "", TokenStatus::kNotCarried};
  // Writers who put "ext-category" where "ext-value" belongs still said what they meant in the
  // ext-* attribute; that value is the one worth keeping.
  if (value.starts_with("ext-") && !ext_text.empty()) {
    return {std::string(kExtValueToken), ext_text, TokenStatus::kMisspelledExt};
  }
  return {std::string(kExtValueToken), std::string(value), TokenStatus::kUnregistered};
}

std::string DescribeRead(EnumAttr attr, std::string_view original_token, const TokenRead& read,
                         IodefVersion version) {
  const EnumAttrInfo& info = Info(attr);
  const std::string name(info.attribute);
  const std::string quoted = "'" + std::string(original_token) + "'";
  const std::string list = std::string(info.type_name) +
                           (version == IodefVersion::kV1 ? " (IODEF v1)" : "");
  switch (read.status) {
    case TokenStatus::kAbsent:
    case TokenStatus::kRegistered:
    case TokenStatus::kExtValue:
      return {};
    case TokenStatus::kExtIgnored:
      return std::string(info.ext_attribute) + " is given although " + name + " is " + quoted +
             ", not 'ext-value'; " + std::string(info.ext_attribute) + " ignored";
    case TokenStatus::kAlias:
      return name + " " + quoted + " is another spelling of '" + read.token + "' in " + list +
             "; stored as '" + read.token + "'";
    case TokenStatus::kOtherVersion:
      return name + " " + quoted + " is not in " + list +
             " but is registered in IODEF v2; kept as is";
    case TokenStatus::kUnregistered:
      return name + " " + quoted + " is not registered in " + list + "; kept as ext-value with " +
             std::string(info.ext_attribute) + "=" + quoted;
    case TokenStatus::kExtValueNoExt:
      return name + " is 'ext-value' but " + std::string(info.ext_attribute) +
             " is missing or empty";
    case TokenStatus::kExtWithoutValue:
      return std::string(info.ext_attribute) + " '" + read.ext + "' given without " + name +
             "='ext-value'; read as ext-value";
    case TokenStatus::kMisspelledExt:
      return name + " " + quoted + " is not registered in " + list + "; read as 'ext-value' with " +
             std::string(info.ext_attribute) + "='" + read.ext + "'";
    case TokenStatus::kNotCarried:
      return name + " " + quoted + " is not registered in " + list +
             ", which has no ext-value; the value was dropped";
  }
  return {};
}

TokenWrite WriteToken(EnumAttr attr, std::string_view token, std::string_view ext) {
  if (token.empty()) return {};
  const std::string_view canonical = CanonicalToken(attr, token);
  if (canonical == kExtValueToken) {
    if (!HasExtValue(attr)) return {"", "", false};
    return {std::string(kExtValueToken), std::string(ext), true};
  }
  if (IsRegistered(attr, canonical)) return {std::string(canonical), "", true};
  if (!HasExtValue(attr)) return {"", "", false};
  return {std::string(kExtValueToken), std::string(canonical), true};
}

// --- proto enums ---------------------------------------------------------------------------

namespace {

template <typename E>
struct Row {
  E value;
  std::string_view token;
};

template <typename E>
struct Table {
  EnumAttr attr;
  std::span<const Row<E>> rows;
  // The *_EXT_VALUE enumerator; absent for Severity, whose schema list has no ext-value.
  std::optional<E> ext_value;
};

constexpr Row<v1::Purpose> kPurposeRows[] = {
    {v1::PURPOSE_TRACEBACK, "traceback"}, {v1::PURPOSE_MITIGATION, "mitigation"},
    {v1::PURPOSE_REPORTING, "reporting"}, {v1::PURPOSE_WATCH, "watch"},
    {v1::PURPOSE_OTHER, "other"},         {v1::PURPOSE_EXT_VALUE, "ext-value"}};
constexpr Row<v1::IncidentStatus> kStatusRows[] = {
    {v1::INCIDENT_STATUS_NEW, "new"},           {v1::INCIDENT_STATUS_IN_PROGRESS, "in-progress"},
    {v1::INCIDENT_STATUS_FORWARDED, "forwarded"}, {v1::INCIDENT_STATUS_RESOLVED, "resolved"},
    {v1::INCIDENT_STATUS_FUTURE, "future"},     {v1::INCIDENT_STATUS_EXT_VALUE, "ext-value"}};
constexpr Row<v1::Restriction> kRestrictionRows[] = {
    {v1::RESTRICTION_PUBLIC, "public"},   {v1::RESTRICTION_PARTNER, "partner"},
    {v1::RESTRICTION_NEED_TO_KNOW, "need-to-know"}, {v1::RESTRICTION_PRIVATE, "private"},
    {v1::RESTRICTION_DEFAULT, "default"}, {v1::RESTRICTION_WHITE, "white"},
    {v1::RESTRICTION_GREEN, "green"},     {v1::RESTRICTION_AMBER, "amber"},
    {v1::RESTRICTION_RED, "red"},         {v1::RESTRICTION_EXT_VALUE, "ext-value"}};
constexpr Row<v1::ContactRole> kContactRoleRows[] = {
    {v1::CONTACT_ROLE_CREATOR, "creator"},
    {v1::CONTACT_ROLE_REPORTER, "reporter"},
    {v1::CONTACT_ROLE_ADMIN, "admin"},
    {v1::CONTACT_ROLE_TECH, "tech"},
    {v1::CONTACT_ROLE_PROVIDER, "provider"},
    {v1::CONTACT_ROLE_USER, "user"},
    {v1::CONTACT_ROLE_BILLING, "billing"},
    {v1::CONTACT_ROLE_LEGAL, "legal"},
    {v1::CONTACT_ROLE_IRT, "irt"},
    {v1::CONTACT_ROLE_ABUSE, "abuse"},
    {v1::CONTACT_ROLE_CC, "cc"},
    {v1::CONTACT_ROLE_CC_IRT, "cc-irt"},
    {v1::CONTACT_ROLE_LEO, "leo"},
    {v1::CONTACT_ROLE_VENDOR, "vendor"},
    {v1::CONTACT_ROLE_VENDOR_SUPPORT, "vendor-services"},
    {v1::CONTACT_ROLE_VICTIM, "victim"},
    {v1::CONTACT_ROLE_VICTIM_NOTIFIED, "victim-notified"},
    {v1::CONTACT_ROLE_EXT_VALUE, "ext-value"}};
constexpr Row<v1::ContactType> kContactTypeRows[] = {
    {v1::CONTACT_TYPE_PERSON, "person"},
    {v1::CONTACT_TYPE_ORGANIZATION, "organization"},
    {v1::CONTACT_TYPE_EXT_VALUE, "ext-value"}};
constexpr Row<v1::ConfidenceRating> kConfidenceRows[] = {
    {v1::CONFIDENCE_RATING_LOW, "low"},         {v1::CONFIDENCE_RATING_MEDIUM, "medium"},
    {v1::CONFIDENCE_RATING_HIGH, "high"},       {v1::CONFIDENCE_RATING_NUMERIC, "numeric"},
    {v1::CONFIDENCE_RATING_UNKNOWN, "unknown"}, {v1::CONFIDENCE_RATING_EXT_VALUE, "ext-value"}};
constexpr Row<v1::Severity> kSeverityRows[] = {
    {v1::SEVERITY_LOW, "low"}, {v1::SEVERITY_MEDIUM, "medium"}, {v1::SEVERITY_HIGH, "high"}};
constexpr Row<v1::AddressCategory> kAddressRows[] = {
    {v1::ADDRESS_CATEGORY_ASN, "asn"},
    {v1::ADDRESS_CATEGORY_ATM, "atm"},
    {v1::ADDRESS_CATEGORY_E_MAIL, "e-mail"},
    {v1::ADDRESS_CATEGORY_IPV4_ADDR, "ipv4-addr"},
    {v1::ADDRESS_CATEGORY_IPV4_NET, "ipv4-net"},
    {v1::ADDRESS_CATEGORY_IPV4_NET_MASKED, "ipv4-net-masked"},
    {v1::ADDRESS_CATEGORY_IPV4_NET_MASK, "ipv4-net-mask"},
    {v1::ADDRESS_CATEGORY_IPV6_ADDR, "ipv6-addr"},
    {v1::ADDRESS_CATEGORY_IPV6_NET, "ipv6-net"},
    {v1::ADDRESS_CATEGORY_IPV6_NET_MASKED, "ipv6-net-masked"},
    {v1::ADDRESS_CATEGORY_MAC, "mac"},
    {v1::ADDRESS_CATEGORY_SITE_URI, "site-uri"},
    {v1::ADDRESS_CATEGORY_EXT_VALUE, "ext-value"}};
// "watchlist" is in the model but in neither official list: it travels as ext-value.
constexpr Row<v1::SystemCategory> kSystemCategoryRows[] = {
    {v1::SYSTEM_CATEGORY_SOURCE, "source"},
    {v1::SYSTEM_CATEGORY_TARGET, "target"},
    {v1::SYSTEM_CATEGORY_INTERMEDIATE, "intermediate"},
    {v1::SYSTEM_CATEGORY_SENSOR, "sensor"},
    {v1::SYSTEM_CATEGORY_INFRASTRUCTURE, "infrastructure"},
    {v1::SYSTEM_CATEGORY_WATCHLIST, "watchlist"},
    {v1::SYSTEM_CATEGORY_EXT_VALUE, "ext-value"}};

template <typename E>
const Table<E>& TableOf();

template <>
const Table<v1::Purpose>& TableOf() {
  static const Table<v1::Purpose> t{EnumAttr::kIncidentPurpose, kPurposeRows,
                                    v1::PURPOSE_EXT_VALUE};
  return t;
}
template <>
const Table<v1::IncidentStatus>& TableOf() {
  static const Table<v1::IncidentStatus> t{EnumAttr::kIncidentStatus, kStatusRows,
                                           v1::INCIDENT_STATUS_EXT_VALUE};
  return t;
}
template <>
const Table<v1::Restriction>& TableOf() {
  static const Table<v1::Restriction> t{EnumAttr::kRestriction, kRestrictionRows,
                                        v1::RESTRICTION_EXT_VALUE};
  return t;
}
template <>
const Table<v1::ContactRole>& TableOf() {
  static const Table<v1::ContactRole> t{EnumAttr::kContactRole, kContactRoleRows,
                                        v1::CONTACT_ROLE_EXT_VALUE};
  return t;
}
template <>
const Table<v1::ContactType>& TableOf() {
  static const Table<v1::ContactType> t{EnumAttr::kContactType, kContactTypeRows,
                                        v1::CONTACT_TYPE_EXT_VALUE};
  return t;
}
template <>
const Table<v1::ConfidenceRating>& TableOf() {
  static const Table<v1::ConfidenceRating> t{EnumAttr::kConfidenceRating, kConfidenceRows,
                                             v1::CONFIDENCE_RATING_EXT_VALUE};
  return t;
}
template <>
const Table<v1::Severity>& TableOf() {
  static const Table<v1::Severity> t{EnumAttr::kSeverity, kSeverityRows, std::nullopt};
  return t;
}
template <>
const Table<v1::AddressCategory>& TableOf() {
  static const Table<v1::AddressCategory> t{EnumAttr::kAddressCategory, kAddressRows,
                                            v1::ADDRESS_CATEGORY_EXT_VALUE};
  return t;
}
template <>
const Table<v1::SystemCategory>& TableOf() {
  static const Table<v1::SystemCategory> t{EnumAttr::kSystemCategory, kSystemCategoryRows,
                                           v1::SYSTEM_CATEGORY_EXT_VALUE};
  return t;
}

template <typename E>
std::string_view TokenOf(E value) {
  for (const Row<E>& row : TableOf<E>().rows) {
    if (row.value == value) return row.token;
  }
  return {};
}

// An enum value whose token the official schema does not list, named by an ext value.
template <typename E>
std::optional<E> UnregisteredValueNamed(std::string_view ext) {
  const Table<E>& table = TableOf<E>();
  std::optional<E> value = EnumFromToken<E>(ext);
  if (!value || value == table.ext_value || IsRegistered(table.attr, TokenOf(*value))) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string_view Token(v1::Purpose value) { return TokenOf(value); }
std::string_view Token(v1::IncidentStatus value) { return TokenOf(value); }
std::string_view Token(v1::Restriction value) { return TokenOf(value); }
std::string_view Token(v1::ContactRole value) { return TokenOf(value); }
std::string_view Token(v1::ContactType value) { return TokenOf(value); }
std::string_view Token(v1::ConfidenceRating value) { return TokenOf(value); }
std::string_view Token(v1::Severity value) { return TokenOf(value); }
std::string_view Token(v1::AddressCategory value) { return TokenOf(value); }
std::string_view Token(v1::SystemCategory value) { return TokenOf(value); }

template <typename E>
std::optional<E> EnumFromToken(std::string_view token) {
  const Table<E>& table = TableOf<E>();
  const std::string_view canonical = CanonicalToken(table.attr, token);
  for (const Row<E>& row : table.rows) {
    if (row.token == canonical) return row.value;
  }
  return std::nullopt;
}

template <typename E>
EnumAttr AttrOf() {
  return TableOf<E>().attr;
}

template <typename E>
EnumRead<E> ReadEnum(std::optional<std::string_view> token, std::optional<std::string_view> ext,
                     IodefVersion version) {
  const Table<E>& table = TableOf<E>();
  TokenRead read = ReadToken(table.attr, token, ext, version);
  EnumRead<E> out;
  out.status = read.status;
  if (read.token.empty()) return out;
  if (read.token == kExtValueToken) {
    if (std::optional<E> named = UnregisteredValueNamed<E>(read.ext)) {
      out.value = *named;
      return out;
    }
    // Severity has no ext-value; ReadToken never returns it for an attribute without ext.
    out.value = table.ext_value.value_or(E{});
    out.ext = std::move(read.ext);
    return out;
  }
  out.value = EnumFromToken<E>(read.token).value_or(table.ext_value.value_or(E{}));
  if (out.value == table.ext_value) out.ext = read.token;
  return out;
}

template <typename E>
TokenWrite WriteEnum(E value, std::string_view ext) {
  const Table<E>& table = TableOf<E>();
  if (table.ext_value && value == *table.ext_value) {
    return WriteToken(table.attr, kExtValueToken, ext);
  }
  return WriteToken(table.attr, TokenOf(value), "");
}

template <typename E>
E CanonicalEnum(E value, std::string_view ext) {
  const Table<E>& table = TableOf<E>();
  if (!table.ext_value || value != *table.ext_value) return value;
  return UnregisteredValueNamed<E>(ext).value_or(value);
}

#define NCIRT_IODEF_INSTANTIATE_ENUM(E)                                                    \
  template std::optional<E> EnumFromToken<E>(std::string_view);                            \
  template EnumAttr AttrOf<E>();                                                           \
  template EnumRead<E> ReadEnum<E>(std::optional<std::string_view>,                        \
                                   std::optional<std::string_view>, IodefVersion);         \
  template TokenWrite WriteEnum<E>(E, std::string_view);                                   \
  template E CanonicalEnum<E>(E, std::string_view);

NCIRT_IODEF_INSTANTIATE_ENUM(v1::Purpose)
NCIRT_IODEF_INSTANTIATE_ENUM(v1::IncidentStatus)
NCIRT_IODEF_INSTANTIATE_ENUM(v1::Restriction)
NCIRT_IODEF_INSTANTIATE_ENUM(v1::ContactRole)
NCIRT_IODEF_INSTANTIATE_ENUM(v1::ContactType)
NCIRT_IODEF_INSTANTIATE_ENUM(v1::ConfidenceRating)
NCIRT_IODEF_INSTANTIATE_ENUM(v1::Severity)
NCIRT_IODEF_INSTANTIATE_ENUM(v1::AddressCategory)
NCIRT_IODEF_INSTANTIATE_ENUM(v1::SystemCategory)
#undef NCIRT_IODEF_INSTANTIATE_ENUM

}  // namespace ncirt::iodef
