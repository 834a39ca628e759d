// `ncirtctl partners query` and `ncirtctl partners questions` against two live CIRTs
// (support/platform.hpp: intake, triage and exchange as real processes each): CERT-A's analyst
// asks CERT-B about an incident A shared with it and sees B's answer as a table and as JSON; a
// question about an incident never shared with B, or to a partner A does not know, ends with
// exit status 1 and a sentence that says why, and nothing is asked.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/platform.hpp"

namespace ncirt::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

struct CtlRun {
  int status = -1;
  std::string out;
  std::string err;
};

std::string Quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class PartnerQueryCtlTest : public ::testing::Test {
 protected:
  // Both CIRTs, partners of each other; one GREEN incident of A delivered to B and taken into
  // B's queue; a second one of A never shared.
  static void SetUpTestSuite() {
    pki_ = new Pki();
    a_ = new Platform({.exchange = true, .name = "CERT-A", .host = "cert-a.example", .pki = pki_});
    b_ = new Platform({.exchange = true, .name = "CERT-B", .host = "cert-b.example", .pki = pki_});
    a_->StartAll();
    b_->StartAll();
    a_->RegisterPartner(*b_, {"CLEAR", "GREEN"}, false);
    b_->RegisterPartner(*a_, {"CLEAR", "GREEN"}, false);
    analyst_token_ = a_->TriageUserToken("alice", "analyst");
    shared_ = a_->Submit("pq-shared", v1::TLP_GREEN);
    never_shared_ = a_->Submit("pq-kept", v1::TLP_GREEN);
    a_->Share(shared_, {"CERT-B"});
    ASSERT_TRUE(Platform::WaitFor(
        [] { return a_->Count("SELECT count(*) FROM exchange.outbox WHERE state = 'delivered'"); },
        30s))
        << a_->Logs() << b_->Logs();
    ASSERT_TRUE(Platform::WaitFor(
        [] {
          return b_->Count("SELECT count(*) FROM triage.incidents WHERE submitter = "
                           "'partner:CERT-A'") == 1;
        },
        30s));
  }
  static void TearDownTestSuite() {
    delete a_;
    delete b_;
    delete pki_;
  }
  void TearDown() override {
    if (HasFailure()) ADD_FAILURE() << "A:\n" << a_->Logs() << "\nB:\n" << b_->Logs();
  }

  // ncirtctl as A's analyst, with only these settings (plus PATH).
  static CtlRun Ctl(const std::vector<std::string>& args) {
    const std::map<std::string, std::string> env = {{"NCIRT_TRIAGE_URL", a_->triage_url()},
                                                    {"NCIRT_CA_FILE", a_->ca_file()},
                                                    {"NCIRT_TRIAGE_TOKEN", analyst_token_}};
    const std::string tag = std::to_string(::getpid());
    const fs::path out = fs::temp_directory_path() / ("ncirtctl-pq-out-" + tag);
    const fs::path err = fs::temp_directory_path() / ("ncirtctl-pq-err-" + tag);
    std::string command = "env -i PATH=/usr/bin:/bin";
    for (const auto& [name, value] : env) command += " " + name + "=" + Quoted(value);
    command += " " + Quoted(NCIRTCTL_BINARY);
    for (const auto& arg : args) command += " " + Quoted(arg);
    command += " >" + Quoted(out.string()) + " 2>" + Quoted(err.string()) + " </dev/null";
    const int status = std::system(command.c_str());
    CtlRun run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadAll(out), ReadAll(err)};
    fs::remove(out);
    fs::remove(err);
    return run;
  }

  // B's id for A's shared incident, as A's outbox recorded B's Ack (through A's API).
  static std::string TheirId() {
    const HttpReply reply =
        a_->Triage(boost::beast::http::verb::get, "/v1/incidents/" + shared_ + "/sharing");
    const json sharing = json::parse(reply.body, nullptr, false);
    for (const auto& entry : sharing.value("partners", json::array())) {
      if (entry.value("partner", "") == "CERT-B") {
        return entry.value("receiver_incident_id", "");
      }
    }
    ADD_FAILURE() << "no CERT-B entry in A's sharing history: " << reply.body;
    return "";
  }

  static inline Pki* pki_ = nullptr;
  static inline Platform* a_ = nullptr;
  static inline Platform* b_ = nullptr;
  static inline std::string analyst_token_;
  static inline std::string shared_;
  static inline std::string never_shared_;
};

