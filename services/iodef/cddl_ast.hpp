#pragma once
// The syntax tree of a CDDL (RFC 8610) specification, as far as ncirt's checker reads it.
//
// It covers the constructs RFC 8727's data model uses: type rules, type choices ("/"), control
// operators (".regexp", ".gt", ".default"), literals, type names, maps ("{...}"), arrays
// ("[...]"), group choices ("//"), parenthesised groups and occurrence indicators ("?", "*", "+",
// "n*m"). cddl_parser.hpp refuses everything else with a located error instead of guessing, so a
// tree of this shape always means what RFC 8610 says it means.
//
// Nodes are immutable once parsed and shared through shared_ptr<const ...>, so their addresses
// are stable and the compiled schema can key side tables on them.
//
// Thread-safety: immutable values; share freely.

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ncirt::iodef::cddl {

struct SourceLocation {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct Type;
struct Group;
using TypePtr = std::shared_ptr<const Type>;
using GroupPtr = std::shared_ptr<const Group>;

// A literal value: "text", 42, -24, 0.5.
struct Literal {
  enum class Kind { kText, kInteger, kFloat };
  Kind kind = Kind::kText;
  std::string text;
  std::int64_t integer = 0;
  double number = 0;
};

struct Type2 {
  enum class Kind { kLiteral, kName, kParenthesized, kMap, kArray };
  Kind kind = Kind::kLiteral;
  Literal literal;   // kLiteral
  std::string name;  // kName: a rule or a prelude type
  TypePtr inner;     // kParenthesized
  GroupPtr group;    // kMap, kArray
  SourceLocation at;
};

// A Type2, optionally constrained by a control operator: `text .regexp "[a-z]+"`.
struct Type1 {
  Type2 target;
  std::string control;  // operator name without the dot; empty when there is none
  std::optional<Type2> controller;
};

// Type choices: `a / b / c`.
struct Type {
  std::vector<Type1> choices;
};

struct Occurrence {
  static constexpr std::uint64_t kUnbounded = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t min = 1;
  std::uint64_t max = 1;
};

struct GroupEntry {
  enum class Kind {
    kMember,  // key => type, or bareword: type
    kType,    // a type without a key (array elements)
    kGroup,   // ( group )
  };
  Kind kind = Kind::kType;
  Occurrence occurrence;
  std::optional<Type1> key;  // kMember
  TypePtr type;              // kMember (the value), kType
  GroupPtr group;            // kGroup
  SourceLocation at;
};

// Group choices (`//`), each a sequence of entries.
struct Group {
  std::vector<std::vector<GroupEntry>> choices;
};

struct Rule {
  std::string name;
  TypePtr type;
  SourceLocation at;
};

struct Module {
  // In source order. The first rule is the root (RFC 8610 §3.1); RFC 8727's is
  // `start = iodef`, a rule that just names the document's type.
  std::vector<Rule> rules;
};

}  // namespace ncirt::iodef::cddl
