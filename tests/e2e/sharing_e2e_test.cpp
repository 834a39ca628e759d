// Two complete CIRTs on loopback (each its own database, intake + triage + exchange as real
// processes, certificates from one test PKI, keys pinned both ways) share incidents of every
// TLP level both ways through triage's API; the test checks exactly what arrived, and that
// updates and withdrawals follow the incident.
#include <gtest/gtest.h>

#include "support/platform.hpp"

namespace ncirt::e2e {
namespace {

using testing::Platform;
using testing::Service;

namespace http = boost::beast::http;
using namespace std::chrono_literals;

struct Marked {
  v1::Tlp tlp;
  const char* suffix;
};
constexpr Marked kEveryLevel[] = {{v1::TLP_CLEAR, "clear"},
                                  {v1::TLP_GREEN, "green"},
                                  {v1::TLP_AMBER, "amber"},
                                  {v1::TLP_AMBER_STRICT, "amber-strict"},
                                  {v1::TLP_RED, "red"}};

class SharingE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = std::make_unique<Platform>(testing::PlatformOptions{
        .exchange = true, .name = "CERT-A", .host = "cert-a.example", .pki = &pki_});
    b_ = std::make_unique<Platform>(testing::PlatformOptions{
        .exchange = true, .name = "CERT-B", .host = "cert-b.example", .pki = &pki_});
    a_->StartAll();
    b_->StartAll();
  }
  void TearDown() override {
    if (HasFailure()) ADD_FAILURE() << "A:\n" << a_->Logs() << "\nB:\n" << b_->Logs();
  }
  static bool Drained(Platform& p) {
    return p.Count("SELECT count(*) FROM exchange.outbox WHERE state = 'pending'") == 0;
  }

  testing::Pki pki_;
  std::unique_ptr<Platform> a_;
  std::unique_ptr<Platform> b_;
};

TEST_F(SharingE2eTest, EveryLevelBothWaysArrivesExactlyAsEachAgreementAllows) {
  // A lets B have CLEAR, GREEN and AMBER without personal data; B lets A have CLEAR and GREEN
  // with personal data.
  a_->RegisterPartner(*b_, {"CLEAR", "GREEN", "AMBER"}, false);
  b_->RegisterPartner(*a_, {"CLEAR", "GREEN"}, true);
  for (const Marked& m : kEveryLevel) {
    const std::string from_a = a_->Submit(std::string("a-") + m.suffix, m.tlp);
    const std::string from_b = b_->Submit(std::string("b-") + m.suffix, m.tlp);
    a_->Share(from_a, {"CERT-B"});
    b_->Share(from_b, {"CERT-A"});
  }
  ASSERT_TRUE(Platform::WaitFor([&] { return Drained(*a_) && Drained(*b_); }, 30s));

  // At B, from A: exactly CLEAR, GREEN and AMBER, with the marking kept, no personal data.
  EXPECT_EQ(b_->Count("SELECT count(*) FROM intake.incidents WHERE submitter = 'partner:CERT-A'"),
            3);
  EXPECT_EQ(b_->Count("SELECT count(DISTINCT tlp) FROM intake.incidents WHERE submitter = "
                      "'partner:CERT-A' AND tlp IN ('CLEAR', 'GREEN', 'AMBER')"),
            3);
  EXPECT_EQ(b_->Count("SELECT count(*) FROM intake.incidents WHERE submitter = 'partner:CERT-A' "
                      "AND (position('people.example'::bytea IN model) > 0 "
                      "OR position('Reporter'::bytea IN model) > 0)"),
            0)
      << "personal data removed under A's agreement with B";
  EXPECT_EQ(b_->Count("SELECT count(*) FROM intake.documents d JOIN intake.incidents i ON "
                      "i.document_id = d.id WHERE i.submitter = 'partner:CERT-A' AND "
                      "position('people.example'::bytea IN d.content) > 0"),
            0);
  // At A, from B: exactly CLEAR and GREEN, with the personal data B's agreement allows.
  EXPECT_EQ(a_->Count("SELECT count(*) FROM intake.incidents WHERE submitter = 'partner:CERT-B'"),
            2);
  EXPECT_EQ(a_->Count("SELECT count(*) FROM intake.incidents WHERE submitter = 'partner:CERT-B' "
                      "AND tlp IN ('CLEAR', 'GREEN') AND "
                      "position('people.example'::bytea IN model) > 0"),
            2);
  // RED and AMBER+STRICT nowhere; every refusal recorded with its reason.
  for (Platform* p : {a_.get(), b_.get()}) {
    EXPECT_EQ(p->Count("SELECT count(*) FROM intake.incidents WHERE tlp = 'RED' AND "
                       "submitter LIKE 'partner:%'"),
              0);
    EXPECT_EQ(p->Count("SELECT count(*) FROM exchange.outbox o JOIN intake.incidents i ON "
                       "i.id = o.incident_id WHERE i.tlp IN ('RED', 'AMBER+STRICT')"),
              0);
  }
  EXPECT_EQ(a_->Count("SELECT count(*) FROM exchange.sharing_history WHERE event = 'refused'"),
            2);
  EXPECT_EQ(b_->Count("SELECT count(*) FROM exchange.sharing_history WHERE event = 'refused'"),
            3);
  // Nothing duplicated: one received share per incident.
  EXPECT_EQ(b_->Count("SELECT count(*) FROM exchange.received_shares"), 3);
  EXPECT_EQ(a_->Count("SELECT count(*) FROM exchange.received_shares"), 2);

  // Sharing the same incident again sends a new version; B still holds it once.
  const std::string green = a_->Submit("a-green", v1::TLP_GREEN);  // the same incident
  const nlohmann::json again = a_->Share(green, {"CERT-B"});
  EXPECT_EQ(again["version"], 2);
  ASSERT_TRUE(Platform::WaitFor([&] { return Drained(*a_); }, 20s));
  EXPECT_EQ(b_->Count("SELECT count(*) FROM intake.incidents WHERE submitter = 'partner:CERT-A'"),
            3);
  EXPECT_EQ(b_->Count("SELECT max(version) FROM exchange.received_shares"), 2);

  const auto history = a_->Triage(http::verb::get, "/v1/incidents/" + green + "/sharing");
  ASSERT_EQ(history.status, 200) << history.body;
  const auto view = nlohmann::json::parse(history.body);
  ASSERT_EQ(view["partners"].size(), 1u);
  EXPECT_EQ(view["partners"][0]["state"], "delivered");
  EXPECT_EQ(view["partners"][0]["latest_version"], 2);
}

