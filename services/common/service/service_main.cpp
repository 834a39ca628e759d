#include "common/service/service_main.hpp"

#include <csignal>
#include <cstdio>

namespace ncirt::common::service {

namespace {

void Print(std::FILE* stream, const std::string& text) { std::fputs(text.c_str(), stream); }

}  // namespace

Dispatch DispatchArguments(const ProgramInfo& info, std::span<char*> args,
                           const config::Environment& env) {
  if (args.empty()) return {};
  const std::string_view first(args[0]);
  if (first == "--help" || first == "-h") {
    Print(stdout, config::HelpText(info.program, info.summary, info.options));
    return {.handled = true, .code = 0};
  }
  if (first == "--options-markdown") {
    Print(stdout, config::MarkdownTable(info.options));
    return {.handled = true, .code = 0};
  }
  for (const Subcommand& sub : info.subcommands) {
    if (first == sub.name) return {.handled = true, .code = sub.run(args.subspan(1), env)};
  }
  std::fprintf(stderr, "%.*s: unexpected argument '%s'; see --help\n",
               static_cast<int>(info.program.size()), info.program.data(), args[0]);
  return {.handled = true, .code = 2};
}

int ServeUntilSignal(const ProgramInfo& info,
                     const std::function<Result<StopFunction>()>& start) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Result<StopFunction> stop = start();
  if (!stop) {
    log::Error("start_failed", {{"error", stop.error().ToString()}});
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  log::Info("signal", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"},
                       {"program", std::string(info.program)}});
  (*stop)();
  return 0;
}

}  // namespace ncirt::common::service
