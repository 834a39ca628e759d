#include "iodef/cddl_schema.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "iodef/cddl_parser.hpp"
#include "iodef/json_reader.hpp"

namespace ncirt::iodef::cddl {
namespace {

using nlohmann::json;

// The result of matching a value (or a group) against a piece of the specification.
struct Outcome {
  bool ok = true;
  // How many object members the match accounted for: picks the closest alternative.
  std::size_t score = 0;
  std::vector<Violation> violations;
};

class Validator {
 public:
  Validator(const CompiledModule& compiled, std::size_t max_violations)
      : compiled_(compiled), max_(max_violations) {}

  Outcome CheckType(const Type& type, const json& value, const std::string& pointer,
                    const std::string& context) {
    if (type.choices.size() == 1) return CheckType1(type.choices.front(), value, pointer, context);
    std::vector<std::string> literals;
    if (value.is_string() && CollectTextLiterals(type, literals, 0)) {
      const auto& text = value.get_ref<const std::string&>();
      if (std::find(literals.begin(), literals.end(), text) != literals.end()) return {};
      return Fail(pointer, QuoteValue(value) + " is not one of " + JoinQuoted(literals));
    }
    std::vector<Outcome> outcomes;
    outcomes.reserve(type.choices.size());
    for (const Type1& choice : type.choices) {
      outcomes.push_back(CheckType1(choice, value, pointer, context));
      if (outcomes.back().ok) return std::move(outcomes.back());
    }
    return ClosestFailure(type, value, pointer, std::move(outcomes));
  }

 private:
  Outcome ClosestFailure(const Type& type, const json& value, const std::string& pointer,
                         std::vector<Outcome> outcomes) {
    const JsonKind kind = KindOf(value);
    std::size_t best = outcomes.size();
    unsigned all_kinds = 0;
    bool all_unscored_maps = true;
    std::size_t candidates = 0;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const unsigned kinds = KindsOfType2(type.choices[i].target, 0);
      all_kinds |= kinds;
      if ((kinds & kind) == 0) continue;
      ++candidates;
      if (kinds != kJsonObject || outcomes[i].score > 0) all_unscored_maps = false;
      if (best == outcomes.size() || outcomes[i].score > outcomes[best].score) best = i;
    }
    if (best == outcomes.size()) {
      return Fail(pointer, "expected " + DescribeKinds(all_kinds) + ", found " +
                               DescribeKind(value));
    }
    if (candidates > 1 && all_unscored_maps) {
      std::vector<std::string> keys;
      for (const Type1& choice : type.choices) {
        if (auto key = FirstMemberName(choice.target, 0)) keys.push_back(*key);
      }
      return Fail(pointer, "expected an object with one of the members " + JoinQuoted(keys));
    }
    return std::move(outcomes[best]);
  }

  Outcome CheckType1(const Type1& type1, const json& value, const std::string& pointer,
                     const std::string& context) {
    Outcome outcome = CheckType2(type1.target, value, pointer, context);
    if (!outcome.ok || type1.control.empty()) return outcome;
    if (type1.control == "regexp") {
      const Pattern& pattern = *compiled_.patterns.at(&type1);
      if (!pattern.Matches(value.get_ref<const std::string&>())) {
        return Fail(pointer, QuoteValue(value) + " does not match the pattern " +
                                 pattern.source());
      }
    } else if (type1.control == "gt") {
      const Literal& bound = type1.controller->literal;
      const double limit = bound.kind == Literal::Kind::kFloat
                               ? bound.number
                               : static_cast<double>(bound.integer);
      if (!(value.get<double>() > limit)) {
        return Fail(pointer, QuoteValue(value) + " is not greater than " + bound.text);
      }
    }
    return outcome;
  }

  Outcome CheckType2(const Type2& type2, const json& value, const std::string& pointer,
                     const std::string& context) {
    switch (type2.kind) {
      case Type2::Kind::kLiteral:
        return CheckLiteral(type2.literal, value, pointer);
      case Type2::Kind::kName: {
        if (const auto prelude = compiled_.prelude.find(&type2);
            prelude != compiled_.prelude.end()) {
          if (auto why = CheckPrelude(prelude->second, value)) return Fail(pointer, *why);
          return {};
        }
        const Rule& rule = *compiled_.references.at(&type2);
        return CheckType(*rule.type, value, pointer, rule.name);
      }
      case Type2::Kind::kParenthesized:
        return CheckType(*type2.inner, value, pointer, context);
      case Type2::Kind::kMap:
        return CheckMap(*type2.group, value, pointer, context);
      case Type2::Kind::kArray:
        return CheckArray(*type2.group, value, pointer, context);
    }
    return {};
  }

