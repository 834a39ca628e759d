#pragma once
// A parsed CDDL module with every name bound, ready for checking JSON values.
//
// Binding resolves each type name to a rule or a prelude type (cddl_prelude.hpp), compiles each
// ".regexp" (whole-string match, as RFC 8610 §3.8.3 takes from XSD), works out the JSON member
// name of each map key, and refuses — naming the CDDL line and column — what the checker could
// not judge exactly:
// - names that are neither a rule nor a known prelude type;
// - map entries without a key (a map holds only members), and keys that are not one name;
// - arrays other than "[occurrence type]";
// - control operators other than .regexp (on text), .gt (on numbers) and .default;
// - rules that refer to themselves without a map or an array in between (they never end).
//
// Thread-safety: immutable once bound; share freely.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/error/error.hpp"
#include "iodef/cddl_ast.hpp"
#include "iodef/cddl_prelude.hpp"

namespace ncirt::iodef::cddl {

struct CompileOptions {
  // RFC 8727 names its map keys with rules bound to integers ("iodef-version = -24"): CBOR uses
  // the integer, JSON the rule name without this prefix ("version"), as its §4 examples show.
  // Empty: keys bound to integers are an error, since JSON member names are text.
  std::string integer_key_prefix;
};

// A compiled ".regexp" pattern.
class Pattern {
 public:
  static common::Result<std::shared_ptr<const Pattern>> Compile(const std::string& source);
  ~Pattern();
  bool Matches(std::string_view text) const;
  const std::string& source() const { return source_; }

 private:
  struct Engine;
  Pattern(std::string source, std::unique_ptr<Engine> engine);
  std::string source_;
  std::unique_ptr<Engine> engine_;
};

struct CompiledModule {
  Module module;
  const Rule* root = nullptr;
  std::unordered_map<std::string, const Rule*> rules;
  // For each kName Type2 node: the rule or prelude type it names (exactly one is set).
  std::unordered_map<const Type2*, const Rule*> references;
  std::unordered_map<const Type2*, PreludeType> prelude;
  // For each kMember entry of a map: its JSON member name.
  std::unordered_map<const GroupEntry*, std::string> member_names;
  // For each Type1 with a .regexp control.
  std::unordered_map<const Type1*, std::shared_ptr<const Pattern>> patterns;
};

// Errors: kBadConfig, "CDDL line L, column C: ...".
common::Result<std::shared_ptr<const CompiledModule>> BindModule(Module module,
                                                                 const CompileOptions& options);

}  // namespace ncirt::iodef::cddl
