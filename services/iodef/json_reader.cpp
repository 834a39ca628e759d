#include "iodef/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <unordered_set>
#include <optional>
#include <utility>

namespace ncirt::iodef {
namespace {

using nlohmann::json;

// An input iterator over the document that publishes how far nlohmann's lexer has read, so SAX
// events (which carry no position) can be located.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* at, const char* base, std::size_t* consumed)
      : at_(at), base_(base), consumed_(consumed) {}
  reference operator*() const { return *at_; }
  CountingIterator& operator++() {
    ++at_;
    *consumed_ = static_cast<std::size_t>(at_ - base_);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const CountingIterator& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char* base_;
  std::size_t* consumed_;
};

// Finds where the token behind the latest SAX event starts. Between two tokens JSON allows only
// white space, ',' and ':', so scanning forward from where the previous event left the lexer
// lands on the first byte of the current token. (A number is followed by one byte of look-ahead,
// which is always one of those separators or a closing bracket, never the next value.)
class TokenTracker {
 public:
  // nlohmann's lexer skips a UTF-8 byte order mark; so does the scan.
  explicit TokenTracker(std::string_view text)
      : text_(text), scan_from_(text.starts_with("\xEF\xBB\xBF") ? 3 : 0) {}
  std::size_t* consumed() { return &consumed_; }

  // Call once per SAX event, in order; returns the offset of that event's token.
  std::size_t NextTokenStart() {
    std::size_t at = scan_from_;
    while (at < text_.size() && IsSeparator(text_[at])) ++at;
    scan_from_ = std::max(consumed_, at);
    return at;
  }