TEST_F(PartnerQueryCtlTest, QueryPrintsThePartnersAnswerAndQuestionsListsEveryOne) {
  const std::string theirs = TheirId();
  ASSERT_FALSE(theirs.empty());
  const auto asked_before = static_cast<std::size_t>(
      a_->Count("SELECT count(*) FROM exchange.status_queries WHERE incident_id = '" + shared_ +
                "'"));

  const CtlRun table = Ctl({"partners", "query", shared_, "CERT-B", "--wait", "20"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_TRUE(table.err.empty()) << table.err;
  for (const char* column : {"ID", "PARTNER", "ASKED BY", "STATE", "PARTNER STATE", "VERSION",
                             "PARTNER UPDATED", "THEIR ID", "FAILURE"}) {
    EXPECT_NE(table.out.find(column), std::string::npos) << column << " in\n" << table.out;
  }
  // The one data row: our question, answered by B with its own state, version and id.
  const std::string row = table.out.substr(table.out.find('\n') + 1);
  for (const std::string& cell : {std::string("CERT-B"), std::string("alice"),
                                 std::string("answered"), std::string(" new "), theirs}) {
    EXPECT_NE(row.find(cell), std::string::npos) << "'" << cell << "' in\n" << table.out;
  }

  const CtlRun as_json = Ctl({"--json", "partners", "query", shared_, "CERT-B", "--wait", "20"});
  ASSERT_EQ(as_json.status, 0) << as_json.err;
  const json question = json::parse(as_json.out, nullptr, false);
  ASSERT_TRUE(question.is_object()) << as_json.out;
  EXPECT_EQ(question["state"], "answered");
  EXPECT_EQ(question["partner"], "CERT-B");
  EXPECT_EQ(question["incident_id"], shared_);
  EXPECT_EQ(question["asked_by"], "alice");
  EXPECT_EQ(question["answer"]["state"], "new");
  EXPECT_EQ(question["answer"]["latest_version"], 1);
  EXPECT_EQ(question["answer"]["receiver_incident_id"], theirs);
  EXPECT_TRUE(question["answer"]["updated_at"].is_string());
  EXPECT_TRUE(question["failure"].is_null());

  const CtlRun listed = Ctl({"partners", "questions", shared_});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_EQ(static_cast<std::size_t>(std::count(listed.out.begin(), listed.out.end(), '\n')),
            asked_before + 3)
      << "the header and a row per question:\n"
      << listed.out;
  const CtlRun listed_json = Ctl({"--json", "partners", "questions", shared_});
  ASSERT_EQ(listed_json.status, 0) << listed_json.err;
  const json all = json::parse(listed_json.out, nullptr, false);
  ASSERT_EQ(all["status_queries"].size(), asked_before + 2) << listed_json.out;
  EXPECT_EQ(all["status_queries"][0]["id"], question["id"]) << "newest first";
  EXPECT_EQ(all["status_queries"][0]["state"], "answered");
  EXPECT_EQ(all["status_queries"][1]["state"], "answered");
}

TEST_F(PartnerQueryCtlTest, AQuestionThatCannotBeAskedExitsOneSayingWhyAndAsksNothing) {
  const long long before = a_->Count("SELECT count(*) FROM exchange.status_queries");

  const CtlRun never = Ctl({"partners", "query", never_shared_, "CERT-B"});
  EXPECT_EQ(never.status, 1);
  EXPECT_TRUE(never.out.empty()) << never.out;
  EXPECT_NE(never.err.find("ncirtctl: error: HTTP 409"), std::string::npos) << never.err;
  EXPECT_NE(never.err.find("was never delivered to partner 'CERT-B'"), std::string::npos)
      << never.err;

  const CtlRun unknown = Ctl({"partners", "query", shared_, "CERT-Z"});
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("HTTP 404"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("no partner named 'CERT-Z'"), std::string::npos) << unknown.err;

  EXPECT_EQ(a_->Count("SELECT count(*) FROM exchange.status_queries"), before);

  const CtlRun none = Ctl({"partners", "questions", never_shared_});
  EXPECT_EQ(none.status, 0) << none.err;
  EXPECT_NE(none.out.find("(none)"), std::string::npos) << none.out;
}

// --wait 0 asks and does not wait: the question is printed pending and the command fails, so a
// script notices; the question stays for ncirt-exchange to ask.
TEST_F(PartnerQueryCtlTest, AQuestionStillPendingWhenTheWaitEndsIsPrintedAndExitsOne) {
  const CtlRun run = Ctl({"partners", "query", shared_, "CERT-B", "--wait", "0"});
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("pending"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("partner CERT-B has not answered question"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("ncirtctl partners questions " + shared_), std::string::npos) << run.err;
}

}  // namespace
}  // namespace ncirt::testing
