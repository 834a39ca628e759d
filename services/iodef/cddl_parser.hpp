#pragma once
// Parses CDDL (RFC 8610) text into a cddl::Module.
//
// The parser knows the subset described in cddl_ast.hpp. Anything else — generics ("<...>"),
// sockets ("$name"), ranges (".."), unwrapping ("~"), enumerations ("&"), tags ("#6.x"),
// byte-string literals, cuts ("^"), and "/=" or "//=" rules — is refused with a located
// kBadConfig error that names the construct, so a specification is never half-understood.
// Name resolution and the checks that need the whole module are cddl_schema.hpp's job.
//
// Thread-safety: pure; safe to call concurrently.

#include <string_view>

#include "common/error/error.hpp"
#include "iodef/cddl_ast.hpp"

namespace ncirt::iodef::cddl {

// Errors: kBadConfig, message "CDDL line L, column C: <what was expected or refused>".
common::Result<Module> ParseCddl(std::string_view text);

}  // namespace ncirt::iodef::cddl
