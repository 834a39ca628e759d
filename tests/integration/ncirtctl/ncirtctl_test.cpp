// ncirtctl against a running local ncirt (support/platform.hpp): every command, its --help, the human
// tables, --json for scripts, and a non-zero exit with a clear message for each kind of error.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/corpus.hpp"
#include "support/platform.hpp"

namespace ncirt::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CtlRun {
  int status = -1;
  std::string out;
  std::string err;
};

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class NcirtctlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    platform_ = new Platform({});
    platform_->StartAll();
    admin_token_ = platform_->AdminToken();
    analyst_token_ = platform_->TriageUserToken("alice", "analyst");
    intake_token_ = platform_->IntakeToken("sensor-1");
  }
  static void TearDownTestSuite() {
    delete platform_;
    platform_ = nullptr;
  }

  // Runs ncirtctl with exactly these NCIRT_* settings (plus PATH) and `args`.
  CtlRun Ctl(const std::vector<std::string>& args, const std::string& token = analyst_token_,
          std::map<std::string, std::string> env = {}) {
    env.try_emplace("NCIRT_TRIAGE_URL", platform_->triage_url());
    env.try_emplace("NCIRT_INTAKE_URL", platform_->intake_url());
    env.try_emplace("NCIRT_CA_FILE", platform_->ca_file());
    env.try_emplace("NCIRT_TRIAGE_TOKEN", token);
    env.try_emplace("NCIRT_API_TOKEN", intake_token_);
    const fs::path out = fs::temp_directory_path() / ("ncirtctl-out-" + std::to_string(::getpid()));
    const fs::path err = fs::temp_directory_path() / ("ncirtctl-err-" + std::to_string(::getpid()));
    std::string command = "env -i PATH=/usr/bin:/bin";
    for (const auto& [name, value] : env) command += " " + name + "=" + Quote(value);
    command += " " + Quote(NCIRTCTL_BINARY);
    for (const auto& arg : args) command += " " + Quote(arg);
    command += " >" + Quote(out.string()) + " 2>" + Quote(err.string()) + " </dev/null";
    const int status = std::system(command.c_str());
    CtlRun run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(out), Slurp(err)};
    fs::remove(out);
    fs::remove(err);
    return run;
  }

  json Json(const std::vector<std::string>& args, const std::string& token = analyst_token_) {
    std::vector<std::string> with = {"--json"};
    with.insert(with.end(), args.begin(), args.end());
    const CtlRun run = Ctl(with, token);
    EXPECT_EQ(run.status, 0) << run.err;
    return json::parse(run.out, nullptr, false);
  }

  // Submits the RFC 8274 DDoS example under a new IncidentID to intake and waits until triage
  // has it; returns its id.
  std::string SubmitAndWait() {
    std::string document = ReadFile(SharedIodefDir() / "docs" / "v2" / "rfc8274-draft-ddos.xml");
    const std::size_t at = document.find("189701");
    EXPECT_NE(at, std::string::npos);
    document.replace(at, 6, "ctl-" + std::to_string(++submitted_));
    const fs::path doc = fs::temp_directory_path() / ("ncirtctl-doc-" + std::to_string(::getpid()));
    std::ofstream(doc) << document;
    const json answer = Json({"submit", doc.string()});
    fs::remove(doc);
    EXPECT_EQ(answer["incidents"][0]["status"], "created") << answer.dump();
    const std::string id = answer["incidents"][0]["id"].get<std::string>();
    for (int i = 0; i < 100; ++i) {
      if (Ctl({"show", id}).status == 0) return id;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "triage did not take incident " << id << " into the queue";
    return id;
  }

  static inline int submitted_ = 0;
  static Platform* platform_;
  static std::string admin_token_;
  static std::string analyst_token_;
  static std::string intake_token_;
};

Platform* NcirtctlTest::platform_ = nullptr;
std::string NcirtctlTest::admin_token_;
std::string NcirtctlTest::analyst_token_;
std::string NcirtctlTest::intake_token_;

TEST_F(NcirtctlTest, EveryCommandHasHelp) {
  const std::vector<std::vector<std::string>> commands = {
      {}, {"submit"}, {"file"}, {"list"}, {"show"}, {"claim"}, {"move"}, {"assign"},
      {"category"}, {"priority"}, {"merge"}, {"comment"}, {"comments"}, {"link"}, {"links"},
      {"users"}, {"users", "create"}, {"tokens"}, {"tokens", "create"}, {"sla"}, {"sla", "show"},
      {"sla", "set"}, {"audit"}, {"audit", "verify"}, {"partners"}, {"partners", "list"},
      {"partners", "add"}, {"partners", "enable"}, {"partners", "disable"}, {"share"},
      {"withdraw"}, {"sharing"}, {"constituency"}, {"constituency", "import"},
      {"constituency", "lookup"}, {"constituency", "list"}, {"whoami"}, {"users", "list"},
      {"users", "role"}, {"users", "disable"}, {"users", "enable"}, {"tokens", "list"},
      {"tokens", "revoke"}, {"report"}};
  for (auto args : commands) {
    args.push_back("--help");
    const CtlRun run = Ctl(args);
    EXPECT_EQ(run.status, 0) << args.front();
    EXPECT_NE(run.out.find("Usage"), std::string::npos) << args.front() << ": " << run.out;
  }
}

