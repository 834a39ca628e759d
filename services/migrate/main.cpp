// ncirt-migrate: brings the database named by NCIRT_DATABASE_URL to the schema this build
// carries (schemas/sql, compiled in), prints what it applied, exits 0 on success and 1 with a
// sentence on stderr otherwise. Safe to run from several places at once (common/pg/migrations).
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/connection>
#include <pqxx/except>

#include "common/config/config.hpp"
#include "common/pg/migrations.hpp"
#include "common/pg/pool_config.hpp"

namespace {

namespace config = ncirt::common::config;
namespace pg = ncirt::common::pg;

constexpr std::string_view kProgram = "ncirt-migrate";
constexpr std::string_view kSummary =
    "Applies the database migrations built into this program, once each, in order.";

// Only the connection string of the services' database options: the pool settings do not
// apply to a single-connection tool.
constexpr std::span<const config::Option> kOptions = std::span(pg::kDatabaseOptions).first<1>();
static_assert(pg::kDatabaseOptions[0].name == "NCIRT_DATABASE_URL");

int Failed(const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", kProgram.data(), message.c_str());
  return 1;
}

std::string FileName(const pg::MigrationRecord& record) {
  std::string version = std::to_string(record.version);
  version.insert(0, version.size() < 4 ? 4 - version.size() : 0, '0');
  return version + "_" + record.name + ".sql";
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

int Run(const std::string& database_url) {
  pqxx::connection connection(database_url);
  auto applied = pg::Migrate(connection);
  if (!applied) {
    return Failed(applied.error().ToString());
  }
  if (applied->empty()) {
    std::printf("%s: the database is up to date (%zu migration(s) in this build)\n",
                kProgram.data(), pg::EmbeddedMigrations().size());
    return 0;
  }
  for (const pg::MigrationRecord& record : *applied) {
    std::printf("%s: applied %s (sha256 %s)\n", kProgram.data(), FileName(record).c_str(),
                record.checksum.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {
    const std::string_view arg = argv[1];
    if (arg == "--help" || arg == "-h") {
      std::fputs(config::HelpText(kProgram, kSummary, kOptions).c_str(), stdout);
      return 0;
    }
    if (arg == "--options-markdown") {  // the option table of docs/operations.md
      std::fputs(config::MarkdownTable(kOptions).c_str(), stdout);
      return 0;
    }
    return Failed("unexpected argument '" + std::string(arg) + "'; see --help");
  }
  const config::Environment env = config::ProcessEnvironment();
  // The migration job shares one environment file with every service; their NCIRT_* options
  // are theirs to check, so only this program's own option is validated here.
  std::vector<std::string_view> others;
  for (const auto& [name, value] : env) {
    if (name.starts_with("NCIRT_") && name != kOptions[0].name) {
      others.push_back(name);
    }
  }
  auto values = config::Load(kOptions, env, others);
  if (!values) {
    return Failed(values.error().ToString());
  }
  try {
    return Run(values->String("NCIRT_DATABASE_URL"));
  } catch (const pqxx::broken_connection& e) {
    return Failed("cannot use the database: " + Trimmed(e.what()));
  } catch (const pqxx::failure& e) {
    return Failed("database error while migrating: " + Trimmed(e.what()));
  }
}
