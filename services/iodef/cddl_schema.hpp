#pragma once
// A CDDL specification compiled for checking JSON values, and the check itself.
//
// Compile() parses the text (cddl_parser.hpp) and binds it (cddl_compiled.hpp), which refuses,
// with a line and column, whatever the checker could not judge exactly.
//
// Validate() reports every place a JSON value departs from the root rule, each as a JSON
// pointer (RFC 6901) and a sentence: "member 'IncidentID' is required", "'hacking' is not one of
// 'traceback', 'mitigation', ...". Semantics, for JSON: maps are JSON objects whose members may
// come in any order and which hold no member the group does not name; a key's occurrence bound
// above one means one (JSON names are unique); group choices ("//") accept the alternative that
// fits, preferring the one that accounts for the most members; type choices accept any fitting
// alternative, and when none fits the message comes from the alternative closest to the value.
// `.default` documents a default and constrains nothing (RFC 8610 §3.8.6).
//
// Thread-safety: a compiled Schema is immutable; Validate() may run concurrently.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "iodef/cddl_ast.hpp"
#include "iodef/cddl_compiled.hpp"

namespace ncirt::iodef::cddl {

struct Violation {
  std::string pointer;  // "" is the document root
  std::string message;
};

class Schema {
 public:
  // Errors: kBadConfig, naming the CDDL line and column.
  static common::Result<Schema> Compile(std::string_view cddl_text,
                                        const CompileOptions& options);
  static common::Result<Schema> Compile(Module module, const CompileOptions& options);


  // At most `max_violations` violations, in a stable order (the order of the CDDL's entries).
  std::vector<Violation> Validate(const nlohmann::json& value,
                                  std::size_t max_violations = 1000) const;

  // Violations of `value` taken as the member `member` of the map that rule `rule` defines
  // (following names; the first map among the rule's choices). nullopt when there is no such
  // rule, map or member. Renderers use it to ask whether a value is writable before writing it.
  std::optional<std::vector<Violation>> ValidateMember(std::string_view rule,
                                                       std::string_view member,
                                                       const nlohmann::json& value) const;

  const std::string& root_rule() const { return compiled_->root->name; }

 private:
  explicit Schema(std::shared_ptr<const CompiledModule> compiled)
      : compiled_(std::move(compiled)) {}
  std::shared_ptr<const CompiledModule> compiled_;
};

}  // namespace ncirt::iodef::cddl
