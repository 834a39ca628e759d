#pragma once
// The JSON forms of the constituency and correlation API (docs/api-constituency.md): request
// bodies and query parameters read into checked values, with kBadRequest naming the member,
// and the response objects.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "triage/constituency/matcher.hpp"
#include "triage/constituency/registry_store.hpp"
#include "triage/correlation/correlation_store.hpp"

namespace ncirt::triage::constituency {

// Query parameter `name` as milliseconds since the epoch; nullopt when absent.
common::Result<std::optional<TimePoint>> QueryTime(std::string_view query, std::string_view name);
// Query parameter `name` as an integer in [low, high]; nullopt when absent.
common::Result<std::optional<int>> QueryInt(std::string_view query, std::string_view name,
                                            int low, int high);

// {"handle", "name", "sector", "criticality"?, "valid_from_ms"?, "ranges"?, "asns"?,
//  "domains"?, "contacts"?}
common::Result<NewOrganisation> ParseNewOrganisation(const nlohmann::json& body);
// {"name", "sector", "criticality"?}
common::Result<OrganisationAttributes> ParseAttributes(const nlohmann::json& body);
// Optional member "valid_from_ms".
common::Result<std::optional<TimePoint>> ParseValidFrom(const nlohmann::json& body);
// The body of POST .../{ranges,asns,domains,contacts}.
common::Result<FactValue> ParseFact(FactKind kind, const nlohmann::json& body);
common::Result<correlation::Settings> ParseSettings(const nlohmann::json& body);

nlohmann::json OrganisationJson(const Organisation& organisation, bool history);
nlohmann::json VersionJson(const std::string& handle, const VersionRecord& version);
nlohmann::json FactJson(const FactRecord& fact);
nlohmann::json LookupJson(const std::string& value, const std::vector<LookupMatch>& matches);
nlohmann::json ImportJson(const ImportReport& report);
nlohmann::json ImportErrorsJson(const std::vector<ImportError>& errors);
nlohmann::json ConstituentsJson(const IncidentConstituents& constituents);
nlohmann::json RelatedJson(const correlation::Related& related);
nlohmann::json DuplicatesJson(const std::string& incident_id, std::int64_t window_s,
                              const std::vector<correlation::DuplicateProposal>& proposals);
nlohmann::json SettingsJson(const correlation::Settings& settings);

}  // namespace ncirt::triage::constituency
