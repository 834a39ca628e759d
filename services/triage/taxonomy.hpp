#pragma once
// Incident categories: the ENISA Reference Security Incident Taxonomy (RSIT, the Reference
// Incident Classification Taxonomy of the ENISA/CSIRTs Network working group), as
// "<class>/<type>" tokens, e.g. "availability/ddos". Triage stores one per incident
// (triage.incidents.category) and filters the queue by it.
//
// The ITU-T documents on national CIRTs single out spam, botnets, DDoS, fraud and phishing,
// traffic re-routing and interception of communications; each category carries the ITU concern
// it answers to, so the console can offer them first. RSIT has no type for traffic re-routing
// (BGP or DNS hijacking), so ncirt adds one, "intrusions/traffic-rerouting", marked as a local
// extension (is_rsit false); every other entry is RSIT's own.
//
// Thread-safety: an immutable table.

#include <optional>
#include <span>
#include <string_view>

namespace ncirt::triage {

struct Category {
  // "<class>/<type>", lower case.
  std::string_view token;
  std::string_view description;
  // The ITU concern ("spam", "botnets", "ddos", "fraud-phishing", "traffic-rerouting",
  // "interception"), or empty.
  std::string_view itu_concern;
  bool is_rsit = true;
};

std::span<const Category> Categories();

// The entry for a token; nullopt when the token is not in the table.
std::optional<Category> FindCategory(std::string_view token);

}  // namespace ncirt::triage
