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

void AddUserListing(CLI::App* users, Context& ctx);

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
  AddUserListing(users, ctx);
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

void AddUserListing(CLI::App* users, Context& ctx) {
  users->add_subcommand("list", "List users (admin)")->callback([&ctx] {
    ctx.Finish([&]() -> common::Result<void> {
      auto list = ctx.Triage("GET", "/v1/users");
      if (!list) return std::unexpected(list.error());
      Table table{{"NAME", "ROLE", "DISABLED", "CREATED"}, {}};
      for (const auto& u : (*list)["users"]) {
        table.rows.push_back({Cell(u["name"]), Cell(u["role"]), Cell(u["disabled"]),
                              TimeCell(u["created_at_ms"])});
      }
      ctx.Print(*list, table);
      return {};
    }());
  });
  auto* role = users->add_subcommand("role", "Change a user's role (admin)");
  auto role_name = std::make_shared<std::string>();
  auto role_value = std::make_shared<std::string>();
  role->add_option("name", *role_name, "The user")->required();
  role->add_option("role", *role_value, "analyst, lead, admin or auditor")->required();
  role->callback([&ctx, role_name, role_value] {
    ctx.Finish([&]() -> common::Result<void> {
      auto user = ctx.Triage("PUT", "/v1/users/" + Encode(*role_name) + "/role",
                             json{{"role", *role_value}});
      if (!user) return std::unexpected(user.error());
      ctx.PrintFields(*user, {{"user", Cell((*user)["name"])}, {"role", Cell((*user)["role"])}});
      return {};
    }());
  });
  for (const bool disable : {true, false}) {
    auto* sub = users->add_subcommand(disable ? "disable" : "enable",
                                      disable ? "Disable a user; ends its sessions (admin)"
                                              : "Enable a disabled user again (admin)");
    auto name = std::make_shared<std::string>();
    sub->add_option("name", *name, "The user")->required();
    sub->callback([&ctx, name, disable] {
      ctx.Finish([&]() -> common::Result<void> {
        auto user = ctx.Triage("PUT", "/v1/users/" + Encode(*name) + "/disabled",
                               json{{"disabled", disable}});
        if (!user) return std::unexpected(user.error());
        ctx.PrintFields(*user, {{"user", Cell((*user)["name"])},
                                {"disabled", Cell((*user)["disabled"])}});
        return {};
      }());
    });
  }
}

void AddTokens(CLI::App& app, Context& ctx) {
  auto* tokens = app.add_subcommand("tokens", "Manage API tokens (admin)");
  tokens->require_subcommand(1);
  auto* list = tokens->add_subcommand("list", "List API tokens (admin), never their secret");
  auto list_user = std::make_shared<std::string>();
  list->add_option("--user", *list_user, "Only this user's tokens");
  list->callback([&ctx, list_user] {
    ctx.Finish([&]() -> common::Result<void> {
      auto listed = ctx.Triage("GET", WithQuery("/v1/tokens", {{"user", *list_user}}));
      if (!listed) return std::unexpected(listed.error());
      Table table{{"ID", "USER", "LABEL", "CREATED", "REVOKED"}, {}};
      for (const auto& t : (*listed)["tokens"]) {
        table.rows.push_back({Cell(t["id"]), Cell(t["user"]), Cell(t["label"]),
                              TimeCell(t["created_at_ms"]), TimeCell(t["revoked_at_ms"])});
      }
      ctx.Print(*listed, table);
      return {};
    }());
  });
  auto* revoke = tokens->add_subcommand("revoke", "Revoke an API token (admin)");
  auto revoke_id = std::make_shared<std::string>();
  revoke->add_option("id", *revoke_id, "The token's id (tokens list)")->required();
  revoke->callback([&ctx, revoke_id] {
    ctx.Finish([&]() -> common::Result<void> {
      auto revoked = ctx.Triage("DELETE", "/v1/tokens/" + Encode(*revoke_id));
      if (!revoked) return std::unexpected(revoked.error());
      ctx.PrintFields(*revoked, {{"token", Cell((*revoked)["id"])},
                                 {"user", Cell((*revoked)["user"])},
                                 {"revoked", TimeCell((*revoked)["revoked_at_ms"])}});
      return {};
    }());
  });
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

void AddWhoami(CLI::App& app, Context& ctx) {
  app.add_subcommand("whoami", "Who the token acts for, with which role and permissions")
      ->callback([&ctx] {
        ctx.Finish([&]() -> common::Result<void> {
          auto me = ctx.Triage("GET", "/v1/me");
          if (!me) return std::unexpected(me.error());
          std::string permissions;
          for (const auto& p : (*me)["permissions"]) {
            permissions += (permissions.empty() ? "" : ",") + Cell(p);
          }
          ctx.PrintFields(*me, {{"name", Cell((*me)["name"])},
                                {"role", Cell((*me)["role"])},
                                {"permissions", permissions},
                                {"via", Cell((*me)["via"])}});
          return {};
        }());
      });
}

void AddAdminCommands(CLI::App& app, Context& ctx) {
  AddWhoami(app, ctx);
  AddUsers(app, ctx);
  AddTokens(app, ctx);
  AddSla(app, ctx);
  AddAudit(app, ctx);
}

}  // namespace ncirt::ncirtctl