TEST_F(NcirtctlTest, SubmitThenWorkTheIncidentThroughTheQueue) {
  const std::string id = SubmitAndWait();
  const CtlRun list = Ctl({"list", "--state", "new"});
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_TRUE(list.out.starts_with("ID  ")) << list.out;
  EXPECT_NE(list.out.find(id), std::string::npos) << list.out;

  const json claimed = Json({"claim"});
  ASSERT_TRUE(claimed.is_object());
  EXPECT_EQ(claimed["assignee"], "alice");
  const std::string claimed_id = claimed["incident_id"].get<std::string>();

  const CtlRun moved = Ctl({"move", claimed_id, "triaged"});
  ASSERT_EQ(moved.status, 0) << moved.err;
  EXPECT_NE(moved.out.find("state:"), std::string::npos);
  EXPECT_NE(moved.out.find("triaged"), std::string::npos) << moved.out;

  EXPECT_EQ(Json({"category", claimed_id, "availability/ddos"})["category"], "availability/ddos");
  EXPECT_EQ(Json({"priority", claimed_id, "1"})["priority"], 1);
  EXPECT_EQ(Json({"priority", claimed_id, "auto"})["severity_override"], nullptr);
  EXPECT_EQ(Json({"assign", claimed_id, "alice"})["assignee"], "alice");

  const CtlRun comment = Ctl({"comment", claimed_id, "Blackholed at the upstream provider."});
  ASSERT_EQ(comment.status, 0) << comment.err;
  const json comments = Json({"comments", claimed_id});
  ASSERT_EQ(comments["comments"].size(), 1u);
  EXPECT_EQ(comments["comments"][0]["body"], "Blackholed at the upstream provider.");
  EXPECT_EQ(comments["comments"][0]["author"], "alice");

  const json shown = Json({"show", claimed_id});
  EXPECT_EQ(shown["state"], "triaged");
  EXPECT_NE(shown["model"]["incident_id"]["id"].get<std::string>().find("ctl-"), std::string::npos)
      << shown.dump();
  EXPECT_EQ(shown["comments"].size(), 1u);
  const CtlRun human = Ctl({"show", claimed_id, "--model"});
  EXPECT_NE(human.out.find("model:"), std::string::npos) << human.out;
}

