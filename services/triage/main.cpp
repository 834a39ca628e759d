// ncirt-triage: the analysts' service (docs/api.md). Loads the configuration, builds the App,
// serves until SIGTERM or SIGINT, then stops gracefully.
#include <csignal>
#include <cstdio>
#include <span>
#include <string_view>

#include "common/config/config.hpp"
#include "common/log/log.hpp"
#include "triage/app.hpp"
#include "triage/triage_config.hpp"

namespace {
constexpr std::string_view kSummary =
    "The triage service: the analysts' queue, workflow, SLA timers, users and the audit log, "
    "over HTTPS (REST, JSON).";
}  // namespace

int main(int argc, char** argv) {
  namespace config = ncirt::common::config;
  const std::span<char*> args(argv + 1, argv + argc);
  const std::string_view first = args.empty() ? std::string_view() : std::string_view(args[0]);
  if (first == "--help" || first == "-h") {
    std::fputs(config::HelpText("ncirt-triage", kSummary, ncirt::triage::TriageOptions()).c_str(),
               stdout);
    return 0;
  }
  if (!args.empty()) {
    std::fprintf(stderr, "ncirt-triage: unexpected argument '%s'; see --help\n", args[0]);
    return 2;
  }
  auto loaded = ncirt::triage::LoadTriageConfig(config::ProcessEnvironment());
  if (!loaded) {
    std::fprintf(stderr, "ncirt-triage: %s\n", loaded.error().ToString().c_str());
    return 1;
  }
  ncirt::common::log::Init("triage", loaded->log_level);
  // Blocked before any thread starts, so only sigwait below receives the signals.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const ncirt::triage::SystemClock clock;
  auto app = ncirt::triage::App::Create(*loaded, clock);
  if (!app) {
    ncirt::common::log::Error("start_failed", {{"error", app.error().ToString()}});
    return 1;
  }
  if (auto started = (*app)->Start(); !started) {
    ncirt::common::log::Error("start_failed", {{"error", started.error().ToString()}});
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  ncirt::common::log::Info("signal", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*app)->Stop();
  return 0;
}