 private:
  static bool IsSeparator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':';
  }
  std::string_view text_;
  std::size_t scan_from_ = 0;
  std::size_t consumed_ = 0;
};

bool IsElementMemberName(std::string_view name) {
  return name == "value" || (!name.empty() && name.front() >= 'A' && name.front() <= 'Z');
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 3, column
// 16: "; we give our own position, so keep only the explanation after it.
std::string ExplanationOf(const json::exception& ex) {
  std::string_view what = ex.what();
  const auto column = what.find("column ");
  std::size_t start = 0;
  if (column != std::string_view::npos) {
    const auto colon = what.find(": ", column);
    if (colon != std::string_view::npos) start = colon + 2;
  } else if (const auto bracket = what.find("] "); bracket != std::string_view::npos) {
    start = bracket + 2;
  }
  return Abbreviate(what.substr(start), 200);
}

// Builds the tree like nlohmann's own DOM parser, checking each limit at the event that could
// exceed it, and stops the parse (returns false) at the first failure.
class LimitedTreeBuilder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  LimitedTreeBuilder(std::string_view text, const Limits& limits)
      : text_(text), lines_(text), tracker_(text), limits_(limits) {}

  std::size_t* consumed() { return tracker_.consumed(); }
  json& root() { return root_; }
  std::optional<JsonReadError>& failure() { return failure_; }

  bool null() { return AddScalar(json(nullptr)); }
  bool boolean(bool value) { return AddScalar(json(value)); }
  bool number_integer(number_integer_t value) { return AddScalar(json(value)); }
  bool number_unsigned(number_unsigned_t value) { return AddScalar(json(value)); }
  bool number_float(number_float_t value, const string_t& literal) {
    const std::size_t at = tracker_.NextTokenStart();
    if (literal.find_first_of(".eE") == string_t::npos) {
      return Fail(common::ErrorKind::kInvalidDocument, at,
                  "the integer " + Abbreviate(literal, 40) +
                      " is outside the 64-bit range this codec carries without loss");
    }
    return Add(json(value), at);
  }
  bool string(string_t& value) {
    const std::size_t at = tracker_.NextTokenStart();
    const bool element = stack_.empty() || IsElementMemberName(CurrentMemberName());
    const std::size_t limit = element ? limits_.max_text_bytes : limits_.max_attribute_bytes;
    if (value.size() > limit) {
      return Fail(common::ErrorKind::kTooLarge, at,
                  "a string of " + std::to_string(value.size()) + " bytes" + InMember() +
                      " exceeds the limit of " + std::to_string(limit) + " bytes for " +
                      (element ? "element content" : "attribute values"));
    }
    return Add(json(std::move(value)), at);
  }
  bool binary(binary_t& /*unused*/) { return false; }  // not produced by the JSON lexer

  bool start_object(std::size_t /*unused*/) { return Open(json::object()); }
  bool start_array(std::size_t /*unused*/) { return Open(json::array()); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }

  bool key(string_t& name) {
    const std::size_t at = tracker_.NextTokenStart();
    if (name.size() > limits_.max_attribute_bytes) {
      return Fail(common::ErrorKind::kTooLarge, at,
                  "a member name of " + std::to_string(name.size()) +
                      " bytes exceeds the limit of " + std::to_string(limits_.max_attribute_bytes) +
                      " bytes");
    }
    json& object = *stack_.back().container;
    if (object.contains(name)) {
      return Fail(common::ErrorKind::kInvalidDocument, at,
                  "duplicate member '" + Abbreviate(name, 60) +
                      "': RFC 8259 leaves its meaning open, so the document is ambiguous");
    }
    stack_.back().key = std::move(name);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const json::exception& ex) {
    // `position` counts the bytes read, the offending one included.
    const std::size_t at = std::min(position == 0 ? 0 : position - 1, text_.size());
    const bool overflow = ex.id == 406;
    Fail(common::ErrorKind::kInvalidDocument, at,
         overflow ? "a number is too large to be represented (" + ExplanationOf(ex) + ")"
                  : "not well-formed JSON: " + ExplanationOf(ex));
    return false;
  }

 private:
  struct Frame {
    json* container;
    std::string key;  // the pending member name, for objects
  };

  std::string_view CurrentMemberName() const {
    // Strings inside an array belong to the member that holds the array.
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->container->is_object()) return it->key;
    }
    return {};
  }

  std::string InMember() const {
    const std::string_view name = CurrentMemberName();
    return name.empty() ? std::string() : " in member '" + Abbreviate(name, 60) + "'";
  }

  bool CountValue(std::size_t at) {
    if (++values_ > limits_.max_elements) {
      return Fail(common::ErrorKind::kTooLarge, at,
                  "the document has more than " + std::to_string(limits_.max_elements) +
                      " JSON values, the limit");
    }
    return true;
  }

  bool AddScalar(json&& value) {
    const std::size_t at = tracker_.NextTokenStart();
    return Add(std::move(value), at);
  }

  json* Add(json&& value, std::size_t at) {
    if (!CountValue(at)) return nullptr;
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& top = stack_.back();
    if (top.container->is_array()) {
      top.container->push_back(std::move(value));
      return &top.container->back();
    }
    json& slot = (*top.container)[top.key];
    slot = std::move(value);
    return &slot;
  }

  bool Open(json&& container) {
    const std::size_t at = tracker_.NextTokenStart();
    if (stack_.size() + 1 > limits_.max_depth) {
      return Fail(common::ErrorKind::kTooLarge, at,
                  "objects and arrays are nested deeper than " +
                      std::to_string(limits_.max_depth) + " levels, the limit");
    }
    json* added = Add(std::move(container), at);
    if (added == nullptr) return false;
    stack_.push_back(Frame{added, {}});
    return true;
  }

  bool Close() {
    tracker_.NextTokenStart();
    stack_.pop_back();
    return true;
  }

  bool Fail(common::ErrorKind kind, std::size_t offset, std::string message) {
    const TextPosition position = lines_.PositionOf(offset);
    std::string where = DescribePosition(position);
    failure_ = JsonReadError{common::Error{kind, std::move(message), std::move(where)}, position};
    return false;
  }

  std::string_view text_;
  LineIndex lines_;
  TokenTracker tracker_;
  const Limits& limits_;
  json root_;
  std::vector<Frame> stack_;
  std::size_t values_ = 0;
  std::optional<JsonReadError> failure_;
};

// Walks the document again and records the start of each value whose pointer is wanted.
class PointerLocator {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  PointerLocator(std::string_view text, const std::vector<std::string>& wanted)
      : lines_(text), tracker_(text), wanted_(wanted.begin(), wanted.end()) {}

  std::size_t* consumed() { return tracker_.consumed(); }
  std::unordered_map<std::string, TextPosition>& found() { return found_; }