TEST_F(NcirtctlTest, FileLinkAndMergeIncidents) {
  const json filed = Json({"file", "--csirt", "cert.example.org", "--description",
                           "Scanning from a hosted server", "--tlp", "GREEN", "--severity", "low",
                           "--indicator", "198.51.100.7", "--indicator", "scan.example.net"});
  ASSERT_TRUE(filed.is_object());
  EXPECT_EQ(filed["incidents"][0]["status"], "created");
  EXPECT_EQ(filed["incidents"][0]["tlp"], "GREEN");
  const std::string a = filed["incidents"][0]["id"].get<std::string>();
  const std::string b = SubmitAndWait();
  for (int i = 0; i < 100 && Ctl({"show", a}).status != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const json detail = Json({"show", a});
  EXPECT_EQ(detail["model"]["incident_id"]["name"], "cert.example.org");
  EXPECT_EQ(detail["indicators"].size(), 2u) << detail.dump();

  const CtlRun link = Ctl({"link", a, b, "--relation", "same-campaign"});
  ASSERT_EQ(link.status, 0) << link.err;
  const json links = Json({"links", a});
  ASSERT_EQ(links["links"].size(), 1u);
  EXPECT_EQ(links["links"][0]["relation"], "same-campaign");

  const json merged = Json({"merge", a, b});
  EXPECT_EQ(merged["state"], "merged");
  EXPECT_EQ(merged["merged_into"], b);
}

TEST_F(NcirtctlTest, AdminCreatesUsersAndTokensAndVerifiesTheAuditChain) {
  const fs::path password = fs::temp_directory_path() / "ncirtctl-test-password";
  std::ofstream(password) << "a long enough password\n";
  const CtlRun created = Ctl({"users", "create", "bob", "--role", "lead", "--password-file",
                           password.string()}, admin_token_);
  fs::remove(password);
  ASSERT_EQ(created.status, 0) << created.err;
  EXPECT_NE(created.out.find("bob"), std::string::npos);

  const CtlRun token = Ctl({"tokens", "create", "--user", "bob", "--label", "cli"}, admin_token_);
  ASSERT_EQ(token.status, 0) << token.err;
  const std::string bob_token = token.out.substr(0, token.out.find('\n'));
  EXPECT_FALSE(bob_token.empty());
  EXPECT_EQ(bob_token.find_first_of(" \t{"), std::string::npos) << bob_token;

  const CtlRun sla = Ctl({"--csv", "sla", "show"}, bob_token);
  ASSERT_EQ(sla.status, 0) << sla.err;
  EXPECT_TRUE(sla.out.starts_with("PRIORITY,TIME_TO_TRIAGE_S,TIME_TO_RESOLVE_S\nP1,"))
      << sla.out;
  EXPECT_EQ(Json({"sla", "set", "2", "--triage", "1800", "--resolve", "43200"}, bob_token)
                .value("time_to_triage_s", 0),
            1800);

  const json verified = Json({"audit", "verify"}, admin_token_);
  EXPECT_EQ(verified["intact"], true);
  EXPECT_GT(verified["rows"].get<int>(), 0);
}

TEST_F(NcirtctlTest, ErrorsExitNonZeroWithAClearMessage) {
  struct Case {
    const char* what;
    std::vector<std::string> args;
    std::string token;
    std::map<std::string, std::string> env;
    int status;
    const char* message;
  };
  const std::string unknown_id = "00000000-0000-4000-8000-000000000000";
  const std::vector<Case> cases = {
      {"analyst creates a user", {"users", "create", "eve", "--password-file", "/dev/null"},
       analyst_token_, {}, 1, "lacks the 'admin' permission"},
      {"analyst verifies the audit", {"audit", "verify"}, analyst_token_, {}, 1,
       "lacks the 'audit' permission"},
      {"unknown incident", {"show", unknown_id}, analyst_token_, {}, 1, "HTTP 404"},
      {"illegal move", {"move", unknown_id, "closed"}, analyst_token_, {}, 1, "HTTP 404"},
      {"bad token", {"list"}, "ncirt_not-a-real-token", {}, 1, "HTTP 401"},
      {"no token", {"list"}, "", {}, 1, "NCIRT_TRIAGE_TOKEN"},
      {"plain http", {"list"}, analyst_token_, {{"NCIRT_TRIAGE_URL", "http://127.0.0.1:1"}}, 1,
       "must start with https://"},
      {"service down", {"list"}, analyst_token_,
       {{"NCIRT_TRIAGE_URL",
         "https://127.0.0.1:" + std::to_string(ServiceProcess::FreeLoopbackPort())}},
       1, "cannot reach"},
      {"missing file", {"submit", "/nonexistent/report.xml"}, analyst_token_, {}, 1,
       "cannot read '/nonexistent/report.xml'"},
      {"bad form", {"file", "--csirt", "x", "--description", "d", "--indicator", "not an ip"},
       analyst_token_, {}, 1, "indicators[0]"},
      {"share an unknown incident", {"share", unknown_id, "--partner", "CERT-X"}, analyst_token_,
       {}, 1, "HTTP 404"},
      {"missing CSV file", {"constituency", "import", "/nonexistent/orgs.csv"}, analyst_token_, {},
       1, "cannot read '/nonexistent/orgs.csv'"},
      {"unknown command", {"frobnicate"}, analyst_token_, {}, 2, "unknown command 'frobnicate'"},
      {"bad priority", {"priority", unknown_id, "9"}, analyst_token_, {}, 2, "9"},
  };
  for (const Case& c : cases) {
    const CtlRun run = Ctl(c.args, c.token, c.env);
    EXPECT_EQ(run.status, c.status) << c.what << ": " << run.err;
    EXPECT_NE(run.err.find(c.message), std::string::npos) << c.what << ": " << run.err;
    if (c.status == 1) {
      EXPECT_TRUE(run.err.starts_with("ncirtctl: error: ")) << c.what;
    }
  }
}

TEST_F(NcirtctlTest, ReportGivesTheStatisticsAsTablesJsonCsvAndTheAnnualReport) {
  SubmitAndWait();
  const json stats = Json({"report", "--from", "2026-01-01", "--to", "2027-01-01"});
  ASSERT_TRUE(stats.is_object());
  EXPECT_GE(stats["incidents"].get<int>(), 1) << stats.dump();
  const CtlRun table = Ctl({"report", "--from", "2026-01-01", "--to", "2027-01-01"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("CATEGORY"), std::string::npos) << table.out;
  const CtlRun csv = Ctl({"--csv", "report", "--from", "2026-01-01", "--to", "2027-01-01"});
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_TRUE(csv.out.starts_with("section,key,measure,value")) << csv.out.substr(0, 200);
  const CtlRun annual = Ctl({"report", "--annual", "2026"});
  ASSERT_EQ(annual.status, 0) << annual.err;
  EXPECT_NE(annual.out.find("<html"), std::string::npos);
  const CtlRun bad = Ctl({"report", "--from", "2025-13-01", "--to", "2026-01-01"});
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("HTTP 400: parameter 'from'"), std::string::npos) << bad.err;
  const CtlRun missing = Ctl({"report"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("--from and --to"), std::string::npos) << missing.err;
}

TEST_F(NcirtctlTest, IllegalMoveNamesTheAllowedStates) {
  const std::string id = SubmitAndWait();
  const CtlRun run = Ctl({"move", id, "closed"});
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("HTTP 409: cannot move an incident from 'new' to 'closed'"),
            std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace ncirt::testing
