// ncirt-intake: the HTTPS door for incident reports (docs/api.md). `ncirt-intake token ...`
// manages API tokens instead (token_admin.hpp).
#include <memory>

#include "common/service/service_main.hpp"
#include "intake/app.hpp"
#include "intake/intake_config.hpp"
#include "intake/token_admin.hpp"

int main(int argc, char** argv) {
  namespace service = ncirt::common::service;
  using ncirt::intake::IntakeConfig;
  const service::ProgramInfo info{
      .program = "ncirt-intake",
      .service = "intake",
      .summary = "The intake service: accepts IODEF incident reports over HTTPS "
                 "(POST /v1/incidents), stores them, and serves them back. "
                 "`ncirt-intake token create|list|revoke` manages API tokens.",
      .options = ncirt::intake::IntakeOptions(),
      .subcommands = {{"token", ncirt::intake::RunTokenCommand}},
  };
  return service::RunProgram<IntakeConfig>(
      info, argc, argv, [](const auto& env) { return ncirt::intake::LoadIntakeConfig(env); },
      [](const IntakeConfig& config) -> ncirt::common::Result<service::StopFunction> {
        auto app = ncirt::intake::App::Create(config);
        if (!app) return std::unexpected(app.error());
        if (auto started = (*app)->Start(); !started) return std::unexpected(started.error());
        return [shared = std::shared_ptr<ncirt::intake::App>(std::move(*app))] { shared->Stop(); };
      });
}
