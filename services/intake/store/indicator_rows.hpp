#pragma once
// How an incident's normalised indicators become rows of intake.indicators (see
// schemas/sql/0006_intake_indicators.sql for the columns and their indexes), and the PostgreSQL
// array literals that let one INSERT ... SELECT FROM unnest(...) write them all in a single
// round trip.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ncirt/v1/incident.pb.h"

namespace ncirt::intake::store {

struct IndicatorRow {
  std::string kind;
  std::string value;
  // inet text, for addresses and networks.
  std::optional<std::string> address;
  // For domains, URL hosts and e-mail domains.
  std::optional<std::string> domain_reversed;
  std::string hash_algorithm;
  std::string role;
};

// One row per normalised indicator, in order; indicators of an unspecified kind are skipped.
std::vector<IndicatorRow> IndicatorRows(const v1::Incident& incident);

// "ipv4-address", "domain", ... (the `kind` column).
std::string_view IndicatorKindName(v1::IndicatorKind kind);

// "www.example.com" -> "com.example.www."; nullopt for an empty name or an IP literal.
std::optional<std::string> ReversedDomain(std::string_view domain);

// The host of a URL as NormalizeUrl writes it ("scheme://[user@]host[:port]/..."); nullopt
// when there is none.
std::optional<std::string> UrlHost(std::string_view url);

// A one-dimensional PostgreSQL array literal: {"a","b",NULL}, each element quoted with
// backslash escapes, nullopt as NULL. Elements are passed through SqlText.
std::string ArrayLiteral(const std::vector<std::optional<std::string>>& elements);

}  // namespace ncirt::intake::store
