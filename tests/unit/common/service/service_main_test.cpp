#include "common/service/service_main.hpp"

#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ncirt::common::service {
namespace {

const std::array<config::Option, 1> kOptions{{{
    .name = "NCIRT_EXAMPLE_LISTEN",
    .type = config::OptionType::kString,
    .default_value = "127.0.0.1:1",
    .description = "Where the example listens.",
}}};

struct Args {
  explicit Args(std::vector<std::string> words) : storage(std::move(words)) {
    for (std::string& word : storage) pointers.push_back(word.data());
  }
  std::span<char*> Span() { return pointers; }
  std::vector<std::string> storage;
  std::vector<char*> pointers;
};

ProgramInfo Info(std::vector<std::string>* seen) {
  return ProgramInfo{
      .program = "ncirt-example",
      .service = "example",
      .summary = "An example service.",
      .options = kOptions,
      .subcommands = {{"token",
                       [seen](std::span<char*> args, const config::Environment&) {
                         for (char* arg : args) seen->emplace_back(arg);
                         return 7;
                       }}},
  };
}

TEST(ServiceMainTest, NoArgumentsMeansServe) {
  std::vector<std::string> seen;
  Args args({});
  EXPECT_FALSE(DispatchArguments(Info(&seen), args.Span(), {}).handled);
}

TEST(ServiceMainTest, HelpExitsZeroWithoutServing) {
  std::vector<std::string> seen;
  Args args({"--help"});
  testing::internal::CaptureStdout();
  const Dispatch dispatch = DispatchArguments(Info(&seen), args.Span(), {});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_TRUE(dispatch.handled);
  EXPECT_EQ(dispatch.code, 0);
  EXPECT_NE(out.find("An example service."), std::string::npos);
  EXPECT_NE(out.find("NCIRT_EXAMPLE_LISTEN"), std::string::npos);
}

TEST(ServiceMainTest, OptionsMarkdownPrintsTheOptionTable) {
  std::vector<std::string> seen;
  Args args({"--options-markdown"});
  testing::internal::CaptureStdout();
  const Dispatch dispatch = DispatchArguments(Info(&seen), args.Span(), {});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(dispatch.code, 0);
  EXPECT_NE(out.find("| `NCIRT_EXAMPLE_LISTEN`"), std::string::npos) << out;
}

TEST(ServiceMainTest, SubcommandReceivesTheRestAndDecidesTheExitCode) {
  std::vector<std::string> seen;
  Args args({"token", "create", "--name", "x"});
  const Dispatch dispatch = DispatchArguments(Info(&seen), args.Span(), {});
  EXPECT_TRUE(dispatch.handled);
  EXPECT_EQ(dispatch.code, 7);
  EXPECT_EQ(seen, (std::vector<std::string>{"create", "--name", "x"}));
}

TEST(ServiceMainTest, UnknownArgumentIsAUsageErrorNamingIt) {
  std::vector<std::string> seen;
  Args args({"--bogus"});
  testing::internal::CaptureStderr();
  const Dispatch dispatch = DispatchArguments(Info(&seen), args.Span(), {});
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(dispatch.handled);
  EXPECT_EQ(dispatch.code, 2);
  EXPECT_NE(err.find("'--bogus'"), std::string::npos) << err;
}

TEST(ServiceMainTest, StartFailureExitsOneWithoutWaitingForASignal) {
  std::vector<std::string> seen;
  const int code = ServeUntilSignal(Info(&seen), []() -> Result<StopFunction> {
    return Fail(ErrorKind::kBadConfig, "port in use");
  });
  EXPECT_EQ(code, 1);
}

}  // namespace
}  // namespace ncirt::common::service
