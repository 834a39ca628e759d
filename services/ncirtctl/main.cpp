// ncirtctl: the command-line client of ncirt's HTTPS APIs (docs/ncirtctl.md). Exit status: 0
// done, 1 the service or the input refused (the message says why), 2 a usage error.
#include <iostream>
#include <set>
#include <string>

#include "ncirtctl/commands.hpp"

namespace {

// The first argument that is not a global option or its value: the command. CLI11 would report
// an unknown one only as "A subcommand is required", which does not say what was wrong.
std::string CommandWord(int argc, char** argv) {
  static const std::set<std::string> kWithValue = {"--triage-url", "--intake-url", "--ca-file",
                                                   "--token", "--intake-token", "--timeout"};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (kWithValue.contains(arg)) {
      ++i;
    } else if (!arg.starts_with("-")) {
      return arg;
    }
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  ncirt::ncirtctl::Context context;
  CLI::App app{"ncirtctl: work the ncirt triage queue and administer ncirt from a shell.\n"
               "Settings come from flags or from NCIRT_TRIAGE_URL, NCIRT_INTAKE_URL, "
               "NCIRT_CA_FILE, NCIRT_TRIAGE_TOKEN and NCIRT_API_TOKEN."};
  app.require_subcommand(1);
  ncirt::ncirtctl::AddGlobalOptions(app, context.settings);
  ncirt::ncirtctl::AddIncidentCommands(app, context);
  ncirt::ncirtctl::AddAdminCommands(app, context);
  ncirt::ncirtctl::AddExchangeCommands(app, context);
  if (const std::string command = CommandWord(argc, argv); !command.empty()) {
    bool known = false;
    for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      known = known || sub->get_name() == command;
    }
    if (!known) {
      std::cerr << "ncirtctl: error: unknown command '" << command
                << "'; run 'ncirtctl --help' for the list of commands\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (context.failure) {
    std::cerr << "ncirtctl: error: " << context.failure->message;
    if (!context.failure->where.empty() &&
        context.failure->message.find(context.failure->where) == std::string::npos) {
      std::cerr << " (" << context.failure->where << ")";
    }
    std::cerr << "\n";
    return 1;
  }
  return 0;
}
