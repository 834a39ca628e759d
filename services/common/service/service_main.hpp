#pragma once
// The start-up every ncirt service program shares: `--help`, `--options-markdown` (the option
// table docs/operations.md embeds), optional subcommands (`ncirt-intake token ...`), loading the
// configuration from the environment, logging set-up, and serving until SIGTERM or SIGINT, then
// a graceful stop. Each program's main() only names its options, its loader and how to build
// and start its App.
//
// The signals are blocked before any thread starts so every thread inherits the mask and only
// the waiting main thread receives them; a supervisor's SIGTERM therefore always reaches the
// graceful path instead of killing a worker mid-transaction.
//
// Thread-safety: call once, from main().

#include <cstdio>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/config.hpp"
#include "common/error/error.hpp"
#include "common/log/log.hpp"

namespace ncirt::common::service {

// `program <name> args...` runs `run(args)` instead of the service; its value is the exit code.
struct Subcommand {
  std::string_view name;
  std::function<int(std::span<char*> args, const config::Environment& env)> run;
};

// What a started service leaves behind: called once, on the first SIGTERM or SIGINT.
using StopFunction = std::function<void()>;

struct ProgramInfo {
  std::string_view program;  // "ncirt-triage", used in messages
  std::string_view service;  // "triage", the service name in every log line
  std::string_view summary;  // first paragraph of --help
  std::span<const config::Option> options;
  std::vector<Subcommand> subcommands;
};

// What happened to the command line before any configuration was loaded.
struct Dispatch {
  bool handled = false;  // help, option table, subcommand or a usage error: exit with `code`
  int code = 0;
};

// Answers --help, --options-markdown and subcommands; refuses any other argument (exit code 2).
Dispatch DispatchArguments(const ProgramInfo& info, std::span<char*> args,
                           const config::Environment& env);

// Blocks SIGTERM/SIGINT, starts the service, waits for one of them and stops it. Returns the
// process exit code: 0 after a graceful stop, 1 when the service could not start.
int ServeUntilSignal(const ProgramInfo& info,
                     const std::function<Result<StopFunction>()>& start);

// The whole main(): dispatch, load the configuration (a Config with a `log_level`), initialise
// logging, then ServeUntilSignal(start(config)).
template <typename Config>
int RunProgram(const ProgramInfo& info, int argc, char** argv,
               const std::function<Result<Config>(const config::Environment&)>& load,
               const std::function<Result<StopFunction>(const Config&)>& start) {
  const std::span<char*> args(argv + 1, argv + argc);
  const config::Environment env = config::ProcessEnvironment();
  if (const Dispatch dispatch = DispatchArguments(info, args, env); dispatch.handled) {
    return dispatch.code;
  }
  Result<Config> loaded = load(env);
  if (!loaded) {
    std::fprintf(stderr, "%.*s: %s\n", static_cast<int>(info.program.size()),
                 info.program.data(), loaded.error().ToString().c_str());
    return 1;
  }
  log::Init(info.service, loaded->log_level);
  return ServeUntilSignal(info, [&] { return start(*loaded); });
}

}  // namespace ncirt::common::service
