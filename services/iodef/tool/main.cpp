// ncirt-iodef: the analyst's offline IODEF checker and converter, over the same codec intake
// uses. The only part of the codec that reads files.
//
//   ncirt-iodef validate [--policy strict|tolerant] FILE...
//       One line per issue on stdout, "FILE:LINE:COLUMN: error|warning: message [schema path]",
//       and a one-line summary on stderr. Exit 0 when every file is accepted, 1 when any is
//       rejected, 2 on usage errors or unreadable files.
//   ncirt-iodef convert [--policy strict|tolerant] --to xml|json FILE
//       The IODEF v2 rendering on stdout; issues, and what the rendering had to leave out, as
//       warnings on stderr. Same exit codes.
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "iodef/codec.hpp"

namespace {

namespace iodef = ncirt::iodef;

constexpr int kAccepted = 0;
constexpr int kRejected = 1;
constexpr int kUsage = 2;

// The whole file, or a sentence saying why it cannot be read. Files over the codec's size limit
// are not read at all; the codec's own check then speaks for them.
std::optional<std::string> ReadDocument(const std::string& path, std::string& why) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    why = "is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    why = "read error";
    return std::nullopt;
  }
  return std::move(bytes).str();
}

std::string_view LevelName(const ncirt::v1::ValidationIssue& issue) {
  return issue.level() == ncirt::v1::ValidationIssue::LEVEL_ERROR ? "error" : "warning";
}

void PrintIssues(std::ostream& out, const std::string& file, const iodef::Decoded& decoded) {
  for (const auto& issue : decoded.report.issues) {
    out << file << ':' << issue.line() << ':' << issue.column() << ": " << LevelName(issue)
        << ": " << issue.message();
    if (!issue.schema_path().empty()) out << " [" << issue.schema_path() << ']';
    out << '\n';
  }
  // Every rejection carries its issue; this covers a decoder that returned none.
  if (!decoded.ok() && decoded.report.issues.empty()) {
    out << file << ":0:0: error: " << decoded.error->ToString() << '\n';
  }
}

struct Tally {
  int files = 0;
  int accepted = 0;
  int rejected = 0;
  int unreadable = 0;
  int errors = 0;
  int warnings = 0;

  void Count(const iodef::Decoded& decoded) {
    ++files;
    decoded.ok() ? ++accepted : ++rejected;
    for (const auto& issue : decoded.report.issues) {
      issue.level() == ncirt::v1::ValidationIssue::LEVEL_ERROR ? ++errors : ++warnings;
    }
    if (!decoded.ok() && decoded.report.issues.empty()) ++errors;
  }

  std::string Summary(iodef::Policy policy) const {
    std::string line = "ncirt-iodef: " + std::to_string(files) + (files == 1 ? " file" : " files") +
                       " checked (policy " + std::string(iodef::PolicyName(policy)) + "): " +
                       std::to_string(accepted) + " accepted, " + std::to_string(rejected) +
                       " rejected";
    if (unreadable > 0) line += ", " + std::to_string(unreadable) + " unreadable";
    return line + "; " + std::to_string(errors) + " errors, " + std::to_string(warnings) +
           " warnings";
  }
};

int Validate(const std::vector<std::string>& files, iodef::Policy policy) {
  Tally tally;
  for (const std::string& file : files) {
    std::string why;
    const std::optional<std::string> document = ReadDocument(file, why);
    if (!document) {
      ++tally.unreadable;
      std::cerr << file << ": cannot read: " << why << '\n';
      continue;
    }
    const iodef::Decoded decoded = iodef::Decode(*document, policy);
    PrintIssues(std::cout, file, decoded);
    tally.Count(decoded);
  }
  std::cout.flush();
  std::cerr << tally.Summary(policy) << '\n';
  if (tally.unreadable > 0) return kUsage;
  return tally.rejected > 0 ? kRejected : kAccepted;
}

int Convert(const std::string& file, iodef::Policy policy, const std::string& to) {
  std::string why;
  const std::optional<std::string> document = ReadDocument(file, why);
  if (!document) {
    std::cerr << file << ": cannot read: " << why << '\n';
    return kUsage;
  }
  const iodef::Decoded decoded = iodef::Decode(*document, policy);
  PrintIssues(std::cerr, file, decoded);
  if (!decoded.ok()) return kRejected;
  const ncirt::common::Result<iodef::Rendered> rendered =
      to == "json" ? iodef::RenderJson(decoded.incidents) : iodef::RenderXml(decoded.incidents);
  if (!rendered) {
    std::cerr << file << ":0:0: error: cannot render as IODEF v2 " << to << ": "
              << rendered.error().ToString() << '\n';
    return kRejected;
  }
  for (const std::string& omitted : rendered->omitted) {
    std::cerr << file << ":0:0: warning: not in the " << to << " rendering (kept in the source "
              << "document): " << omitted << '\n';
  }
  std::cout << rendered->document;
  if (!rendered->document.ends_with('\n')) std::cout << '\n';
  return kAccepted;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Checks and converts IODEF incident reports (RFC 7970 v2, RFC 5070 v1, RFC 8727 "
               "JSON) with the codec ncirt's intake uses."};
  app.require_subcommand(1);
  const std::vector<std::string> policies{"strict", "tolerant"};

  std::string policy_name = "tolerant";
  std::vector<std::string> files;
  CLI::App* validate = app.add_subcommand(
      "validate", "Validate documents; print every issue as FILE:LINE:COLUMN: level: message "
                  "[schema path]. Exit 0: all accepted, 1: any rejected, 2: usage or unreadable.");
  validate->add_option("--policy", policy_name,
                       "strict rejects any violation; tolerant accepts what the model can hold "
                       "and reports violations as warnings")
      ->check(CLI::IsMember(policies))
      ->capture_default_str();
  validate->add_option("FILE", files, "IODEF documents (XML or JSON)")->required();

  std::string convert_policy = "tolerant";
  std::string to;
  std::string convert_file;
  CLI::App* convert = app.add_subcommand(
      "convert", "Render a document as IODEF v2 XML or JSON on stdout; issues and what could not "
                 "be rendered go to stderr as warnings.");
  convert->add_option("--policy", convert_policy, "strict or tolerant, as for validate")
      ->check(CLI::IsMember(policies))
      ->capture_default_str();
  convert->add_option("--to", to, "xml or json")->check(CLI::IsMember({"xml", "json"}))
      ->required();
  convert->add_option("FILE", convert_file, "an IODEF document (XML or JSON)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kAccepted : kUsage;
  }
  if (validate->parsed()) {
    return Validate(files, iodef::ParsePolicy(policy_name).value());
  }
  return Convert(convert_file, iodef::ParsePolicy(convert_policy).value(), to);
}