  Outcome CheckLiteral(const Literal& literal, const json& value, const std::string& pointer) {
    bool equal = false;
    switch (literal.kind) {
      case Literal::Kind::kText:
        equal = value.is_string() && value.get_ref<const std::string&>() == literal.text;
        return equal ? Outcome{}
                     : Fail(pointer, "expected '" + literal.text + "', found " + QuoteValue(value));
      case Literal::Kind::kInteger:
        equal = value.is_number_integer() &&
                (value.is_number_unsigned()
                     ? literal.integer >= 0 &&
                           value.get<std::uint64_t>() == static_cast<std::uint64_t>(literal.integer)
                     : value.get<std::int64_t>() == literal.integer);
        break;
      case Literal::Kind::kFloat:
        equal = value.is_number() && value.get<double>() == literal.number;
        break;
    }
    return equal ? Outcome{}
                 : Fail(pointer, "expected " + literal.text + ", found " + QuoteValue(value));
  }

  // Matching state of one JSON object: which members some entry has accounted for.
  struct MapState {
    const json& object;
    std::vector<std::string_view> consumed;
    bool Consumed(std::string_view name) const {
      return std::find(consumed.begin(), consumed.end(), name) != consumed.end();
    }
  };

  Outcome CheckMap(const Group& group, const json& value, const std::string& pointer,
                   const std::string& context) {
    if (!value.is_object()) {
      return Fail(pointer, "expected an object, found " + DescribeKind(value));
    }
    MapState state{value, {}};
    Outcome outcome = MatchGroup(group, Occurrence{1, 1}, state, pointer, context);
    std::vector<std::string> known;
    CollectMemberNames(group, known);
    for (const auto& [name, member] : value.items()) {
      if (state.Consumed(name)) continue;
      const bool alternative = std::find(known.begin(), known.end(), name) != known.end();
      Add(outcome, Violation{AppendPointer(pointer, name),
                             alternative ? "member '" + Abbreviate(name, 60) +
                                               "' is an alternative to a member already "
                                               "present" + Of(context) +
                                               "; only one of them may appear"
                                         : "member '" + Abbreviate(name, 60) +
                                               "' is not defined" + Of(context)});
    }
    outcome.score = state.consumed.size();
    return outcome;
  }

  Outcome MatchGroup(const Group& group, Occurrence occurrence, MapState& state,
                     const std::string& pointer, const std::string& context) {
    if (group.choices.size() == 1) {
      MapState trial = state;
      Outcome outcome = MatchSequence(group.choices.front(), trial, pointer, context);
      if (occurrence.min == 0 && outcome.score == 0) return {};  // the optional group is absent
      state.consumed = std::move(trial.consumed);
      return outcome;
    }
    std::vector<Outcome> outcomes;
    std::vector<MapState> trials;
    for (const auto& choice : group.choices) {
      trials.push_back(state);
      outcomes.push_back(MatchSequence(choice, trials.back(), pointer, context));
    }
    // The fitting alternative that accounts for the most members; failing that, the failing
    // one that does (its message is the useful one).
    std::optional<std::size_t> best_ok;
    std::optional<std::size_t> best_failed;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      auto& best = outcomes[i].ok ? best_ok : best_failed;
      if (!best || outcomes[i].score > outcomes[*best].score) best = i;
    }
    const bool failed_has_members = best_failed && outcomes[*best_failed].score > 0;
    std::size_t chosen;
    if (best_ok && (outcomes[*best_ok].score > 0 || !failed_has_members)) {
      chosen = *best_ok;
    } else if (failed_has_members) {
      chosen = *best_failed;
    } else {
      if (occurrence.min == 0) return {};  // the optional group is absent
      std::vector<std::string> names;
      for (const auto& choice : group.choices) {
        if (auto name = FirstMemberNameOfSequence(choice)) names.push_back(*name);
      }
      return Fail(pointer, "one of the members " + JoinQuoted(names) + " is required" +
                               Of(context));
    }
    state.consumed = std::move(trials[chosen].consumed);
    return std::move(outcomes[chosen]);
  }

  Outcome MatchSequence(const std::vector<GroupEntry>& sequence, MapState& state,
                        const std::string& pointer, const std::string& context) {
    Outcome outcome;
    for (const GroupEntry& entry : sequence) {
      if (entry.kind == GroupEntry::Kind::kGroup) {
        Outcome inner = MatchGroup(*entry.group, entry.occurrence, state, pointer, context);
        Merge(outcome, std::move(inner));
        continue;
      }
      const std::string& name = compiled_.member_names.at(&entry);
      const auto member = state.object.find(name);
      if (member == state.object.end() || state.Consumed(name)) {
        if (entry.occurrence.min > 0) {
          Add(outcome, Violation{pointer, "member '" + name + "' is required" + Of(context)});
        }
        continue;
      }
      state.consumed.push_back(member.key());
      ++outcome.score;
      Outcome inner = CheckType(*entry.type, *member, AppendPointer(pointer, name), name);
      inner.score = 0;
      Merge(outcome, std::move(inner));
    }
    return outcome;
  }

