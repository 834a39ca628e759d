// ncirt-intake: the HTTPS door for incident reports (docs/api.md). Loads the configuration,
// builds the App, serves until SIGTERM or SIGINT, then stops gracefully. `ncirt-intake token
// ...` manages API tokens instead (token_admin.hpp).
#include <csignal>
#include <cstdio>
#include <span>
#include <string_view>

#include "common/config/config.hpp"
#include "common/log/log.hpp"
#include "intake/app.hpp"
#include "intake/intake_config.hpp"
#include "intake/token_admin.hpp"

namespace {
constexpr std::string_view kSummary =
    "The intake service: accepts IODEF incident reports over HTTPS (POST /v1/incidents), stores "
    "them, and serves them back. `ncirt-intake token create|list|revoke` manages API tokens.";
}  // namespace

int main(int argc, char** argv) {
  namespace config = ncirt::common::config;
  const std::span<char*> args(argv + 1, argv + argc);
  const std::string_view first = args.empty() ? std::string_view() : std::string_view(args[0]);
  if (first == "--help" || first == "-h") {
    std::fputs(config::HelpText("ncirt-intake", kSummary, ncirt::intake::IntakeOptions()).c_str(),
               stdout);
    return 0;
  }
  if (first == "--options-markdown") {  // the option table of docs/operations.md
    std::fputs(config::MarkdownTable(ncirt::intake::IntakeOptions()).c_str(), stdout);
    return 0;
  }
  if (first == "token") {
    return ncirt::intake::RunTokenCommand(args.subspan(1), config::ProcessEnvironment());
  }
  if (!args.empty()) {
    std::fprintf(stderr, "ncirt-intake: unexpected argument '%s'; see --help\n", args[0]);
    return 2;
  }
  auto loaded = ncirt::intake::LoadIntakeConfig(config::ProcessEnvironment());
  if (!loaded) {
    std::fprintf(stderr, "ncirt-intake: %s\n", loaded.error().ToString().c_str());
    return 1;
  }
  ncirt::common::log::Init("intake", loaded->log_level);
  // Blocked before any thread starts, so every thread inherits the mask and only sigwait below
  // receives the signals.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto app = ncirt::intake::App::Create(*loaded);
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
