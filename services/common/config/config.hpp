#pragma once
// Declarative configuration from environment variables.
//
// Every service declares its options once, as rows of a table (name, type, default, description,
// secret?). The same rows validate the environment at start-up, print `--help`, and generate the
// option table in docs/operations.md, so the three cannot drift apart. The names are the ones
// docker-compose uses; the local launcher sets the same ones.
//
// Load() rejects, with a sentence naming the variable, a value of the wrong type, a missing
// required option, and an unknown NCIRT_* variable (a typo must not silently fall back to a
// default). Variables that belong to other ncirt programs are passed as `known_elsewhere` so a
// shared environment file does not trip one service over another's options.
//
// The result is an immutable Values object; services turn it into their own const Config struct
// once and pass that by reference.
//
// Thread-safety: Values is immutable after Load(); share it freely.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"

namespace ncirt::common::config {

enum class OptionType {
  kString,
  kInt,       // decimal, may be negative
  kBool,      // true/false, 1/0, yes/no, on/off
  kDuration,  // an integer with a unit: 500ms, 30s, 5m, 2h, 7d
  kPath,      // a string naming a file or folder; not checked for existence here
};

struct Option {
  std::string_view name;  // NCIRT_...
  OptionType type;
  // Used when the variable is unset; empty with required=false means "no value".
  std::string_view default_value;
  std::string_view description;
  bool secret = false;    // never printed, logged, or shown in --help with its value
  bool required = false;  // no default: start-up fails if unset
};

using Environment = std::map<std::string, std::string, std::less<>>;

// The process environment (environ), as a map.
Environment ProcessEnvironment();

class Values {
 public:
  // REQUIRES: `name` is declared in the table Load() was given (a programming error otherwise:
  // throws std::logic_error).
  const std::string& String(std::string_view name) const;
  std::int64_t Int(std::string_view name) const;
  bool Bool(std::string_view name) const;
  std::int64_t DurationMs(std::string_view name) const;
  // True when the option has a value (set, or defaulted to a non-empty value).
  bool Has(std::string_view name) const;

 private:
  friend Result<Values> Load(std::span<const Option>, const Environment&,
                             std::span<const std::string_view>);
  struct Entry {
    OptionType type;
    std::string text;
    std::int64_t number = 0;
    bool flag = false;
  };
  const Entry& Get(std::string_view name, OptionType type) const;
  std::map<std::string, Entry, std::less<>> entries_;
};

// Validates `env` against `options`. `known_elsewhere` lists NCIRT_* names declared by other
// ncirt programs; they are ignored, not rejected. An entry ending in '*' is a prefix
// ("NCIRT_TRIAGE_*": every option of triage), so one environment file can serve every service
// while each still refuses a misspelt name of its own. ToolVariables() are always ignored.
Result<Values> Load(std::span<const Option> options, const Environment& env,
                    std::span<const std::string_view> known_elsewhere = {});

// The NCIRT_* names only clients and scripts read (NCIRT_INTAKE_URL, NCIRT_CA_FILE, ...: what
// deploy/local/ncirt.sh writes into var/ncirt.env for them); Load() never refuses them.
std::span<const std::string_view> ToolVariables();

// Parses a duration like "30s"; exposed for tests and for other inputs that take durations.
Result<std::int64_t> ParseDurationMs(std::string_view text);

// The --help text: usage line, then one block per option with its default and description.
std::string HelpText(std::string_view program, std::string_view summary,
                     std::span<const Option> options);

// A Markdown table of the options, for docs/operations.md.
std::string MarkdownTable(std::span<const Option> options);

}  // namespace ncirt::common::config
