#include "iodef/cddl_parser.hpp"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace ncirt::iodef::cddl {
namespace {

enum class TokenKind { kEnd, kName, kInteger, kFloat, kText, kControl, kPunct };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // name, punctuation, control operator (without '.'), decoded text literal
  std::int64_t integer = 0;
  double number = 0;
  SourceLocation at;
};

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsExtendedAlpha(char c) { return IsAlpha(c) || c == '@' || c == '_' || c == '$'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  common::Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      SkipBlanks();
      Token token;
      token.at = Here();
      if (at_ >= text_.size()) {
        tokens.push_back(std::move(token));
        return tokens;
      }
      if (auto lexed = Next(token); !lexed) return std::unexpected(lexed.error());
      tokens.push_back(std::move(token));
    }
  }

 private:
  SourceLocation Here() const { return SourceLocation{line_, column_}; }

  void Advance(std::size_t n = 1) {
    for (std::size_t i = 0; i < n && at_ < text_.size(); ++i, ++at_) {
      if (text_[at_] == '\n') {
        ++line_;
        column_ = 1;
      } else if ((static_cast<unsigned char>(text_[at_]) & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }

  char Peek(std::size_t ahead = 0) const {
    return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
  }

  void SkipBlanks() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        Advance();
      } else if (c == ';') {
        while (at_ < text_.size() && text_[at_] != '\n') Advance();
      } else {
        return;
      }
    }
  }

  std::unexpected<common::Error> Error(SourceLocation at, const std::string& what) const {
    return common::Fail(common::ErrorKind::kBadConfig,
                        "CDDL line " + std::to_string(at.line) + ", column " +
                            std::to_string(at.column) + ": " + what);
  }

  common::Result<void> Next(Token& token) {
    const char c = Peek();
    if (IsExtendedAlpha(c)) {
      const bool hex_bytes = c == 'h' && Peek(1) == '\'';
      const bool base64_bytes = c == 'b' && Peek(1) == '6' && Peek(2) == '4' && Peek(3) == '\'';
      if (hex_bytes || base64_bytes) {
        return Error(token.at, "a byte-string literal is not supported by this checker");
      }
      LexName(token);
      return {};
    }
    if (IsDigit(c) || (c == '-' && IsDigit(Peek(1)))) return LexNumber(token);
    if (c == '"') return LexText(token);
    if (c == '\'') {
      return Error(token.at, "a byte-string literal is not supported by this checker");
    }
    if (c == '.') {
      if (Peek(1) == '.') {
        token.kind = TokenKind::kPunct;
        token.text = Peek(2) == '.' ? "..." : "..";
        Advance(token.text.size());
        return {};
      }
      if (IsExtendedAlpha(Peek(1))) {
        Advance();
        LexName(token);
        token.kind = TokenKind::kControl;
        return {};
      }
      return Error(token.at, "a lone '.' (expected a control operator such as .regexp)");
    }
    static constexpr std::string_view kLongPunct[] = {"//=", "//", "/=", "=>"};
    for (std::string_view p : kLongPunct) {
      if (text_.substr(at_, p.size()) == p) {
        token.kind = TokenKind::kPunct;
        token.text = std::string(p);
        Advance(p.size());
        return {};
      }
    }
    static constexpr std::string_view kShortPunct = "=/{}[](),:?*+^~&#<>";
    if (kShortPunct.find(c) != std::string_view::npos) {
      token.kind = TokenKind::kPunct;
      token.text = std::string(1, c);
      Advance();
      return {};
    }
    return Error(token.at, "unexpected character '" + std::string(1, c) + "'");
  }

  void LexName(Token& token) {
    token.kind = TokenKind::kName;
    std::size_t end = at_ + 1;
    while (true) {
      std::size_t look = end;
      while (look < text_.size() && (text_[look] == '-' || text_[look] == '.')) ++look;
      if (look < text_.size() && (IsExtendedAlpha(text_[look]) || IsDigit(text_[look]))) {
        end = look + 1;
      } else {
        break;
      }
    }
    token.text = std::string(text_.substr(at_, end - at_));
    Advance(end - at_);
  }

  common::Result<void> LexNumber(Token& token) {
    std::size_t end = at_;
    if (text_[end] == '-') ++end;
    if (text_.substr(end, 2) == "0x" || text_.substr(end, 2) == "0b") {
      return Error(token.at, "hexadecimal and binary numbers are not supported");
    }
    bool fractional = false;
    while (end < text_.size() && IsDigit(text_[end])) ++end;
    if (end + 1 < text_.size() && text_[end] == '.' && IsDigit(text_[end + 1])) {
      fractional = true;
      ++end;
      while (end < text_.size() && IsDigit(text_[end])) ++end;
    }
    if (end < text_.size() && (text_[end] == 'e' || text_[end] == 'E')) {
      fractional = true;
      ++end;
      if (end < text_.size() && (text_[end] == '+' || text_[end] == '-')) ++end;
      while (end < text_.size() && IsDigit(text_[end])) ++end;
    }
    const std::string literal(text_.substr(at_, end - at_));
    if (fractional) {
      token.kind = TokenKind::kFloat;
      token.number = std::strtod(literal.c_str(), nullptr);
    } else {
      token.kind = TokenKind::kInteger;
      const auto [ptr, ec] =
          std::from_chars(literal.data(), literal.data() + literal.size(), token.integer);
      if (ec != std::errc() || ptr != literal.data() + literal.size()) {
        return Error(token.at, "the integer " + literal + " does not fit in 64 bits");
      }
    }
    token.text = literal;
    Advance(end - at_);
    return {};
  }

  common::Result<void> LexText(Token& token) {
    token.kind = TokenKind::kText;
    Advance();  // opening quote
    while (true) {
      if (at_ >= text_.size() || Peek() == '\n') {
        return Error(token.at, "a text string is not closed on its line");
      }
      const char c = Peek();
      if (c == '"') {
        Advance();
        return {};
      }
      if (c != '\\') {
        token.text.push_back(c);
        Advance();
        continue;
      }
      // RFC 8610 text strings escape like JSON strings.
      const char e = Peek(1);
      static constexpr std::string_view kFrom = "\"\\/bfnrt";
      static constexpr std::string_view kTo = "\"\\/\b\f\n\r\t";
      if (const auto i = kFrom.find(e); i != std::string_view::npos && e != '\0') {
        token.text.push_back(kTo[i]);
        Advance(2);
        continue;
      }
      return Error(Here(), std::string("the escape '\\") + e + "' is not supported in text");
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  common::Result<Module> Run() {
    Module module;
    while (Current().kind != TokenKind::kEnd) {
      auto rule = ParseRule();
      if (!rule) return std::unexpected(rule.error());
      module.rules.push_back(std::move(*rule));
    }
    if (module.rules.empty()) return Error(Current(), "the specification has no rules");
    return module;
  }

 private:
  const Token& Current() const { return tokens_[at_]; }
  const Token& Ahead(std::size_t n) const {
    return tokens_[std::min(at_ + n, tokens_.size() - 1)];
  }
  bool IsPunct(const Token& token, std::string_view p) const {
    return token.kind == TokenKind::kPunct && token.text == p;
  }
  bool AtPunct(std::string_view p) const { return IsPunct(Current(), p); }

  static std::string Describe(const Token& token) {
    switch (token.kind) {
      case TokenKind::kEnd:
        return "the end of the text";
      case TokenKind::kName:
        return "'" + token.text + "'";
      case TokenKind::kInteger:
      case TokenKind::kFloat:
        return "the number " + token.text;
      case TokenKind::kText:
        return "a text string";
      case TokenKind::kControl:
        return "the control operator ." + token.text;
      case TokenKind::kPunct:
        return "'" + token.text + "'";
    }
    return "a token";
  }

  std::unexpected<common::Error> Error(const Token& token, const std::string& what) const {
    return common::Fail(common::ErrorKind::kBadConfig,
                        "CDDL line " + std::to_string(token.at.line) + ", column " +
                            std::to_string(token.at.column) + ": " + what);
  }
  std::unexpected<common::Error> Unsupported(const Token& token, const std::string& what) const {
    return Error(token, what + " is not supported by this checker");
  }
  std::unexpected<common::Error> Expected(const std::string& what) const {
    return Error(Current(), "expected " + what + ", found " + Describe(Current()));
  }

  common::Result<Rule> ParseRule() {
    const Token& name = Current();
    if (name.kind != TokenKind::kName) return Expected("a rule name");
    if (name.text.front() == '$') return Unsupported(name, "the socket '" + name.text + "'");
    Rule rule{name.text, nullptr, name.at};
    ++at_;
    if (AtPunct("<")) return Unsupported(Current(), "a generic rule");
    if (AtPunct("/=") || AtPunct("//=")) {
      return Unsupported(Current(), "extending a rule with '" + Current().text + "'");
    }
    if (!AtPunct("=")) return Expected("'=' after the rule name '" + rule.name + "'");
    ++at_;
    auto type = ParseType();
    if (!type) return std::unexpected(type.error());
    if (AtPunct("=>") || AtPunct(":") || AtPunct(",")) {
      return Unsupported(Current(), "the group rule '" + rule.name + "'");
    }
    rule.type = std::make_shared<const Type>(std::move(*type));
    return rule;
  }

  common::Result<Type> ParseType() {
    Type type;
    while (true) {
      auto choice = ParseType1();
      if (!choice) return std::unexpected(choice.error());
      type.choices.push_back(std::move(*choice));
      if (!AtPunct("/")) return type;
      ++at_;
    }
  }

  common::Result<Type1> ParseType1() {
    auto target = ParseType2();
    if (!target) return std::unexpected(target.error());
    Type1 type1{std::move(*target), {}, std::nullopt};
    if (AtPunct("..") || AtPunct("...")) return Unsupported(Current(), "a range ('..', '...')");
    if (Current().kind == TokenKind::kControl) {
      type1.control = Current().text;
      ++at_;
      auto controller = ParseType2();
      if (!controller) return std::unexpected(controller.error());
      type1.controller = std::move(*controller);
    }
    return type1;
  }

  common::Result<Type2> ParseType2() {
    const Token& token = Current();
    Type2 type2;
    type2.at = token.at;
    switch (token.kind) {
      case TokenKind::kText:
        type2.kind = Type2::Kind::kLiteral;
        type2.literal = Literal{Literal::Kind::kText, token.text, 0, 0};
        ++at_;
        return type2;
      case TokenKind::kInteger:
        type2.kind = Type2::Kind::kLiteral;
        type2.literal = Literal{Literal::Kind::kInteger, token.text, token.integer, 0};
        ++at_;
        return type2;
      case TokenKind::kFloat:
        type2.kind = Type2::Kind::kLiteral;
        type2.literal = Literal{Literal::Kind::kFloat, token.text, 0, token.number};
        ++at_;
        return type2;
      case TokenKind::kName:
        if (token.text.front() == '$') return Unsupported(token, "the socket '" + token.text + "'");
        type2.kind = Type2::Kind::kName;
        type2.name = token.text;
        ++at_;
        if (AtPunct("<")) return Unsupported(Current(), "a generic argument");
        return type2;
      case TokenKind::kPunct:
        break;
      default:
        return Expected("a type");
    }
    if (AtPunct("(")) {
      ++at_;
      auto inner = ParseType();
      if (!inner) return std::unexpected(inner.error());
      if (!AtPunct(")")) return Expected("')' closing the parenthesised type");
      ++at_;
      type2.kind = Type2::Kind::kParenthesized;
      type2.inner = std::make_shared<const Type>(std::move(*inner));
      return type2;
    }
    if (AtPunct("{") || AtPunct("[")) {
      const bool map = AtPunct("{");
      const std::string closing = map ? "}" : "]";
      ++at_;
      auto group = ParseGroup(closing, type2.at);
      if (!group) return std::unexpected(group.error());
      if (!AtPunct(closing)) {
        return Expected("'" + closing + "' closing the " + (map ? "map" : "array") +
                        " opened at line " + std::to_string(type2.at.line) + ", column " +
                        std::to_string(type2.at.column));
      }
      ++at_;
      type2.kind = map ? Type2::Kind::kMap : Type2::Kind::kArray;
      type2.group = std::make_shared<const Group>(std::move(*group));
      return type2;
    }
    if (AtPunct("~")) return Unsupported(token, "unwrapping with '~'");
    if (AtPunct("&")) return Unsupported(token, "a choice made from a group with '&'");
    if (AtPunct("#")) return Unsupported(token, "a tag or major-type constraint with '#'");
    return Expected("a type");
  }

  // A group ends at `closing` (the bracket of its map, array or parenthesis).
  common::Result<Group> ParseGroup(const std::string& closing, SourceLocation opened_at) {
    Group group;
    group.choices.emplace_back();
    while (true) {
      if (AtPunct(closing) || Current().kind == TokenKind::kEnd) return group;
      if (AtPunct("}") || AtPunct("]") || AtPunct(")")) {
        return Expected("'" + closing + "' to close what line " + std::to_string(opened_at.line) +
                        ", column " + std::to_string(opened_at.column) + " opened");
      }
      if (AtPunct("//")) {
        ++at_;
        group.choices.emplace_back();
        continue;
      }
      auto entry = ParseGroupEntry();
      if (!entry) return std::unexpected(entry.error());
      group.choices.back().push_back(std::move(*entry));
      if (AtPunct(",")) ++at_;
    }
  }

  common::Result<Occurrence> ParseOccurrence() {
    Occurrence occurrence;
    if (AtPunct("?")) {
      ++at_;
      return Occurrence{0, 1};
    }
    if (AtPunct("+")) {
      ++at_;
      return Occurrence{1, Occurrence::kUnbounded};
    }
    const bool bounded_low = Current().kind == TokenKind::kInteger && IsPunct(Ahead(1), "*");
    if (AtPunct("*") || bounded_low) {
      occurrence = Occurrence{0, Occurrence::kUnbounded};
      if (bounded_low) {
        if (Current().integer < 0) return Error(Current(), "a negative occurrence bound");
        occurrence.min = static_cast<std::uint64_t>(Current().integer);
        ++at_;
      }
      ++at_;  // '*'
      if (Current().kind == TokenKind::kInteger) {
        if (Current().integer < 0) return Error(Current(), "a negative occurrence bound");
        occurrence.max = static_cast<std::uint64_t>(Current().integer);
        ++at_;
      }
      if (occurrence.max < occurrence.min) {
        return Error(Current(), "an occurrence whose maximum is below its minimum");
      }
    }
    return occurrence;
  }

  common::Result<GroupEntry> ParseGroupEntry() {
    GroupEntry entry;
    entry.at = Current().at;
    auto occurrence = ParseOccurrence();
    if (!occurrence) return std::unexpected(occurrence.error());
    entry.occurrence = *occurrence;
    if (AtPunct("(")) {
      const Token& open = Current();
      ++at_;
      auto group = ParseGroup(")", open.at);
      if (!group) return std::unexpected(group.error());
      if (!AtPunct(")")) {
        return Expected("')' closing the group opened at line " + std::to_string(open.at.line) +
                        ", column " + std::to_string(open.at.column));
      }
      ++at_;
      // "( type )" reads as a group of one keyless entry; it is that type, parenthesised.
      if (group->choices.size() == 1 && group->choices.front().size() == 1) {
        GroupEntry& only = group->choices.front().front();
        if (only.kind == GroupEntry::Kind::kType && only.occurrence.min == 1 &&
            only.occurrence.max == 1) {
          Type2 parenthesised;
          parenthesised.kind = Type2::Kind::kParenthesized;
          parenthesised.at = open.at;
          parenthesised.inner = std::move(only.type);
          Type type;
          type.choices.push_back(Type1{std::move(parenthesised), {}, std::nullopt});
          entry.kind = GroupEntry::Kind::kType;
          entry.type = std::make_shared<const Type>(std::move(type));
          return entry;
        }
      }
      entry.kind = GroupEntry::Kind::kGroup;
      entry.group = std::make_shared<const Group>(std::move(*group));
      return entry;
    }
    // `bareword:` and `"text":` keys.
    const Token& first = Current();
    if ((first.kind == TokenKind::kName || first.kind == TokenKind::kText ||
         first.kind == TokenKind::kInteger) &&
        IsPunct(Ahead(1), ":")) {
      Type2 key;
      key.kind = Type2::Kind::kLiteral;
      key.at = first.at;
      key.literal = first.kind == TokenKind::kInteger
                        ? Literal{Literal::Kind::kInteger, first.text, first.integer, 0}
                        : Literal{Literal::Kind::kText, first.text, 0, 0};
      at_ += 2;
      return FinishMember(std::move(entry), Type1{std::move(key), {}, std::nullopt});
    }
    auto head = ParseType1();
    if (!head) return std::unexpected(head.error());
    if (AtPunct("^")) return Unsupported(Current(), "a cut ('^') in a member key");
    if (AtPunct("=>")) {
      ++at_;
      return FinishMember(std::move(entry), std::move(*head));
    }
    Type type;
    type.choices.push_back(std::move(*head));
    while (AtPunct("/")) {
      ++at_;
      auto choice = ParseType1();
      if (!choice) return std::unexpected(choice.error());
      type.choices.push_back(std::move(*choice));
    }
    entry.kind = GroupEntry::Kind::kType;
    entry.type = std::make_shared<const Type>(std::move(type));
    return entry;
  }

  common::Result<GroupEntry> FinishMember(GroupEntry entry, Type1 key) {
    auto value = ParseType();
    if (!value) return std::unexpected(value.error());
    entry.kind = GroupEntry::Kind::kMember;
    entry.key = std::move(key);
    entry.type = std::make_shared<const Type>(std::move(*value));
    return entry;
  }

  std::vector<Token> tokens_;
  std::size_t at_ = 0;
};

}  // namespace

common::Result<Module> ParseCddl(std::string_view text) {
  auto tokens = Lexer(text).Run();
  if (!tokens) return std::unexpected(tokens.error());
  return Parser(std::move(*tokens)).Run();
}

}  // namespace ncirt::iodef::cddl