  Outcome CheckArray(const Group& group, const json& value, const std::string& pointer,
                     const std::string& context) {
    if (!value.is_array()) {
      return Fail(pointer, "expected an array, found " + DescribeKind(value));
    }
    const GroupEntry& entry = group.choices.front().front();
    Outcome outcome;
    const std::size_t count = value.size();
    if (count < entry.occurrence.min) {
      Add(outcome, Violation{pointer, count == 0 ? "the array must not be empty"
                                                 : "the array needs at least " +
                                                       std::to_string(entry.occurrence.min) +
                                                       " entries, it has " +
                                                       std::to_string(count)});
    } else if (count > entry.occurrence.max) {
      Add(outcome, Violation{pointer, "the array has " + std::to_string(count) +
                                          " entries; at most " +
                                          std::to_string(entry.occurrence.max) + " are allowed"});
    }
    for (std::size_t i = 0; i < count; ++i) {
      Outcome inner = CheckType(*entry.type, value[i], AppendPointer(pointer, i), context);
      inner.score = 0;
      Merge(outcome, std::move(inner));
    }
    return outcome;
  }

  // --- helpers -------------------------------------------------------------------------------

  Outcome Fail(const std::string& pointer, std::string message) {
    Outcome outcome;
    Add(outcome, Violation{pointer, std::move(message)});
    return outcome;
  }

  void Add(Outcome& outcome, Violation violation) {
    outcome.ok = false;
    if (outcome.violations.size() < max_) outcome.violations.push_back(std::move(violation));
  }

  void Merge(Outcome& into, Outcome&& from) {
    into.score += from.score;
    if (from.ok) return;
    into.ok = false;
    for (auto& violation : from.violations) {
      if (into.violations.size() >= max_) break;
      into.violations.push_back(std::move(violation));
    }
  }

  static std::string Of(const std::string& context) {
    return context.empty() ? std::string() : " in " + context;
  }

  static std::string JoinQuoted(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
      out += "'" + items[i] + "'";
    }
    return out;
  }

  static std::string DescribeKinds(unsigned kinds) {
    static constexpr std::pair<unsigned, std::string_view> kNames[] = {
        {kJsonObject, "an object"}, {kJsonArray, "an array"},     {kJsonString, "a string"},
        {kJsonNumber, "a number"},  {kJsonBool, "a boolean"},     {kJsonNull, "null"}};
    std::vector<std::string> names;
    for (const auto& [bit, name] : kNames) {
      if (kinds & bit) names.emplace_back(name);
    }
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
      out += names[i];
    }
    return out;
  }

  bool CollectTextLiterals(const Type& type, std::vector<std::string>& out, int depth) const {
    if (depth > 32) return false;
    for (const Type1& choice : type.choices) {
      if (!choice.control.empty() && choice.control != "default") return false;
      const Type2& target = choice.target;
      if (target.kind == Type2::Kind::kLiteral && target.literal.kind == Literal::Kind::kText) {
        out.push_back(target.literal.text);
      } else if (target.kind == Type2::Kind::kParenthesized) {
        if (!CollectTextLiterals(*target.inner, out, depth + 1)) return false;
      } else if (target.kind == Type2::Kind::kName) {
        const auto rule = compiled_.references.find(&target);
        if (rule == compiled_.references.end()) return false;
        if (!CollectTextLiterals(*rule->second->type, out, depth + 1)) return false;
      } else {
        return false;
      }
    }
    return true;
  }

  unsigned KindsOfType2(const Type2& type2, int depth) const {
    if (depth > 32) return kJsonAny;
    switch (type2.kind) {
      case Type2::Kind::kLiteral:
        return type2.literal.kind == Literal::Kind::kText ? kJsonString : kJsonNumber;
      case Type2::Kind::kMap:
        return kJsonObject;
      case Type2::Kind::kArray:
        return kJsonArray;
      case Type2::Kind::kParenthesized:
        return KindsOfType(*type2.inner, depth + 1);
      case Type2::Kind::kName:
        break;
    }
    if (const auto prelude = compiled_.prelude.find(&type2); prelude != compiled_.prelude.end()) {
      return KindsOf(prelude->second);
    }
    return KindsOfType(*compiled_.references.at(&type2)->type, depth + 1);
  }

  unsigned KindsOfType(const Type& type, int depth) const {
    unsigned kinds = 0;
    for (const Type1& choice : type.choices) kinds |= KindsOfType2(choice.target, depth);
    return kinds;
  }

  std::optional<std::string> FirstMemberName(const Type2& type2, int depth) const {
    if (depth > 32) return std::nullopt;
    if (type2.kind == Type2::Kind::kMap) {
      for (const auto& choice : type2.group->choices) {
        if (auto name = FirstMemberNameOfSequence(choice)) return name;
      }
      return std::nullopt;
    }
    if (type2.kind == Type2::Kind::kName) {
      const auto rule = compiled_.references.find(&type2);
      if (rule == compiled_.references.end()) return std::nullopt;
      const Type& type = *rule->second->type;
      if (type.choices.size() == 1) return FirstMemberName(type.choices.front().target, depth + 1);
    }
    return std::nullopt;
  }

  std::optional<std::string> FirstMemberNameOfSequence(const std::vector<GroupEntry>& sequence) const {
    for (const GroupEntry& entry : sequence) {
      if (entry.kind == GroupEntry::Kind::kMember && entry.occurrence.min > 0) {
        return compiled_.member_names.at(&entry);
      }
    }
    for (const GroupEntry& entry : sequence) {
      if (entry.kind == GroupEntry::Kind::kMember) return compiled_.member_names.at(&entry);
    }
    return std::nullopt;
  }

  void CollectMemberNames(const Group& group, std::vector<std::string>& out) const {
    for (const auto& choice : group.choices) {
      for (const GroupEntry& entry : choice) {
        if (entry.kind == GroupEntry::Kind::kMember) {
          out.push_back(compiled_.member_names.at(&entry));
        } else if (entry.kind == GroupEntry::Kind::kGroup) {
          CollectMemberNames(*entry.group, out);
        }
      }
    }
  }

  const CompiledModule& compiled_;
  std::size_t max_;
};

}  // namespace

