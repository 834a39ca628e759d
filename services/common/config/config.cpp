#include "common/config/config.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

extern char** environ;  // POSIX; declared here because <unistd.h> only does so with _GNU_SOURCE

namespace ncirt::common::config {
namespace {

constexpr std::string_view kPrefix = "NCIRT_";

std::string_view TypeName(OptionType type) {
  switch (type) {
    case OptionType::kString: return "string";
    case OptionType::kInt: return "integer";
    case OptionType::kBool: return "boolean";
    case OptionType::kDuration: return "duration";
    case OptionType::kPath: return "path";
  }
  return "?";
}

Result<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) {
    return Fail(ErrorKind::kBadConfig, "'" + std::string(text) + "' is not a whole number");
  }
  return value;
}

Result<bool> ParseBool(std::string_view text) {
  std::string lower(text);
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "0" || lower == "no" || lower == "off") return false;
  return Fail(ErrorKind::kBadConfig,
              "'" + std::string(text) + "' is not a boolean (use true/false, yes/no, 1/0, on/off)");
}

}  // namespace

Result<std::int64_t> ParseDurationMs(std::string_view text) {
  struct Unit { std::string_view suffix; std::int64_t ms; };
  // Longest suffix first so "ms" is not read as "m" + "s".
  static constexpr Unit kUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000},
                                    {"h", 3'600'000}, {"d", 86'400'000}};
  for (const auto& unit : kUnits) {
    if (text.size() > unit.suffix.size() && text.ends_with(unit.suffix)) {
      auto number = ParseInt(text.substr(0, text.size() - unit.suffix.size()));
      if (number && *number >= 0) return *number * unit.ms;
      break;
    }
  }
  return Fail(ErrorKind::kBadConfig, "'" + std::string(text) +
                                         "' is not a duration (use a number with ms, s, m, h "
                                         "or d, e.g. 30s)");
}

Environment ProcessEnvironment() {
  Environment env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

const Values::Entry& Values::Get(std::string_view name, OptionType type) const {
  const auto it = entries_.find(name);
  if (it == entries_.end()) {
    throw std::logic_error("configuration option not declared: " + std::string(name));
  }
  const bool compatible = it->second.type == type ||
                          (type == OptionType::kString && it->second.type == OptionType::kPath);
  if (!compatible) {
    throw std::logic_error("configuration option " + std::string(name) + " is not a " +
                           std::string(TypeName(type)));
  }
  return it->second;
}

const std::string& Values::String(std::string_view name) const {
  return Get(name, OptionType::kString).text;
}
std::int64_t Values::Int(std::string_view name) const { return Get(name, OptionType::kInt).number; }
bool Values::Bool(std::string_view name) const { return Get(name, OptionType::kBool).flag; }
std::int64_t Values::DurationMs(std::string_view name) const {
  return Get(name, OptionType::kDuration).number;
}
bool Values::Has(std::string_view name) const {
  const auto it = entries_.find(name);
  return it != entries_.end() && !it->second.text.empty();
}

namespace {

// Written by deploy/local/ncirt.sh into var/ncirt.env for clients (curl, ncirtctl, scripts), or
// read by the scripts under deploy/ and tests/; no service reads them, and one environment file
// must serve every program.
constexpr std::string_view kToolVariables[] = {
    "NCIRT_INTAKE_URL", "NCIRT_TRIAGE_URL", "NCIRT_EXCHANGE_URL", "NCIRT_CA_FILE",
    "NCIRT_API_TOKEN",  "NCIRT_BUILD_DIR",  "NCIRT_PG_BIN",       "NCIRT_FUZZ_SECONDS",
    "NCIRT_FUZZ_BUILD_DIR", "NCIRT_JOBS", "NCIRT_SANITIZE_SUITE",
};

// `pattern` is a full name, or a prefix followed by '*' (NCIRT_TRIAGE_*).
bool Matches(std::string_view pattern, std::string_view name) {
  if (pattern.ends_with('*')) return name.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == name;
}

}  // namespace

std::span<const std::string_view> ToolVariables() { return kToolVariables; }

Result<Values> Load(std::span<const Option> options, const Environment& env,
                    std::span<const std::string_view> known_elsewhere) {
  for (const auto& [name, value] : env) {
    if (!name.starts_with(kPrefix)) continue;
    const bool declared = std::ranges::any_of(options, [&](const Option& o) { return o.name == name; });
    const auto matches = [&](std::string_view pattern) { return Matches(pattern, name); };
    const bool elsewhere = std::ranges::any_of(known_elsewhere, matches) ||
                           std::ranges::any_of(kToolVariables, matches);
    if (!declared && !elsewhere) {
      return Fail(ErrorKind::kBadConfig,
                  "unknown variable " + name + ": no ncirt option has this name (a typo?); "
                  "see --help for the options", name);
    }
  }
  Values values;
  for (const auto& option : options) {
    const auto it = env.find(option.name);
    const bool set = it != env.end();
    if (!set && option.required) {
      return Fail(ErrorKind::kBadConfig,
                  std::string(option.name) + " is required: " + std::string(option.description),
                  std::string(option.name));
    }
    Values::Entry entry{option.type, set ? it->second : std::string(option.default_value)};
    if (!entry.text.empty()) {
      Result<void> parsed;
      if (option.type == OptionType::kInt) {
        auto n = ParseInt(entry.text);
        if (n) entry.number = *n; else parsed = std::unexpected(n.error());
      } else if (option.type == OptionType::kBool) {
        auto b = ParseBool(entry.text);
        if (b) entry.flag = *b; else parsed = std::unexpected(b.error());
      } else if (option.type == OptionType::kDuration) {
        auto d = ParseDurationMs(entry.text);
        if (d) entry.number = *d; else parsed = std::unexpected(d.error());
      }
      if (!parsed) {
        // Secrets are not echoed back, even when malformed.
        auto message = parsed.error().message;
        if (option.secret) message = "the value is not a valid " + std::string(TypeName(option.type));
        return Fail(ErrorKind::kBadConfig,
                    std::string(option.name) + ": " + message, std::string(option.name));
      }
    }
    values.entries_.emplace(std::string(option.name), std::move(entry));
  }
  return values;
}

std::string HelpText(std::string_view program, std::string_view summary,
                     std::span<const Option> options) {
  std::string out = "Usage: " + std::string(program) + " [--help]\n\n" + std::string(summary) +
                    "\n\nConfiguration is read from these environment variables:\n\n";
  for (const auto& o : options) {
    out += "  " + std::string(o.name) + " (" + std::string(TypeName(o.type)) + ")";
    if (o.required) {
      out += ", required";
    } else if (!o.default_value.empty()) {
      out += ", default " + (o.secret ? std::string("(secret)") : std::string(o.default_value));
    }
    out += "\n      " + std::string(o.description) + "\n";
  }
  return out;
}

std::string MarkdownTable(std::span<const Option> options) {
  std::string out = "| variable | type | default | description |\n|---|---|---|---|\n";
  for (const auto& o : options) {
    std::string def = o.required ? "*(required)*"
                      : o.default_value.empty() ? "" : "`" + std::string(o.default_value) + "`";
    if (o.secret && !o.required) def = "*(secret)*";
    out += "| `" + std::string(o.name) + "` | " + std::string(TypeName(o.type)) + " | " + def +
           " | " + std::string(o.description) + " |\n";
  }
  return out;
}

}  // namespace ncirt::common::config
