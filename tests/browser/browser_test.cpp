// Runs the console scenario (console_scenario.mjs) in headless Chromium against a real local
// ncirt: PostgreSQL, intake, and two triage services on one database (the second with 3-second
// sessions, for the expiry step). Needs Debian's chromium and this folder's npm packages
// (`npm ci`), which deploy/local/setup.sh installs when tests are requested.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "support/platform.hpp"

namespace ncirt::testing {
namespace {

namespace fs = std::filesystem;

TEST(ConsoleBrowserTest, AnalystFilesClaimsTriagesCommentsAndLogsOutInChromium) {
  const fs::path dir = NCIRT_BROWSER_DIR;
  const char* chromium_env = std::getenv("NCIRT_CHROMIUM");
  const fs::path chromium = chromium_env ? chromium_env : "/usr/bin/chromium";
  ASSERT_TRUE(fs::exists(chromium)) << chromium << " is missing: apt-get install chromium";
  ASSERT_TRUE(fs::exists(dir / "node_modules" / "playwright-core"))
      << "playwright-core is missing: (cd " << dir << " && npm ci)";

  Platform platform({});
  platform.StartAll();
  const std::string short_url = platform.StartExtraTriage("3s");
  const char* shots_env = std::getenv("NCIRT_SCREENSHOT_DIR");
  const std::string shots = shots_env ? shots_env : NCIRT_BROWSER_BINARY_DIR "/screenshots";

  ::setenv("NCIRT_CONSOLE_URL", platform.triage_url().c_str(), 1);
  ::setenv("NCIRT_CONSOLE_SHORT_URL", short_url.c_str(), 1);
  ::setenv("NCIRT_SPKI_PIN", platform.spki_pin().c_str(), 1);
  ::setenv("NCIRT_ADMIN_PASSWORD", platform.admin_password().c_str(), 1);
  ::setenv("NCIRT_SCREENSHOT_DIR", shots.c_str(), 1);
  ::setenv("NCIRT_CHROMIUM", chromium.c_str(), 1);
  const std::string command = "cd '" + dir.string() + "' && node console_scenario.mjs";
  const int status = std::system(command.c_str());
  ASSERT_NE(status, -1);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "the scenario failed (its output is above); screenshots so far are in " << shots;
}

}  // namespace
}  // namespace ncirt::testing
