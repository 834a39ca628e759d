#pragma once
// What one partner CIRT may receive from us: the terms of its sharing agreement as the policy
// functions read them. Built from the partner registry; the policy never looks at the database.
//
// Categories are compared after NormaliseCategory() (trimmed, ASCII lower case), so "Phishing"
// in an incident matches "phishing" in the agreement. The entry kAnyCategory ("*") accepts every
// category, and also incidents that carry none.
//
// Thread-safety: plain values and pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "ncirt/v1/marking.pb.h"

namespace ncirt::exchange::policy {

inline constexpr std::string_view kAnyCategory = "*";

struct Agreement {
  // The partner's name, used in every refusal and removal message.
  std::string partner;
  // The agreement's name, e.g. "EU-CSIRTs-2026".
  std::string name;
  // The TLP levels the partner may receive. TLP_RED and TLP_UNSPECIFIED are never honoured here.
  std::vector<v1::Tlp> allowed_tlps;
  // Normalised incident categories the partner agreed to receive, or kAnyCategory.
  std::vector<std::string> allowed_categories;
  // Contact names, e-mail addresses, telephones, postal addresses and need-to-know elements.
  bool personal_data_allowed = false;
  // The verbatim original IODEF document may ride along (only when the policy removed nothing).
  bool original_document_allowed = false;
};

// True when the agreement lists `tlp`; always false for TLP_RED and TLP_UNSPECIFIED.
bool AllowsTlp(const Agreement& agreement, v1::Tlp tlp);

// True when the agreement lists NormaliseCategory(category), or kAnyCategory.
bool AllowsCategory(const Agreement& agreement, std::string_view category);

// True when the agreement lists kAnyCategory.
bool AllowsAnyCategory(const Agreement& agreement);

// Leading and trailing blanks removed, ASCII letters in lower case.
std::string NormaliseCategory(std::string_view category);

}  // namespace ncirt::exchange::policy
