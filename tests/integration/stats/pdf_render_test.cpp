// ncirtctl's PDF of the annual report (ncirtctl/pdf_render.hpp): Chromium's arguments, the
// errors when it is missing, fails or hangs (with stand-in programs), and a real print of the
// report when Debian's Chromium is installed (skipped, saying so, when it is not).
#include "ncirtctl/pdf_render.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "../../unit/stats/sample_statistics.hpp"
#include "ncirtctl/commands.hpp"
#include "triage/stats/annual_report.hpp"

namespace ncirt::ncirtctl {
namespace {

namespace fs = std::filesystem;

class PdfRenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "pdf-render-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // An executable shell script standing in for Chromium.
  std::string Tool(const std::string& name, const std::string& body) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(path, fs::perms::owner_all);
    return path.string();
  }

  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  fs::path dir_;
};

TEST_F(PdfRenderTest, ChromiumPrintsTheFileWithAThrowAwayProfileAndNoSandboxOnlyAsRoot) {
  const auto user = ChromiumArguments("/t/report.html", "/t/report.pdf", "/t/profile", false);
  EXPECT_EQ(user.front(), "--headless");
  EXPECT_EQ(user.back(), "file:///t/report.html");
  EXPECT_NE(std::find(user.begin(), user.end(), "--print-to-pdf=/t/report.pdf"), user.end());
  EXPECT_NE(std::find(user.begin(), user.end(), "--user-data-dir=/t/profile"), user.end());
  EXPECT_NE(std::find(user.begin(), user.end(), "--no-pdf-header-footer"), user.end());
  EXPECT_EQ(std::find(user.begin(), user.end(), "--no-sandbox"), user.end());
  const auto root = ChromiumArguments("/t/report.html", "/t/report.pdf", "/t/profile", true);
  EXPECT_NE(std::find(root.begin(), root.end(), "--no-sandbox"), root.end());
}

TEST_F(PdfRenderTest, MissingChromiumSaysWhatToInstall) {
  const auto out = (dir_ / "out.pdf").string();
  const auto rendered = RenderPdf("<p>x</p>", out, {(dir_ / "no-such").string()});
  ASSERT_FALSE(rendered);
  EXPECT_EQ(rendered.error().kind, common::ErrorKind::kUnavailable);
  EXPECT_NE(rendered.error().message.find("install Debian's package chromium"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(PdfRenderTest, FailingChromiumGivesItsExitStatusAndLastLineAndWritesNothing) {
  const auto out = (dir_ / "out.pdf").string();
  const auto rendered =
      RenderPdf("<p>x</p>", out, {Tool("fails", "echo warming up\necho 'no display' >&2\nexit 3")});
  ASSERT_FALSE(rendered);
  EXPECT_NE(rendered.error().message.find("exit status 3"), std::string::npos)
      << rendered.error().message;
  EXPECT_NE(rendered.error().message.find("no display"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(PdfRenderTest, ChromiumThatWritesNoPdfIsAnError) {
  const auto rendered = RenderPdf("<p>x</p>", (dir_ / "out.pdf").string(),
                                  {Tool("silent", "exit 0")});
  ASSERT_FALSE(rendered);
  EXPECT_NE(rendered.error().message.find("without writing a PDF"), std::string::npos);
}

TEST_F(PdfRenderTest, HangingChromiumIsStoppedAtTheTimeOutWithItsChildren) {
  const fs::path child_pid = dir_ / "child.pid";
  // The stand-in starts a child that would outlive it, then hangs.
  const std::string tool =
      Tool("hangs", "sleep 60 &\necho $! > " + child_pid.string() + "\nsleep 60");
  const auto rendered = RenderPdf("<p>x</p>", (dir_ / "out.pdf").string(),
                                  {tool, std::chrono::milliseconds(500)});
  ASSERT_FALSE(rendered);
  EXPECT_NE(rendered.error().message.find("did not print the report within 0.5 s"),
            std::string::npos)
      << rendered.error().message;
  const std::string pid = Read(child_pid);
  ASSERT_FALSE(pid.empty());
  // Killed with its group: gone, or at most a zombie waiting for init.
  std::ifstream stat("/proc/" + std::to_string(std::stoi(pid)) + "/stat");
  std::string line;
  if (std::getline(stat, line)) {
    EXPECT_NE(line.find(") Z"), std::string::npos) << line;
  }
}

TEST_F(PdfRenderTest, ThePdfArrivesOnlyWhenChromiumSucceeded) {
  // A stand-in that writes a PDF where --print-to-pdf= says.
  const std::string tool = Tool(
      "prints", "for a in \"$@\"; do case \"$a\" in --print-to-pdf=*) printf '%%PDF-1.4 x' > "
                "\"${a#--print-to-pdf=}\";; esac; done");
  const auto out = (dir_ / "out.pdf").string();
  ASSERT_TRUE(RenderPdf("<p>x</p>", out, {tool}));
  EXPECT_EQ(Read(out), "%PDF-1.4 x");
  const auto unwritable = RenderPdf("<p>x</p>", (dir_ / "no-dir" / "out.pdf").string(), {tool});
  ASSERT_FALSE(unwritable);
  EXPECT_EQ(unwritable.error().kind, common::ErrorKind::kBadRequest);
}

TEST_F(PdfRenderTest, PdfWithoutAnAnnualYearIsRefusedBeforeAnyRequest) {
  CLI::App app;
  Context context;
  AddReportCommands(app, context);
  app.parse("report --pdf out.pdf", false);
  ASSERT_TRUE(context.failure);
  EXPECT_EQ(context.failure->kind, common::ErrorKind::kBadRequest);
  EXPECT_NE(context.failure->message.find("give --annual YEAR"), std::string::npos);
  EXPECT_FALSE(fs::exists("out.pdf"));
}

// The real thing: Debian's Chromium prints the annual report, charts and marking included.
TEST_F(PdfRenderTest, ChromiumPrintsTheAnnualReportWithItsChartsAndMarking) {
  const std::string chromium = DefaultChromium();
  if (::access(chromium.c_str(), X_OK) != 0) {
    GTEST_SKIP() << "Chromium is not installed at " << chromium
                 << " (Debian package chromium, or set NCIRT_CHROMIUM): the PDF is untested";
  }
  const std::string html = triage::stats::AnnualReportHtml(
      triage::stats::testing::SampleStatistics(), triage::TimePoint{}, "tester");
  ASSERT_NE(html.find("<svg"), std::string::npos);
  const auto out = (dir_ / "report.pdf").string();
  const auto rendered = RenderPdf(html, out, {chromium, std::chrono::seconds(120)});
  ASSERT_TRUE(rendered) << rendered.error().message;
  const std::string pdf = Read(out);
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  if (::access("/usr/bin/pdftotext", X_OK) != 0) {
    GTEST_SKIP() << "poppler-utils' pdftotext is not installed: the PDF's text is unchecked";
  }
  const std::string text_file = (dir_ / "report.txt").string();
  ASSERT_EQ(std::system(("/usr/bin/pdftotext " + out + " " + text_file).c_str()), 0);
  const std::string text = Read(text_file);
  EXPECT_NE(text.find("Annual incident report 2025"), std::string::npos);
  EXPECT_NE(text.find("TLP:AMBER"), std::string::npos);
  // A label drawn only inside an SVG chart (the bar chart of months) comes out as text.
  EXPECT_NE(text.find("2025-01"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::ncirtctl
