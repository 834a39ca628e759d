#pragma once
// `ncirt-intake token ...`: the operator's and the launcher's way to manage API tokens.
//
//   ncirt-intake token create --submitter NAME --scope submit,read[,admin]
//                             [--policy strict|tolerant] [--tlp CLEAR|GREEN|AMBER|AMBER+STRICT|RED]
//   ncirt-intake token list
//   ncirt-intake token revoke ID
//
// `create` prints the new token alone on standard output (so a script can capture it) and a
// description on standard error; the token is shown this once and only its SHA-256 is stored.
// Policy and TLP default to NCIRT_INTAKE_DEFAULT_POLICY / NCIRT_INTAKE_DEFAULT_TLP. The command
// reads NCIRT_DATABASE_URL like the service.
//
// Thread-safety: runs on the main thread only.

#include <span>

#include "common/config/config.hpp"

namespace ncirt::intake {

// `args` are the arguments after "token". Returns the process exit code (0, 1 on failure,
// 2 on a usage error).
int RunTokenCommand(std::span<char*> args, const common::config::Environment& env);

}  // namespace ncirt::intake
