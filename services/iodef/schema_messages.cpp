// libxml2's schema validity messages, rewritten for the people who read them: submitters fixing
// a report and analysts reading a tolerated one. The wording of each libxml2 message below is
// that of xmlschemas.c in libxml2 2.9; anything not recognised is kept, minus the namespaces.
#include <array>
#include <regex>
#include <string>
#include <string_view>
#include <utility>

#include "iodef/schema_validator.hpp"

namespace ncirt::iodef::detail {
namespace {

// "{namespace}name" → how a reader of the document knows the name.
std::string ShortenNames(std::string text) {
  static const std::array<std::pair<std::string_view, std::string_view>, 4> kPrefixes{{
      {"{urn:ietf:params:xml:ns:iodef-2.0}", ""},
      {"{urn:ietf:params:xml:ns:iodef-1.0}", ""},
      {"{http://www.w3.org/XML/1998/namespace}", "xml:"},
      {"{http://www.w3.org/2000/09/xmldsig#}", "ds:"},
  }};
  for (const auto& [long_form, prefix] : kPrefixes) {
    for (auto at = text.find(long_form); at != std::string::npos;
         at = text.find(long_form, at + prefix.size())) {
      text.replace(at, long_form.size(), prefix);
    }
  }
  return text;
}

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// What a built-in type's values look like, for "'x' is not a valid <description>".
std::string DescribeType(const std::string& type) {
  static const std::array<std::pair<std::string_view, std::string_view>, 16> kTypes{{
      {"xs:float", "number"},
      {"xs:double", "number"},
      {"xs:decimal", "decimal number"},
      {"xs:integer", "whole number"},
      {"xs:int", "whole number"},
      {"xs:long", "whole number"},
      {"xs:nonNegativeInteger", "whole number of 0 or more"},
      {"xs:positiveInteger", "whole number of 1 or more"},
      {"xs:dateTime", "date and time, e.g. 2015-07-18T09:00:00-05:00"},
      {"xs:date", "date, e.g. 2015-07-18"},
      {"xs:duration", "duration, e.g. PT1H30M"},
      {"xs:boolean", "boolean (true, false, 1 or 0)"},
      {"xs:anyURI", "URI"},
      {"xs:language", "language tag, e.g. en-US"},
      {"xs:hexBinary", "hexadecimal value"},
      {"xs:base64Binary", "base64 value"},
  }};
  for (const auto& [name, description] : kTypes) {
    if (type == name) return std::string(description) + " (" + type + ")";
  }
  return type + " value";
}

// "( A, B )" → "A, B".
std::string ListOf(const std::string& parenthesised) {
  std::string list = parenthesised;
  if (list.starts_with("( ")) list.erase(0, 2);
  if (list.ends_with(" )")) list.erase(list.size() - 2);
  return list;
}

// "{'a', 'b'}" → "'a', 'b'".
std::string SetOf(const std::string& braced) {
  if (braced.size() >= 2 && braced.front() == '{' && braced.back() == '}') {
    return braced.substr(1, braced.size() - 2);
  }
  return braced;
}

struct Subject {
  std::string element;    // empty when the message names no element
  std::string attribute;  // empty when it is about the element itself
  std::string rest;       // libxml2's message after "Element '...'[, attribute '...']: "
};

Subject SplitSubject(const std::string& message) {
  static const std::regex kSubject(R"(^Element '([^']*)'(?:, attribute '([^']*)')?: ([\s\S]*)$)");
  std::smatch match;
  if (!std::regex_match(message, match, kSubject)) return Subject{{}, {}, message};
  return Subject{match[1], match[2], match[3]};
}

std::string Named(const Subject& subject) {
  if (subject.element.empty()) return {};
  std::string named = "Element '" + subject.element + "'";
  if (!subject.attribute.empty()) named += ", attribute '" + subject.attribute + "'";
  return named;
}

std::string WithSubject(const Subject& subject, const std::string& sentence) {
  const std::string named = Named(subject);
  return named.empty() ? sentence : named + ": " + sentence;
}

std::string Rewrite(const Subject& s) {
  const std::string element = "Element '" + s.element + "'";
  std::smatch m;
  const std::string& rest = s.rest;

  static const std::regex kNotExpected(
      R"(^This element is not expected\.(?: Expected is(?: one of)? (\( .* \))\.)?$)");
  if (std::regex_match(rest, m, kNotExpected)) {
    if (!m[1].matched) return element + " is not allowed here.";
    return element + " is not allowed here; expected " + ListOf(m[1]) + ".";
  }
  static const std::regex kMissing(
      R"(^Missing child element\(s\)\.(?: Expected is(?: one of)? (\( .* \))\.)?$)");
  if (std::regex_match(rest, m, kMissing)) {
    if (!m[1].matched) return element + " is missing a required child element.";
    return element + " is missing a required child element; expected " + ListOf(m[1]) + ".";
  }
  static const std::regex kRequired(R"(^The attribute '([^']*)' is required but missing\.$)");
  if (std::regex_match(rest, m, kRequired)) {
    return element + " is missing its required attribute '" + m[1].str() + "'.";
  }
  static const std::regex kNotAllowed(R"(^The attribute '([^']*)' is not allowed\.$)");
  if (std::regex_match(rest, m, kNotAllowed)) {
    return element + ": attribute '" + m[1].str() + "' is not allowed here.";
  }
  static const std::regex kEnumeration(
      R"(^\[facet 'enumeration'\] The value '([\s\S]*)' is not an element of the set (\{.*\})\.$)");
  if (std::regex_match(rest, m, kEnumeration)) {
    return WithSubject(s, "'" + m[1].str() + "' is not one of the allowed values " +
                              SetOf(m[2]) + ".");
  }
  static const std::regex kAtomic(
      R"(^'([\s\S]*)' is not a valid value of the (?:local )?(?:atomic|list|union) type(?: '([^']*)')?\.$)");
  if (std::regex_match(rest, m, kAtomic)) {
    if (!m[2].matched) return WithSubject(s, "'" + m[1].str() + "' is not a valid value.");
    return WithSubject(s, "'" + m[1].str() + "' is not a valid " + DescribeType(m[2]) + ".");
  }
  static const std::regex kEmpty(
      R"(^Character content is not allowed, because the content type is empty\.$)");
  if (std::regex_match(rest, m, kEmpty)) {
    return element + " must be empty, but it has text content.";
  }
  static const std::regex kElementOnly(
      R"(^Character content other than whitespace is not allowed because the content type is 'element-only'\.$)");
  if (std::regex_match(rest, m, kElementOnly)) {
    return element + " may contain only child elements, but it has text content.";
  }
  static const std::regex kFixed(
      R"(^The value '([\s\S]*)' does not match the fixed value constraint '([\s\S]*)'\.$)");
  if (std::regex_match(rest, m, kFixed)) {
    return WithSubject(s, "the value must be '" + m[2].str() + "', not '" + m[1].str() + "'.");
  }
  static const std::regex kPattern(
      R"(^\[facet 'pattern'\] The value '([\s\S]*)' is not accepted by the pattern '([\s\S]*)'\.$)");
  if (std::regex_match(rest, m, kPattern)) {
    return WithSubject(s, "'" + m[1].str() + "' does not have the required form '" + m[2].str() +
                              "'.");
  }
  static const std::regex kOtherFacet(R"(^\[facet '[^']*'\] ([\s\S]*)$)");
  if (std::regex_match(rest, m, kOtherFacet)) return WithSubject(s, m[1].str());
  return WithSubject(s, rest);
}

}  // namespace

std::string RewriteSchemaMessage(std::string_view libxml_message) {
  const Subject subject = SplitSubject(Trim(ShortenNames(std::string(libxml_message))));
  if (subject.element.empty()) return subject.rest;
  return Rewrite(subject);
}

}  // namespace ncirt::iodef::detail
