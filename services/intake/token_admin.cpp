#include "intake/token_admin.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <pqxx/except>

#include "common/pg/pool.hpp"
#include "intake/intake_config.hpp"
#include "intake/store/pg_token_store.hpp"
#include "intake/store/prepare.hpp"
#include "iodef/marking.hpp"

namespace ncirt::intake {
namespace {

int Failed(const std::string& message) {
  std::fprintf(stderr, "ncirt-intake token: %s\n", message.c_str());
  return 1;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

int Create(store::TokenStore& tokens, const IntakeConfig& config, const std::string& submitter,
           const std::string& scope_text, const std::string& policy_text,
           const std::string& tlp_text) {
  auto scopes = ParseScopes(scope_text);
  if (!scopes) return Failed(scopes.error().message);
  iodef::Policy policy = config.default_policy;
  if (!policy_text.empty()) {
    auto parsed = iodef::ParsePolicy(policy_text);
    if (!parsed) return Failed(parsed.error().message);
    policy = *parsed;
  }
  v1::Tlp tlp = config.default_tlp;
  if (!tlp_text.empty()) {
    const auto parsed = iodef::ParseTlp(tlp_text);
    if (!parsed) return Failed("unknown TLP '" + tlp_text + "': use CLEAR, GREEN, AMBER, "
                               "AMBER+STRICT or RED");
    tlp = *parsed;
  }
  const std::string token = NewTokenText(SecureRandomBytes);
  auto record = tokens.Create({.digest = DigestOf(token),
                               .submitter = submitter,
                               .scopes = *scopes,
                               .policy = policy,
                               .default_tlp = tlp});
  if (!record) return Failed(record.error().ToString());
  std::printf("%s\n", token.c_str());
  std::fflush(stdout);
  std::fprintf(stderr,
               "ncirt-intake token: created token %lld for submitter '%s' (scopes %s, policy %s, "
               "default TLP %s). It is shown only now; keep it secret.\n",
               static_cast<long long>(record->principal.token_id), submitter.c_str(),
               Joined(scopes->Names()).c_str(), std::string(iodef::PolicyName(policy)).c_str(),
               std::string(iodef::TlpName(tlp)).c_str());
  return 0;
}

int List(store::TokenStore& tokens) {
  auto records = tokens.List();
  if (!records) return Failed(records.error().ToString());
  std::printf("%-6s %-24s %-18s %-9s %-13s %-21s %s\n", "id", "submitter", "scopes", "policy",
              "default-tlp", "created", "revoked");
  for (const auto& r : *records) {
    const Principal& p = r.principal;
    std::printf("%-6lld %-24s %-18s %-9s %-13s %-21s %s\n", static_cast<long long>(p.token_id),
                p.submitter.c_str(), Joined(p.scopes.Names()).c_str(),
                std::string(iodef::PolicyName(p.policy)).c_str(),
                std::string(iodef::TlpName(p.default_tlp)).c_str(), r.created_at.c_str(),
                r.revoked_at.empty() ? "-" : r.revoked_at.c_str());
  }
  return 0;
}

}  // namespace

int RunTokenCommand(std::span<char*> args, const common::config::Environment& env) {
  CLI::App cli{"Manage intake API tokens (reads NCIRT_DATABASE_URL).", "ncirt-intake token"};
  cli.require_subcommand(1);
  std::string submitter, scope_text, policy_text, tlp_text;
  std::int64_t revoke_id = 0;
  auto* create = cli.add_subcommand("create", "Create a token and print it once.");
  create->add_option("--submitter", submitter, "The submitter identity the token acts for.")
      ->required();
  create->add_option("--scope", scope_text, "Comma-separated scopes: submit, read, admin.")
      ->required();
  create->add_option("--policy", policy_text, "Validation policy: strict or tolerant.");
  create->add_option("--tlp", tlp_text, "Default TLP of the token's incidents.");
  auto* list = cli.add_subcommand("list", "List tokens (never their secrets).");
  auto* revoke = cli.add_subcommand("revoke", "Revoke a token by id.");
  revoke->add_option("id", revoke_id, "The token's id (see list).")->required();

  std::vector<const char*> argv{"ncirt-intake token"};
  for (char* a : args) argv.push_back(a);
  try {
    cli.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }

  auto config = LoadIntakeConfig(env, /*serving=*/false);
  if (!config) return Failed(config.error().ToString());
  common::pg::Pool pool({.dsn = config->database_url,
                         .max_connections = 1,
                         .acquire_timeout = std::chrono::seconds(10),
                         .on_connect = store::PrepareStatements});
  store::PgTokenStore tokens(pool);
  try {
    if (create->parsed()) {
      return Create(tokens, *config, submitter, scope_text, policy_text, tlp_text);
    }
    if (list->parsed()) return List(tokens);
    if (auto revoked = tokens.Revoke(revoke_id); !revoked) {
      return Failed(revoked.error().ToString());
    }
    std::fprintf(stderr, "ncirt-intake token: revoked token %lld\n",
                 static_cast<long long>(revoke_id));
    return 0;
  } catch (const pqxx::failure& e) {
    return Failed(std::string("database error: ") + e.what());
  }
}

}  // namespace ncirt::intake
