// Runs the built ncirt-iodef binary (its path comes from the build as NCIRT_IODEF_TOOL) on corpus
// and hostile documents and checks what an analyst sees: stdout lines, stderr, exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "iodef/codec.hpp"
#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;
namespace fs = std::filesystem;

struct ToolRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Quoted(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Runs the tool through the shell with stdout and stderr captured in files.
ToolRun RunTool(const std::vector<std::string>& args) {
  // ctest runs the cases of this binary as parallel processes: each needs its own files.
  static int run_number = 0;
  const fs::path dir = fs::path(::testing::TempDir()) /
                       ("ncirt_iodef_tool_test." + std::to_string(getpid()) + "." +
                        std::to_string(run_number++));
  fs::create_directories(dir);
  const fs::path out = dir / "stdout";
  const fs::path err = dir / "stderr";
  std::string command = Quoted(NCIRT_IODEF_TOOL);
  for (const std::string& arg : args) command += " " + Quoted(arg);
  command += " >" + Quoted(out.string()) + " 2>" + Quoted(err.string()) + " </dev/null";
  const int status = std::system(command.c_str());
  ToolRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = testing::ReadFile(out);
  run.err = testing::ReadFile(err);
  fs::remove_all(dir);
  return run;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string Corpus(const std::string& relative) {
  return (testing::SharedIodefDir() / "docs" / relative).string();
}

std::string Hostile(const std::string& name) {
  return (testing::TestDataDir() / "hostile" / name).string();
}

// FILE:LINE:COLUMN: error|warning: message [schema path]
const std::regex kIssueLine(R"(^(.+):(\d+):(\d+): (error|warning): (.+?)( \[(/[^\]]*)\])?$)");

// --- validate ------------------------------------------------------------------------------------

TEST(ToolTest, ValidateAcceptsValidDocumentSilentlyWithSummary) {
  const ToolRun run = RunTool({"validate", "--policy", "strict", Corpus("v2/rfc7970-s7.1-minimal.xml")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err,
            "ncirt-iodef: 1 file checked (policy strict): 1 accepted, 0 rejected; 0 errors, 0 "
            "warnings\n");
}

TEST(ToolTest, ValidateStrictPrintsEveryViolationAsErrorAndExitsOne) {
  const std::string file = Corpus("v2/rfc7970-s7.2-campaign-indicators.xml");
  const ToolRun run = RunTool({"validate", "--policy", "strict", file});
  EXPECT_EQ(run.exit_code, 1);
  const auto lines = Lines(run.out);
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_EQ(lines[0], file +
                          ":16:0: error: Element 'Description' is not allowed here; expected "
                          "ThreatActorID, URL. "
                          "[/IODEF-Document/Incident/RelatedActivity/ThreatActor/Description]");
  EXPECT_THAT(lines[1], StartsWith(file + ":45:0: error: Element 'BulkObservable', attribute "
                                          "'type': 'fqdn' is not one of the allowed values"));
  EXPECT_THAT(run.err, HasSubstr("0 accepted, 1 rejected; 2 errors, 0 warnings"));
}

TEST(ToolTest, ValidateTolerantByDefaultPrintsViolationsAsWarningsAndExitsZero) {
  const std::string file = Corpus("v2/rfc7970-s7.2-campaign-indicators.xml");
  const ToolRun run = RunTool({"validate", file});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const auto lines = Lines(run.out);
  ASSERT_THAT(lines, Not(IsEmpty()));
  EXPECT_THAT(lines[0], StartsWith(file + ":16:0: warning: Element 'Description'"));
  for (const std::string& line : lines) EXPECT_THAT(line, HasSubstr(": warning: "));
  EXPECT_THAT(run.err, HasSubstr("(policy tolerant): 1 accepted, 0 rejected"));
}

TEST(ToolTest, ValidatePrintsParseErrorOfNotWellFormedDocumentTheSameWay) {
  const std::string file = Corpus("invalid/synth-v2-mismatched-end-tag.xml");
  const ToolRun run = RunTool({"validate", file});
  EXPECT_EQ(run.exit_code, 1);
  const auto lines = Lines(run.out);
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(lines[0], file +
                          ":12:62: error: end tag 'GenerationTim' does not match the start tag "
                          "'GenerationTime' opened on line 12");
}

TEST(ToolTest, EveryOutputLineOfTheWholeCorpusHasTheIssueFormat) {
  std::vector<std::string> args = {"validate"};
  std::size_t files = 0;
  for (const std::string sub : {"v2", "v1", "invalid"}) {
    for (const fs::path& path : testing::CorpusFiles(sub)) {
      args.push_back(path.string());
      ++files;
    }
  }
  const ToolRun run = RunTool(args);
  // docs/invalid holds rejected documents, so the run as a whole is a rejection.
  EXPECT_EQ(run.exit_code, 1);
  const auto lines = Lines(run.out);
  ASSERT_THAT(lines, Not(IsEmpty()));
  for (const std::string& line : lines) {
    std::smatch match;
    ASSERT_TRUE(std::regex_match(line, match, kIssueLine)) << line;
    EXPECT_TRUE(fs::exists(match[1].str())) << line;
  }
  const auto summary = Lines(run.err);
  ASSERT_THAT(summary, SizeIs(1));
  EXPECT_THAT(summary[0], StartsWith("ncirt-iodef: " + std::to_string(files) + " files checked"));
}

TEST(ToolTest, ValidateOfManyFilesExitsOneWhenAnyIsRejected) {
  const ToolRun run = RunTool({"validate", "--policy", "strict", Corpus("v2/rfc7970-s7.1-minimal.xml"),
                           Corpus("invalid/synth-v2-truncated.xml")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("2 files checked (policy strict): 1 accepted, 1 rejected"));
}

TEST(ToolTest, UnreadableFileExitsTwoAndStillChecksTheOthers) {
  const ToolRun run = RunTool({"validate", "/nonexistent/report.xml", Corpus("v2/rfc7970-s7.1-minimal.xml")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("/nonexistent/report.xml: cannot read: No such file or directory"));
  EXPECT_THAT(run.err, HasSubstr("1 accepted, 0 rejected, 1 unreadable"));
}

TEST(ToolTest, HostileDocumentIsRejectedWithoutLeakingTheFile) {
  const ToolRun run = RunTool({"validate", Hostile("xxe-local-file.xml")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr(": error: document type declarations are not allowed in incident "
                                 "reports"));
  if (fs::exists("/etc/hostname")) {
    std::string host = testing::ReadFile("/etc/hostname");
    while (!host.empty() && (host.back() == '\n' || host.back() == ' ')) host.pop_back();
    if (!host.empty()) {
      EXPECT_THAT(run.out, Not(HasSubstr(host)));
      EXPECT_THAT(run.err, Not(HasSubstr(host)));
    }
  }
}

// --- usage ---------------------------------------------------------------------------------------

TEST(ToolTest, UsageErrorsExitTwo) {
  const std::vector<std::vector<std::string>> usages = {
      {},
      {"validate"},
      {"validate", "--policy", "lenient", Corpus("v2/rfc7970-s7.1-minimal.xml")},
      {"frobnicate"},
      {"convert", Corpus("v2/rfc7970-s7.1-minimal.xml")},
      {"convert", "--to", "yaml", Corpus("v2/rfc7970-s7.1-minimal.xml")},
  };
  for (const auto& args : usages) {
    const ToolRun run = RunTool(args);
    EXPECT_EQ(run.exit_code, 2) << ::testing::PrintToString(args) << run.err;
    EXPECT_EQ(run.out, "") << ::testing::PrintToString(args);
  }
}

TEST(ToolTest, HelpOnEachCommandExitsZero) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"validate", "--help"}, {"convert", "--help"}}) {
    const ToolRun run = RunTool(args);
    EXPECT_EQ(run.exit_code, 0) << ::testing::PrintToString(args);
    EXPECT_THAT(run.out, HasSubstr("Usage:")) << ::testing::PrintToString(args);
  }
  EXPECT_THAT(RunTool({"--help"}).out, HasSubstr("validate"));
  EXPECT_THAT(RunTool({"validate", "--help"}).out, HasSubstr("--policy"));
  EXPECT_THAT(RunTool({"convert", "--help"}).out, HasSubstr("--to"));
}

// --- convert -------------------------------------------------------------------------------------

TEST(ToolTest, ConvertToXmlWritesADocumentTheOfficialSchemaAccepts) {
  const ToolRun run = RunTool({"convert", "--to", "xml", Corpus("v1/rfc5070-s7.1-worm.xml")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Decoded again = Decode(run.out, Policy::kStrict);
  ASSERT_TRUE(again.ok()) << again.error->ToString();
  EXPECT_EQ(again.report.format, v1::SOURCE_FORMAT_IODEF_V2_XML);
  ASSERT_THAT(again.incidents, SizeIs(1));
}

TEST(ToolTest, ConvertToJsonWritesTheJsonBinding) {
  const ToolRun run = RunTool({"convert", "--to", "json", Corpus("v2/rfc7970-s7.1-minimal.xml")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, StartsWith("{"));
  const Decoded again = Decode(run.out, Policy::kTolerant);
  EXPECT_TRUE(again.ok()) << again.error->ToString();
  EXPECT_EQ(again.report.format, v1::SOURCE_FORMAT_IODEF_V2_JSON);
}

TEST(ToolTest, ConvertOfTolerantDocumentReportsWarningsOnStderrOnly) {
  const std::string file = Corpus("v2/rfc7970-s7.2-campaign-indicators.xml");
  const ToolRun run = RunTool({"convert", "--to", "xml", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("IODEF-Document"));
  EXPECT_THAT(run.err, HasSubstr(file + ":16:0: warning: "));
}

TEST(ToolTest, ConvertOfRejectedDocumentWritesNothingAndExitsOne) {
  const std::string file = Corpus("v2/rfc7970-s7.2-campaign-indicators.xml");
  const ToolRun run = RunTool({"convert", "--policy", "strict", "--to", "xml", file});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_THAT(run.err, HasSubstr(file + ":16:0: error: "));
}

}  // namespace
}  // namespace ncirt::iodef