TEST_F(SharingE2eTest, UpdatesFollowTheIncidentAndAWithdrawalLeavesThePartnersQueue) {
  a_->RegisterPartner(*b_, {"GREEN"}, false);
  b_->RegisterPartner(*a_, {"GREEN"}, false);
  const std::string id = a_->Submit("a-followed", v1::TLP_GREEN);
  a_->Share(id, {"CERT-B"});
  ASSERT_TRUE(Platform::WaitFor(
      [&] { return b_->Count("SELECT count(*) FROM exchange.received_shares") == 1; }, 20s));

  // Work on it at A: each state change is sent as a new version.
  ASSERT_TRUE(Platform::WaitFor(
      [&] { return a_->Count("SELECT count(*) FROM triage.incidents") == 1; }, 10s));
  for (const char* to : {"triaged", "in_progress"}) {
    const auto moved = a_->Triage(http::verb::post, "/v1/incidents/" + id + "/transition",
                                  {{"to", to}});
    ASSERT_EQ(moved.status, 200) << moved.body;
  }
  ASSERT_TRUE(Platform::WaitFor(
      [&] {
        return a_->Count("SELECT count(*) FROM exchange.changed_incidents") == 0 &&
               Drained(*a_) &&
               b_->Count("SELECT max(version) FROM exchange.received_shares") ==
                   a_->Count("SELECT version FROM exchange.share_versions");
      },
      20s));
  EXPECT_GE(a_->Count("SELECT version FROM exchange.share_versions"), 2);
  EXPECT_EQ(b_->Count("SELECT count(*) FROM intake.incidents"), 1) << "updated, not duplicated";
  EXPECT_GE(b_->Count("SELECT version FROM intake.incidents"), 2)
      << "the workflow status reached B's copy as an update";

  // Withdraw it: B's triage takes it out of the queue and says why.
  ASSERT_TRUE(Platform::WaitFor(
      [&] { return b_->Count("SELECT count(*) FROM triage.incidents") == 1; }, 10s));
  const auto withdrawn = a_->Triage(http::verb::post, "/v1/incidents/" + id + "/share/withdraw",
                                    {{"reason", "a false positive"}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  ASSERT_TRUE(Platform::WaitFor(
      [&] {
        return b_->Count("SELECT count(*) FROM triage.incidents WHERE state = 'rejected'") == 1;
      },
      20s));
  EXPECT_EQ(b_->Count("SELECT count(*) FROM triage.comments WHERE body LIKE "
                      "'Withdrawn by partner CERT-A%a false positive'"),
            1);
  const auto again = a_->Triage(http::verb::post, "/v1/incidents/" + id + "/share/withdraw",
                                {{"reason", "twice"}});
  EXPECT_EQ(again.status, 409) << again.body;
}

}  // namespace
}  // namespace ncirt::e2e
