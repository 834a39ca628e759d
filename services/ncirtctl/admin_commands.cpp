#include <fstream>
#include <iostream>

#include "ncirtctl/commands.hpp"

namespace ncirt::ncirtctl {
namespace {

using common::ErrorKind;
using nlohmann::json;

// The first line of `path` ('-': standard input), without its line break.
common::Result<std::string> FirstLine(const std::string& path) {
  std::string line;
  if (path == "-") {
    std::getline(std::cin, line);
  } else {
    std::ifstream in(path);
    if (!in) return common::Fail(ErrorKind::kBadRequest, "cannot read '" + path + "'", path);
    std::getline(in, line);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void AddUsers(CLI::App& app, Context& ctx) {
  auto* users = app.add_subcommand("users", "Manage users (admin)");
  users->require_subcommand(1);
  auto* create = users->add_subcommand("create", "Create a user");
  struct Args {
    std::string name, role = "analyst", password_file;
  };
  auto a = std::make_shared<Args>();
  create->add_option("name", a->name, "The login name")->required();
  create->add_option("--role", a->role, "analyst, lead, admin or auditor")->capture_default_str();
  create->add_option("--password-file", a->password_file,
                     "A file whose first line is the password ('-': standard input); passwords "
                     "never go on the command line")
      ->required();
  create->callback([&ctx, a] {
    ctx.Finish([&]() -> common::Result<void> {
      auto password = FirstLine(a->password_file);
      if (!password) return std::unexpected(password.error());
      auto created = ctx.Triage("POST", "/v1/users",
                                json{{"name", a->name}, {"role", a->role}, {"password", *password}});
      if (!created) return std::unexpected(created.error());
      const json shown = created->is_null() ? json{{"name", a->name}, {"role", a->role}} : *created;
      ctx.PrintFields(shown, {{"user", a->name}, {"role", a->role}, {"status", "created"}});
      return {};
    }());
  });
}

void AddTokens(CLI::App& app, Context& ctx) {
  auto* tokens = app.add_subcommand("tokens", "Manage API tokens (admin)");
  tokens->require_subcommand(1);
  auto* create = tokens->add_subcommand("create", "Create an API token for a user; printed once");
  auto user = std::make_shared<std::string>();
  auto label = std::make_shared<std::string>();
  create->add_option("--user", *user, "The user the token acts as")->required();
  create->add_option("--label", *label, "What the token is for")->required();
  create->callback([&ctx, user, label] {
    ctx.Finish([&]() -> common::Result<void> {
      auto created = ctx.Triage("POST", "/v1/tokens", json{{"user", *user}, {"label", *label}});
      if (!created) return std::unexpected(created.error());
      // The token alone on stdout, so `t=$(ncirtctl tokens create ...)` works.
      if (ctx.settings.json) std::cout << created->dump(2) << "\n";
      else std::cout << Cell((*created)["token"]) << "\n";
      return {};
    }());
  });
}

Table SlaTable(const json& rows) {
  Table table{{"PRIORITY", "TIME_TO_TRIAGE_S", "TIME_TO_RESOLVE_S"}, {}};
  for (const auto& r : rows) {
    table.rows.push_back({"P" + Cell(r["priority"]), Cell(r["time_to_triage_s"]),
                          Cell(r["time_to_resolve_s"])});
  }
  return table;
}

void AddSla(CLI::App& app, Context& ctx) {
  auto* sla = app.add_subcommand("sla", "SLA targets per priority");
  sla->require_subcommand(1);
  auto* show = sla->add_subcommand("show", "Show the targets of every priority");
  show->callback([&ctx] {
    ctx.Finish([&]() -> common::Result<void> {
      json rows = json::array();
      for (int p = 1; p <= 4; ++p) {
        auto row = ctx.Triage("GET", "/v1/sla-targets/" + std::to_string(p));
        if (!row) return std::unexpected(row.error());
        rows.push_back(*row);
      }
      ctx.Print(rows, SlaTable(rows));
      return {};
    }());
  });
  auto* set = sla->add_subcommand("set", "Set a priority's targets (lead, admin)");
  auto priority = std::make_shared<int>(0);
  auto triage_s = std::make_shared<std::int64_t>(0);
  auto resolve_s = std::make_shared<std::int64_t>(0);
  set->add_option("priority", *priority, "1 to 4")->required()->check(CLI::Range(1, 4));
  set->add_option("--triage", *triage_s, "Time to triage, in seconds")->required();
  set->add_option("--resolve", *resolve_s, "Time to resolve, in seconds")->required();
  set->callback([&ctx, priority, triage_s, resolve_s] {
    ctx.Finish([&]() -> common::Result<void> {
      const json body = {{"priority", *priority}, {"time_to_triage_s", *triage_s},
                         {"time_to_resolve_s", *resolve_s}};
      auto done = ctx.Triage("PUT", "/v1/sla-targets/" + std::to_string(*priority), body);
      if (!done) return std::unexpected(done.error());
      const json row = done->is_null() ? body : *done;
      ctx.Print(row, SlaTable(json::array({row})));
      return {};
    }());
  });
}

void AddAudit(CLI::App& app, Context& ctx) {
  auto* audit = app.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Check the audit chain (auditor, admin); exit 1 when it is broken");
  verify->callback([&ctx] {
    ctx.Finish([&]() -> common::Result<void> {
      auto summary = ctx.Triage("GET", "/v1/audit/verify");
      if (!summary) return std::unexpected(summary.error());
      ctx.PrintFields(*summary, {{"intact", Cell((*summary)["intact"])},
                                 {"rows", Cell((*summary)["rows"])},
                                 {"last_seq", Cell((*summary)["last_seq"])},
                                 {"last_hash", Cell((*summary)["last_hash"])}});
      return {};
    }());
  });
}

}  // namespace

void AddAdminCommands(CLI::App& app, Context& ctx) {
  AddUsers(app, ctx);
  AddTokens(app, ctx);
  AddSla(app, ctx);
  AddAudit(app, ctx);
}

}  // namespace ncirt::ncirtctl