  bool null() { return Scalar(); }
  bool boolean(bool /*unused*/) { return Scalar(); }
  bool number_integer(number_integer_t /*unused*/) { return Scalar(); }
  bool number_unsigned(number_unsigned_t /*unused*/) { return Scalar(); }
  bool number_float(number_float_t /*unused*/, const string_t& /*unused*/) { return Scalar(); }
  bool string(string_t& /*unused*/) { return Scalar(); }
  bool binary(binary_t& /*unused*/) { return false; }
  bool start_object(std::size_t /*unused*/) { return Open(false); }
  bool start_array(std::size_t /*unused*/) { return Open(true); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(string_t& name) {
    tracker_.NextTokenStart();
    stack_.back().key = name;
    return true;
  }
  bool parse_error(std::size_t /*unused*/, const std::string& /*unused*/,
                   const json::exception& /*unused*/) {
    return false;
  }

 private:
  struct Frame {
    bool is_array;
    std::size_t next_index = 0;
    std::string key;
    std::size_t pointer_length;  // length of pointer_ before this container's own token
  };

  // The pointer of the value the current event opens or is, appended to pointer_.
  void EnterValue() {
    if (stack_.empty()) return;
    Frame& top = stack_.back();
    pointer_ = top.is_array ? AppendPointer(pointer_, top.next_index++)
                            : AppendPointer(pointer_, top.key);
  }

  void Record(std::size_t at) {
    if (wanted_.contains(pointer_)) found_.emplace(pointer_, lines_.PositionOf(at));
  }

  bool Scalar() {
    const std::size_t at = tracker_.NextTokenStart();
    const std::size_t before = pointer_.size();
    EnterValue();
    Record(at);
    pointer_.resize(before);
    return true;
  }

  bool Open(bool is_array) {
    const std::size_t at = tracker_.NextTokenStart();
    const std::size_t before = pointer_.size();
    EnterValue();
    Record(at);
    stack_.push_back(Frame{is_array, 0, {}, before});
    return true;
  }

  bool Close() {
    tracker_.NextTokenStart();
    pointer_.resize(stack_.back().pointer_length);
    stack_.pop_back();
    return true;
  }

  LineIndex lines_;
  TokenTracker tracker_;
  std::unordered_set<std::string> wanted_;
  std::unordered_map<std::string, TextPosition> found_;
  std::vector<Frame> stack_;
  std::string pointer_;
};

template <typename Handler>
bool RunSax(std::string_view document, Handler& handler) {
  const char* base = document.data();
  CountingIterator first(base, base, handler.consumed());
  CountingIterator last(base + document.size(), base, handler.consumed());
  return json::sax_parse(first, last, &handler);
}

}  // namespace

std::expected<nlohmann::json, JsonReadError> ReadJson(std::string_view document,
                                                      const Limits& limits) {
  if (document.size() > limits.max_document_bytes) {
    return std::unexpected(JsonReadError{
        common::Error{common::ErrorKind::kTooLarge,
                      "the document is " + std::to_string(document.size()) +
                          " bytes; the limit is " + std::to_string(limits.max_document_bytes) +
                          " bytes",
                      {}},
        {}});
  }
  LimitedTreeBuilder builder(document, limits);
  if (!RunSax(document, builder)) {
    if (builder.failure()) return std::unexpected(std::move(*builder.failure()));
    return std::unexpected(JsonReadError{
        common::Error{common::ErrorKind::kInvalidDocument, "not well-formed JSON", {}}, {}});
  }
  return std::move(builder.root());
}

std::unordered_map<std::string, TextPosition> LocateJsonPointers(
    std::string_view document, const std::vector<std::string>& pointers) {
  if (pointers.empty()) return {};
  PointerLocator locator(document, pointers);
  RunSax(document, locator);
  return std::move(locator.found());
}

std::string AppendPointer(std::string_view base, std::string_view token) {
  std::string out(base);
  out.reserve(base.size() + token.size() + 1);
  out.push_back('/');
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string AppendPointer(std::string_view base, std::size_t index) {
  std::string out(base);
  out.push_back('/');
  out += std::to_string(index);
  return out;
}

}  // namespace ncirt::iodef
