#include "iodef/cddl_compiled.hpp"

#include <set>
#include <utility>

#include <boost/regex.hpp>

namespace ncirt::iodef::cddl {

struct Pattern::Engine {
  boost::regex regex;
};

Pattern::Pattern(std::string source, std::unique_ptr<Engine> engine)
    : source_(std::move(source)), engine_(std::move(engine)) {}

Pattern::~Pattern() = default;

common::Result<std::shared_ptr<const Pattern>> Pattern::Compile(const std::string& source) {
  try {
    auto engine = std::make_unique<Engine>(Engine{boost::regex(source, boost::regex::perl)});
    return std::shared_ptr<const Pattern>(new Pattern(source, std::move(engine)));
  } catch (const boost::regex_error& e) {
    return common::Fail(common::ErrorKind::kBadConfig,
                        "the pattern \"" + source + "\" does not compile: " + e.what());
  }
}

bool Pattern::Matches(std::string_view text) const {
  try {
    return boost::regex_match(text.begin(), text.end(), engine_->regex);
  } catch (const std::runtime_error&) {
    // Boost gives up on matches whose cost explodes; such a value does not match.
    return false;
  }
}

namespace {

class Binder {
 public:
  Binder(CompiledModule& out, const CompileOptions& options) : out_(out), options_(options) {}

  common::Result<void> Run() {
    for (const Rule& rule : out_.module.rules) {
      if (!out_.rules.emplace(rule.name, &rule).second) {
        return Error(rule.at, "the rule '" + rule.name + "' is defined twice");
      }
    }
    out_.root = &out_.module.rules.front();
    for (const Rule& rule : out_.module.rules) {
      if (auto bound = BindType(*rule.type); !bound) return bound;
    }
    for (const Rule& rule : out_.module.rules) {
      std::set<const Rule*> seen;
      if (ReachesItself(rule, rule, seen)) {
        return Error(rule.at, "the rule '" + rule.name +
                                  "' refers to itself without a map or an array in between");
      }
    }
    return {};
  }

 private:
  static std::unexpected<common::Error> Error(SourceLocation at, const std::string& what) {
    return common::Fail(common::ErrorKind::kBadConfig,
                        "CDDL line " + std::to_string(at.line) + ", column " +
                            std::to_string(at.column) + ": " + what);
  }

  common::Result<void> BindType(const Type& type) {
    for (const Type1& choice : type.choices) {
      if (auto bound = BindType1(choice); !bound) return bound;
    }
    return {};
  }

  // Whether the type a Type2 denotes (after following names) is of the given prelude kinds.
  unsigned KindsOfTarget(const Type2& type2, int depth = 0) const {
    if (depth > 64) return kJsonAny;
    switch (type2.kind) {
      case Type2::Kind::kLiteral:
        return type2.literal.kind == Literal::Kind::kText ? kJsonString : kJsonNumber;
      case Type2::Kind::kMap:
        return kJsonObject;
      case Type2::Kind::kArray:
        return kJsonArray;
      case Type2::Kind::kParenthesized: {
        unsigned kinds = 0;
        for (const Type1& choice : type2.inner->choices) {
          kinds |= KindsOfTarget(choice.target, depth + 1);
        }
        return kinds;
      }
      case Type2::Kind::kName:
        break;
    }
    // Resolved by name: the rule this name leads to may not be bound yet.
    const auto rule = out_.rules.find(type2.name);
    if (rule == out_.rules.end()) {
      const auto prelude = FindPreludeType(type2.name);
      return prelude ? KindsOf(*prelude) : kJsonAny;
    }
    unsigned kinds = 0;
    for (const Type1& choice : rule->second->type->choices) {
      kinds |= KindsOfTarget(choice.target, depth + 1);
    }
    return kinds;
  }

  common::Result<void> BindType1(const Type1& type1) {
    if (auto bound = BindType2(type1.target); !bound) return bound;
    if (type1.control.empty()) return {};
    const Type2& controller = *type1.controller;
    if (type1.control == "default") {
      if (controller.kind != Type2::Kind::kLiteral) {
        return Error(controller.at, ".default needs a literal value");
      }
      return {};
    }
    if (type1.control == "regexp") {
      if (KindsOfTarget(type1.target) != kJsonString) {
        return Error(type1.target.at, ".regexp applies only to text");
      }
      if (controller.kind != Type2::Kind::kLiteral ||
          controller.literal.kind != Literal::Kind::kText) {
        return Error(controller.at, ".regexp needs a text literal pattern");
      }
      auto pattern = Pattern::Compile(controller.literal.text);
      if (!pattern) return Error(controller.at, pattern.error().message);
      out_.patterns.emplace(&type1, std::move(*pattern));
      return {};
    }
    if (type1.control == "gt") {
      if (KindsOfTarget(type1.target) != kJsonNumber) {
        return Error(type1.target.at, ".gt applies only to numbers");
      }
      if (controller.kind != Type2::Kind::kLiteral ||
          controller.literal.kind == Literal::Kind::kText) {
        return Error(controller.at, ".gt needs a number literal");
      }
      return {};
    }
    return Error(type1.target.at,
                 "the control operator ." + type1.control + " is not supported by this checker");
  }

