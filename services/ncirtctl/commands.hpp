#pragma once
// ncirtctl's commands, registered on the CLI11 application. Each command's callback runs its
// requests through the Context and records the outcome there (Context::Finish); none exits the
// process itself, so main() is the one place that prints errors and picks the exit status.
//
//   incident_commands.cpp  submit, file, list, show, claim, move, assign, category, priority,
//                          merge, comment, comments, link, links
//   admin_commands.cpp     whoami, users list|create|role|disable|enable, tokens list|create|
//                          revoke, sla show|set, audit verify
//
// Thread-safety: single-threaded.

#include <CLI/CLI.hpp>

#include "ncirtctl/context.hpp"

namespace ncirt::ncirtctl {

// The global flags (Settings) on `app`.
void AddGlobalOptions(CLI::App& app, Settings& settings);

void AddIncidentCommands(CLI::App& app, Context& context);
void AddAdminCommands(CLI::App& app, Context& context);
// exchange_commands.cpp: partners list|add|enable|disable|query|questions, share [--preview],
// withdraw, sharing, constituency import|lookup|list (docs/api-exchange.md,
// docs/api-constituency.md).
void AddExchangeCommands(CLI::App& app, Context& context);
// report_commands.cpp: report (GET /v1/statistics as tables, JSON or CSV; --annual: the HTML
// annual report), docs/api-statistics.md.
void AddReportCommands(CLI::App& app, Context& context);

// The table of queue entries (docs/api.md's incident object) ncirtctl prints for list/claim.
Table IncidentTable(const nlohmann::json& incidents);

// The table of status questions (docs/api-exchange.md) for `partners query|questions`: the
// partner's answer, or why there is none.
Table QuestionTable(const nlohmann::json& questions);

// "/v1/queue?state=new&limit=50": the non-empty parameters, percent-encoded.
std::string WithQuery(const std::string& path,
                      const std::vector<std::pair<std::string, std::string>>& params);

// Percent-encodes a path segment or query value (RFC 3986 unreserved characters kept).
std::string Encode(std::string_view text);

}  // namespace ncirt::ncirtctl
