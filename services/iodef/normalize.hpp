#pragma once
// Extracts the normalised indicators of an incident: the addresses, networks, domains, URLs,
// e-mail addresses, hashes and AS numbers that correlation and constituency lookup match on.
//
// Sources: every System's Node (in EventData, nested EventData and Indicator Observables),
// DomainData, Service URLs, EmailData senders and recipients, FileData hashes, BulkObservable
// lists and site-uri addresses. Contact e-mail addresses are deliberately not indicators: they
// are the people to notify, not evidence.
//
// Values are put in one canonical form per kind (see indicator.proto), so "192.0.2.1" and
// "192.000.002.001" or "Example.COM." and "example.com" correlate. A value that does not parse
// for its declared kind is left out rather than stored wrongly (the verbatim document keeps it).
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

// All indicators of the incident, deduplicated, in first-seen order.
std::vector<v1::NormalizedIndicator> ExtractIndicators(const v1::Incident& incident);

// Replaces incident.normalized_indicators with ExtractIndicators(incident).
void FillNormalizedIndicators(v1::Incident& incident);

// Canonical forms, exposed for intake's search parameters and for tests. Each returns nullopt
// when the text is not a value of that kind.
std::optional<v1::NormalizedIndicator> NormalizeAddress(std::string_view text);  // v4 or v6
std::optional<v1::NormalizedIndicator> NormalizeNetwork(std::string_view text);  // CIDR or mask
std::optional<std::string> NormalizeDomain(std::string_view text);
std::optional<std::string> NormalizeEmail(std::string_view text);
std::optional<std::string> NormalizeUrl(std::string_view text);
std::optional<std::string> NormalizeAsn(std::string_view text);
// Lower-case hex of a hex or base64 digest; nullopt when it is neither.
std::optional<std::string> NormalizeHashHex(std::string_view text);
// "sha256", "sha1", "md5", ... from an XML-DSig/XML-Enc algorithm URI or a plain name.
std::string HashAlgorithmName(std::string_view uri_or_name);

}  // namespace ncirt::iodef
