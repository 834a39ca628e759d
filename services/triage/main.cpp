// ncirt-triage: the analysts' service (docs/api.md).
#include <memory>

#include "common/service/service_main.hpp"
#include "triage/app.hpp"
#include "triage/triage_config.hpp"

int main(int argc, char** argv) {
  namespace service = ncirt::common::service;
  using ncirt::triage::TriageConfig;
  const service::ProgramInfo info{
      .program = "ncirt-triage",
      .service = "triage",
      .summary = "The triage service: the analysts' queue, workflow, SLA timers, users and the "
                 "audit log, over HTTPS (REST, JSON).",
      .options = ncirt::triage::TriageOptions(),
      .subcommands = {},
  };
  // The clock outlives the App, which keeps a reference to it.
  static const ncirt::triage::SystemClock clock;
  return service::RunProgram<TriageConfig>(
      info, argc, argv, ncirt::triage::LoadTriageConfig,
      [](const TriageConfig& config) -> ncirt::common::Result<service::StopFunction> {
        auto app = ncirt::triage::App::Create(config, clock);
        if (!app) return std::unexpected(app.error());
        if (auto started = (*app)->Start(); !started) return std::unexpected(started.error());
        return [shared = std::shared_ptr<ncirt::triage::App>(std::move(*app))] { shared->Stop(); };
      });
}
