// ncirt-exchange: the cross-CIRT link (docs/protocol.md, docs/api-exchange.md).
#include <memory>

#include "common/service/service_main.hpp"
#include "exchange/app.hpp"
#include "exchange/exchange_config.hpp"

int main(int argc, char** argv) {
  namespace service = ncirt::common::service;
  using ncirt::exchange::ExchangeConfig;
  const service::ProgramInfo info{
      .program = "ncirt-exchange",
      .service = "exchange",
      .summary = "The exchange service: delivers shared incidents to partner CIRTs from the "
                 "outbox and receives theirs, over protobuf frames on mutual TLS 1.3 with pinned "
                 "keys.",
      .options = ncirt::exchange::ExchangeOptions(),
      .subcommands = {},
  };
  return service::RunProgram<ExchangeConfig>(
      info, argc, argv, ncirt::exchange::LoadExchangeConfig,
      [](const ExchangeConfig& config) -> ncirt::common::Result<service::StopFunction> {
        auto app = ncirt::exchange::App::Create(config);
        if (!app) return std::unexpected(app.error());
        if (auto started = (*app)->Start(); !started) return std::unexpected(started.error());
        return [shared = std::shared_ptr<ncirt::exchange::App>(std::move(*app))] {
          shared->Stop();
        };
      });
}