common::Result<Schema> Schema::Compile(std::string_view cddl_text, const CompileOptions& options) {
  auto module = ParseCddl(cddl_text);
  if (!module) return std::unexpected(module.error());
  return Compile(std::move(*module), options);
}

common::Result<Schema> Schema::Compile(Module module, const CompileOptions& options) {
  auto compiled = BindModule(std::move(module), options);
  if (!compiled) return std::unexpected(compiled.error());
  return Schema(std::move(*compiled));
}

namespace {

const GroupEntry* FindMember(const CompiledModule& compiled, const Group& group,
                             std::string_view member) {
  for (const auto& choice : group.choices) {
    for (const GroupEntry& entry : choice) {
      if (entry.kind == GroupEntry::Kind::kMember && compiled.member_names.at(&entry) == member) {
        return &entry;
      }
      if (entry.kind == GroupEntry::Kind::kGroup) {
        if (const GroupEntry* found = FindMember(compiled, *entry.group, member)) return found;
      }
    }
  }
  return nullptr;
}

const Group* MapOf(const CompiledModule& compiled, const Type& type, int depth) {
  if (depth > 16) return nullptr;
  for (const Type1& choice : type.choices) {
    const Type2& target = choice.target;
    if (target.kind == Type2::Kind::kMap) return target.group.get();
    if (target.kind == Type2::Kind::kName) {
      const auto rule = compiled.references.find(&target);
      if (rule == compiled.references.end()) continue;
      if (const Group* group = MapOf(compiled, *rule->second->type, depth + 1)) return group;
    }
  }
  return nullptr;
}

}  // namespace

std::optional<std::vector<Violation>> Schema::ValidateMember(std::string_view rule,
                                                             std::string_view member,
                                                             const nlohmann::json& value) const {
  const auto found = compiled_->rules.find(std::string(rule));
  if (found == compiled_->rules.end()) return std::nullopt;
  const Group* group = MapOf(*compiled_, *found->second->type, 0);
  if (group == nullptr) return std::nullopt;
  const GroupEntry* entry = FindMember(*compiled_, *group, member);
  if (entry == nullptr) return std::nullopt;
  Validator validator(*compiled_, 16);
  return validator.CheckType(*entry->type, value, "", std::string(member)).violations;
}

std::vector<Violation> Schema::Validate(const nlohmann::json& value,
                                        std::size_t max_violations) const {
  Validator validator(*compiled_, std::max<std::size_t>(max_violations, 1));
  const Rule& root = *compiled_->root;
  return validator.CheckType(*root.type, value, "", root.name).violations;
}

}  // namespace ncirt::iodef::cddl