  common::Result<void> BindType2(const Type2& type2) {
    switch (type2.kind) {
      case Type2::Kind::kLiteral:
        return {};
      case Type2::Kind::kName:
        if (const auto rule = out_.rules.find(type2.name); rule != out_.rules.end()) {
          out_.references.emplace(&type2, rule->second);
          return {};
        }
        if (const auto prelude = FindPreludeType(type2.name)) {
          out_.prelude.emplace(&type2, *prelude);
          return {};
        }
        return Error(type2.at, "the name '" + type2.name +
                                   "' is neither a rule nor a prelude type this checker knows");
      case Type2::Kind::kParenthesized:
        return BindType(*type2.inner);
      case Type2::Kind::kMap:
        return BindMapGroup(*type2.group);
      case Type2::Kind::kArray:
        return BindArrayGroup(*type2.group, type2.at);
    }
    return {};
  }

  common::Result<void> BindMapGroup(const Group& group) {
    for (const auto& choice : group.choices) {
      for (const GroupEntry& entry : choice) {
        switch (entry.kind) {
          case GroupEntry::Kind::kMember: {
            auto name = MemberName(*entry.key);
            if (!name) return std::unexpected(name.error());
            out_.member_names.emplace(&entry, std::move(*name));
            if (auto bound = BindType(*entry.type); !bound) return bound;
            break;
          }
          case GroupEntry::Kind::kGroup:
            if (entry.occurrence.max > 1) {
              return Error(entry.at, "a repeated group inside a map is not supported");
            }
            if (auto bound = BindMapGroup(*entry.group); !bound) return bound;
            break;
          case GroupEntry::Kind::kType: {
            const Type& type = *entry.type;
            const bool named = type.choices.size() == 1 &&
                               type.choices.front().target.kind == Type2::Kind::kName;
            const std::string what =
                named ? "'" + type.choices.front().target.name + "'" : "a type";
            return Error(entry.at, "a map entry holds " + what +
                                       " without a member key (a typo for '=>'?); a map holds "
                                       "only members");
          }
        }
      }
    }
    return {};
  }

  common::Result<void> BindArrayGroup(const Group& group, SourceLocation at) {
    if (group.choices.size() != 1 || group.choices.front().size() != 1 ||
        group.choices.front().front().kind != GroupEntry::Kind::kType) {
      return Error(at, "arrays other than [occurrence type] are not supported by this checker");
    }
    return BindType(*group.choices.front().front().type);
  }

  common::Result<std::string> MemberName(const Type1& key) {
    const Type2& target = key.target;
    if (!key.control.empty()) {
      return Error(target.at, "a member key with a control operator is not supported");
    }
    if (target.kind == Type2::Kind::kLiteral && target.literal.kind == Literal::Kind::kText) {
      return target.literal.text;
    }
    if (target.kind != Type2::Kind::kName) {
      return Error(target.at, "a member key must be a text literal or the name of one");
    }
    const auto rule = out_.rules.find(target.name);
    if (rule == out_.rules.end()) {
      return Error(target.at, "the member key '" + target.name + "' is not defined");
    }
    const Type& type = *rule->second->type;
    if (type.choices.size() != 1 || !type.choices.front().control.empty() ||
        type.choices.front().target.kind != Type2::Kind::kLiteral) {
      return Error(target.at, "the member key '" + target.name + "' does not name one value");
    }
    const Literal& literal = type.choices.front().target.literal;
    if (literal.kind == Literal::Kind::kText) return literal.text;
    const std::string& prefix = options_.integer_key_prefix;
    if (prefix.empty() || !target.name.starts_with(prefix) || target.name.size() == prefix.size()) {
      return Error(target.at, "the member key '" + target.name +
                                  "' is a number, which a JSON member name cannot be");
    }
    return target.name.substr(prefix.size());
  }

  // Follows bare names and parentheses (not maps or arrays) from `from`; true if `rule` recurs.
  bool ReachesItself(const Rule& rule, const Rule& from, std::set<const Rule*>& seen) const {
    for (const Type1& choice : from.type->choices) {
      if (ReachesThrough(rule, choice.target, seen)) return true;
    }
    return false;
  }

  bool ReachesThrough(const Rule& rule, const Type2& type2, std::set<const Rule*>& seen) const {
    if (type2.kind == Type2::Kind::kParenthesized) {
      for (const Type1& choice : type2.inner->choices) {
        if (ReachesThrough(rule, choice.target, seen)) return true;
      }
      return false;
    }
    if (type2.kind != Type2::Kind::kName) return false;
    const auto reference = out_.references.find(&type2);
    if (reference == out_.references.end()) return false;
    if (reference->second == &rule) return true;
    if (!seen.insert(reference->second).second) return false;
    return ReachesItself(rule, *reference->second, seen);
  }

  CompiledModule& out_;
  const CompileOptions& options_;
};

}  // namespace

common::Result<std::shared_ptr<const CompiledModule>> BindModule(Module module,
                                                                 const CompileOptions& options) {
  auto compiled = std::make_shared<CompiledModule>();
  compiled->module = std::move(module);
  if (compiled->module.rules.empty()) {
    return common::Fail(common::ErrorKind::kBadConfig, "the CDDL module has no rules");
  }
  if (auto bound = Binder(*compiled, options).Run(); !bound) {
    return std::unexpected(bound.error());
  }
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

}  // namespace ncirt::iodef::cddl
