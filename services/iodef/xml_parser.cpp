#include "iodef/xml_parser.hpp"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <array>
#include <climits>
#include <mutex>
#include <optional>
#include <string>

#include "EmbeddedSchemas.hpp"

namespace ncirt::iodef {
namespace {

using common::ErrorKind;

const char* AsChars(const xmlChar* text) { return reinterpret_cast<const char*>(text); }

// --- Process set-up: the only resources libxml2 may load ---------------------------------------

// The import URLs of the embedded schemas and the embedded file serving each, as the corpus's
// schema/catalog.xml maps them. Nothing else is ever loaded.
struct UrlMapping {
  std::string_view url;
  std::string_view embedded_path;
};
constexpr std::array<UrlMapping, 7> kSchemaUrls{{
    {"http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd",
     "xmldsig-core-schema.xsd"},
    {"http://www.w3.org/TR/xmldsig-core/xmldsig-core-schema.xsd", "xmldsig-core-schema.xsd"},
    {"http://www.w3c.org/2001/xml.xsd", "xml.xsd"},
    {"http://www.w3.org/2001/xml.xsd", "xml.xsd"},
    {"http://www.w3.org/2009/01/xml.xsd", "xml.xsd"},
    {"http://www.iana.org/assignments/xml-registry/schema/iodef-enum-1.0.xsd",
     "stubs/iodef-enum-1.0.stub.xsd"},
    {"http://www.iana.org/assignments/xml-registry/schema/iodef-sci-1.0.xsd",
     "stubs/iodef-sci-1.0.stub.xsd"},
}};

std::optional<std::string_view> EmbeddedBytesFor(std::string_view url) {
  const auto mapping = std::find_if(kSchemaUrls.begin(), kSchemaUrls.end(),
                                    [&](const UrlMapping& m) { return m.url == url; });
  if (mapping == kSchemaUrls.end()) return std::nullopt;
  for (const EmbeddedFile& file : EmbeddedSchemas()) {
    if (file.path == mapping->embedded_path) return file.bytes;
  }
  return std::nullopt;
}

xmlParserInputPtr EmbeddedOnlyLoader(const char* url, const char*, xmlParserCtxtPtr ctxt) {
  const std::optional<std::string_view> bytes =
      url == nullptr ? std::nullopt : EmbeddedBytesFor(url);
  if (!bytes) {
    // Refused: libxml2 reports "failed to load external entity" through the caller's context.
    return nullptr;
  }
  // A copy: with a static buffer libxml2 2.9.14 read past the end of xml.xsd in our tests.
  // Schemas load once, so the copy costs nothing that matters.
  xmlParserInputBufferPtr buffer = xmlParserInputBufferCreateMem(
      bytes->data(), static_cast<int>(bytes->size()), XML_CHAR_ENCODING_NONE);
  if (buffer == nullptr) return nullptr;
  xmlParserInputPtr input = xmlNewIOInputStream(ctxt, buffer, XML_CHAR_ENCODING_NONE);
  if (input == nullptr) {
    xmlFreeParserInputBuffer(buffer);
    return nullptr;
  }
  // The schema parser names the imported document by this, for its own bookkeeping.
  input->filename = reinterpret_cast<char*>(xmlStrdup(reinterpret_cast<const xmlChar*>(url)));
  return input;
}

// --- Error messages ----------------------------------------------------------------------------

std::string Trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n!");
  return std::string(text.substr(first, last - first + 1));
}

std::string Str(const char* text) { return text == nullptr ? std::string() : std::string(text); }

// Without XML_PARSE_HUGE libxml2 has hard limits of its own (10,000,000 bytes for an attribute
// value, a text node or a comment; 256 levels of nesting). Ours are normally lower and caught
// first, but a single token can pass libxml2's limit before any callback of ours sees it.
bool IsLibxmlLimit(const xmlError& error) {
  const std::string raw = Str(error.message);
  return raw.find("too long") != std::string::npos || raw.find("too big") != std::string::npos ||
         raw.find("huge") != std::string::npos || raw.find("Excessive depth") != std::string::npos;
}

ErrorKind KindOf(const xmlError& error) {
  return IsLibxmlLimit(error) ? ErrorKind::kTooLarge : ErrorKind::kInvalidDocument;
}

// libxml2's message, made into a sentence a submitter can act on. The facts (names, lines,
// bytes) are kept; libxml2's phrasing is replaced where it is cryptic.
std::string PlainParseMessage(const xmlError& error, const Limits& limits) {
  const std::string raw = Str(error.message);
  const std::string first_line = Trimmed(raw.substr(0, raw.find('\n')));
  if (IsLibxmlLimit(error)) {
    if (error.code == XML_ERR_ATTRIBUTE_NOT_FINISHED) {
      return "an attribute value is more than " + std::to_string(XML_MAX_TEXT_LENGTH) +
             " bytes long; the limit is " + std::to_string(limits.max_attribute_bytes) + " bytes";
    }
    return "a part of the document is over the XML parser's size limit (" + first_line + ")";
  }
  switch (error.code) {
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
      return "an attribute value is not closed by its quote (was the document truncated?)";
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
      if (raw.starts_with("Input is not proper UTF-8")) {
        const auto bytes_at = raw.find("Bytes:");
        const std::string bytes =
            bytes_at == std::string::npos ? "" : " (bytes " + Trimmed(raw.substr(bytes_at + 6)) + ")";
        return "the document is not valid UTF-8" + bytes +
               "; save it as UTF-8 or declare its real encoding in the XML declaration";
      }
      break;
    case XML_ERR_TAG_NAME_MISMATCH:
      return "end tag '" + Str(error.str2) + "' does not match the start tag '" +
             Str(error.str1) + "' opened on line " + std::to_string(error.int1);
    case XML_ERR_TAG_NOT_FINISHED:
      return "the document ends before element '" + Str(error.str1) + "' opened on line " +
             std::to_string(error.int1) + " is closed; was it truncated?";
    case XML_ERR_DOCUMENT_EMPTY:
      return "the document is empty or does not start with an element";
    case XML_ERR_DOCUMENT_END:
      return "there is content after the end of the root element";
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
      return "entity reference '&" + Str(error.str1) +
             ";' is not defined (incident reports may use only the predefined entities)";
    default:
      break;
  }
  return "not well-formed XML: " + first_line;
}

// --- Parsing -------------------------------------------------------------------------------------

// What one parse has seen so far. Reached from libxml2's callbacks through ctxt->_private.
struct ParseState {
  const Limits* limits = nullptr;
  std::size_t depth = 0;
  std::size_t elements = 0;
  // Bytes of character data since the last start or end tag: one text node's worth.
  std::size_t text_run = 0;
  // Set by our own checks (a limit, a DTD); it wins over anything libxml2 reports after the stop.
  std::optional<common::Error> refusal;
  XmlPosition refusal_position;
  // libxml2's first error (warnings are ignored: they do not make a document unusable).
  std::optional<common::Error> first_error;
  XmlPosition first_error_position;
};

xmlParserCtxtPtr ContextOf(void* user_data) { return static_cast<xmlParserCtxtPtr>(user_data); }

ParseState& StateOf(void* user_data) {
  return *static_cast<ParseState*>(ContextOf(user_data)->_private);
}

XmlPosition CurrentPosition(void* user_data) {
  return XmlPosition{static_cast<std::uint32_t>(xmlSAX2GetLineNumber(user_data)),
                     static_cast<std::uint32_t>(xmlSAX2GetColumnNumber(user_data))};
}

std::string WhereOf(XmlPosition position) {
  return "line " + std::to_string(position.line) + ", column " + std::to_string(position.column);
}

// Records a refusal and stops libxml2 at once: nothing after this point is read.
void Refuse(void* user_data, ErrorKind kind, std::string message) {
  ParseState& state = StateOf(user_data);
  // The earliest problem is the one to report; libxml2 may already have found one.
  if (state.refusal || state.first_error) return;
  state.refusal_position = CurrentPosition(user_data);
  state.refusal = common::Error{kind, std::move(message), WhereOf(state.refusal_position)};
  xmlStopParser(ContextOf(user_data));
}

std::string Name(const xmlChar* prefix, const xmlChar* local) {
  std::string name;
  if (prefix != nullptr) name = std::string(AsChars(prefix)) + ":";
  return name + std::string(AsChars(local));
}

void OnInternalSubset(void* user_data, const xmlChar*, const xmlChar*, const xmlChar*) {
  // Called on "<!DOCTYPE name ...", before any declaration inside it is read.
  Refuse(user_data, ErrorKind::kInvalidDocument,
         "document type declarations are not allowed in incident reports");
}

// Checks one attribute value (or namespace URI) against max_attribute_bytes.
bool AttributeFits(void* user_data, std::string_view element, std::string_view attribute,
                   std::size_t bytes) {
  const Limits& limits = *StateOf(user_data).limits;
  if (bytes <= limits.max_attribute_bytes) return true;
  Refuse(user_data, ErrorKind::kTooLarge,
         "attribute '" + std::string(attribute) + "' of element '" + std::string(element) +
             "' is " + std::to_string(bytes) + " bytes long; the limit is " +
             std::to_string(limits.max_attribute_bytes) + " bytes");
  return false;
}

bool StartFits(void* user_data, const std::string& element, int nb_namespaces,
               const xmlChar** namespaces, int nb_attributes, const xmlChar** attributes) {
  ParseState& state = StateOf(user_data);
  const Limits& limits = *state.limits;
  if (++state.elements > limits.max_elements) {
    Refuse(user_data, ErrorKind::kTooLarge,
           "the document has more than " + std::to_string(limits.max_elements) +
               " elements, the limit; the excess starts at element '" + element + "'");
    return false;
  }
  if (++state.depth > limits.max_depth) {
    Refuse(user_data, ErrorKind::kTooLarge,
           "elements are nested more than " + std::to_string(limits.max_depth) +
               " levels deep, the limit; the excess starts at element '" + element + "'");
    return false;
  }
  for (int i = 0; i < nb_namespaces; ++i) {
    const xmlChar* uri = namespaces[2 * i + 1];
    const std::size_t bytes = uri == nullptr ? 0 : xmlStrlen(uri);
    const std::string attribute =
        namespaces[2 * i] == nullptr ? "xmlns" : "xmlns:" + std::string(AsChars(namespaces[2 * i]));
    if (!AttributeFits(user_data, element, attribute, bytes)) return false;
  }
  // libxml2 passes each attribute as (localname, prefix, URI, value, end).
  for (int i = 0; i < nb_attributes; ++i) {
    const xmlChar** attribute = attributes + 5 * i;
    const auto bytes = static_cast<std::size_t>(attribute[4] - attribute[3]);
    if (!AttributeFits(user_data, element, Name(attribute[1], attribute[0]), bytes)) return false;
  }
  return true;
}

void OnStartElement(void* user_data, const xmlChar* localname, const xmlChar* prefix,
                    const xmlChar* uri, int nb_namespaces, const xmlChar** namespaces,
                    int nb_attributes, int nb_defaulted, const xmlChar** attributes) {
  StateOf(user_data).text_run = 0;
  if (!StartFits(user_data, Name(prefix, localname), nb_namespaces, namespaces, nb_attributes,
                 attributes)) {
    return;
  }
  xmlSAX2StartElementNs(user_data, localname, prefix, uri, nb_namespaces, namespaces,
                        nb_attributes, nb_defaulted, attributes);
}

void OnEndElement(void* user_data, const xmlChar* localname, const xmlChar* prefix,
                  const xmlChar* uri) {
  ParseState& state = StateOf(user_data);
  state.text_run = 0;
  if (state.depth > 0) --state.depth;
  xmlSAX2EndElementNs(user_data, localname, prefix, uri);
}

bool TextFits(void* user_data, int len) {
  ParseState& state = StateOf(user_data);
  state.text_run += static_cast<std::size_t>(len);
  if (state.text_run <= state.limits->max_text_bytes) return true;
  const xmlNode* parent = ContextOf(user_data)->node;
  const std::string element =
      parent != nullptr && parent->name != nullptr ? AsChars(parent->name) : "(none)";
  Refuse(user_data, ErrorKind::kTooLarge,
         "text content of element '" + element + "' is longer than " +
             std::to_string(state.limits->max_text_bytes) + " bytes, the limit");
  return false;
}

void OnCharacters(void* user_data, const xmlChar* ch, int len) {
  if (TextFits(user_data, len)) xmlSAX2Characters(user_data, ch, len);
}

void OnCdata(void* user_data, const xmlChar* value, int len) {
  if (TextFits(user_data, len)) xmlSAX2CDataBlock(user_data, value, len);
}

// libxml2 reports a namespace name that is not a valid URI (RFC 7970's own extension example
// has xmlns:iodef=" urn:...") at error level but with a warning code; the tree is sound, so it
// is left to schema validation, like every other warning.
bool Matters(const xmlError& error) {
  if (error.level < XML_ERR_ERROR) return false;
  return !(error.domain == XML_FROM_NAMESPACE &&
           (error.code == XML_WAR_NS_URI || error.code == XML_WAR_NS_URI_RELATIVE ||
            error.code == XML_WAR_NS_COLUMN));
}

void OnError(void* user_data, xmlErrorPtr error) {
  if (error == nullptr || !Matters(*error)) return;
  ParseState& state = StateOf(user_data);
  if (state.first_error || state.refusal) return;
  state.first_error_position = XmlPosition{static_cast<std::uint32_t>(std::max(error->line, 0)),
                                           static_cast<std::uint32_t>(std::max(error->int2, 0))};
  state.first_error = common::Error{KindOf(*error), PlainParseMessage(*error, *state.limits),
                                    WhereOf(state.first_error_position)};
}

struct ContextDeleter {
  void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};

// No NOENT (entities stay references), no DTDLOAD/DTDATTR/DTDVALID, no HUGE, no network.
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_BIG_LINES;

void InstallHandlers(xmlParserCtxtPtr ctxt) {
  xmlSAXHandlerPtr sax = ctxt->sax;
  sax->internalSubset = &OnInternalSubset;
  sax->startElementNs = &OnStartElement;
  sax->endElementNs = &OnEndElement;
  sax->characters = &OnCharacters;
  sax->ignorableWhitespace = &OnCharacters;
  sax->cdataBlock = &OnCdata;
  sax->serror = &OnError;
  // Unused with SAX2 but reachable through legacy paths; the structured handler covers both.
  sax->warning = nullptr;
  sax->error = nullptr;
  sax->fatalError = nullptr;
}

// libxml2 takes the length as an int, which bounds the limit too.
std::size_t EffectiveSizeLimit(const Limits& limits) {
  return std::min<std::size_t>(limits.max_document_bytes, INT_MAX);
}

}  // namespace

ScopedXmlErrorHandler::ScopedXmlErrorHandler(void* context, xmlStructuredErrorFunc handler)
    : saved_handler_(xmlStructuredError), saved_context_(xmlStructuredErrorContext) {
  xmlSetStructuredErrorFunc(context, handler);
}

ScopedXmlErrorHandler::~ScopedXmlErrorHandler() {
  xmlSetStructuredErrorFunc(saved_context_, saved_handler_);
}

void InitXmlLibrary() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(&EmbeddedOnlyLoader);
  });
}

common::Result<XmlDocPtr> ParseXml(std::string_view bytes, const Limits& limits,
                                   XmlPosition* error_position) {
  XmlPosition unused;
  XmlPosition& position = error_position != nullptr ? *error_position : unused;
  position = {};
  if (bytes.size() > EffectiveSizeLimit(limits)) {
    return common::Fail(ErrorKind::kTooLarge,
                        "the document is " + std::to_string(bytes.size()) +
                            " bytes long; the limit is " +
                            std::to_string(EffectiveSizeLimit(limits)) + " bytes");
  }
  InitXmlLibrary();
  std::unique_ptr<xmlParserCtxt, ContextDeleter> ctxt(xmlNewParserCtxt());
  if (ctxt == nullptr) throw std::bad_alloc();
  ParseState state;
  state.limits = &limits;
  ctxt->_private = &state;
  InstallHandlers(ctxt.get());

  XmlDocPtr doc;
  {
    ScopedXmlErrorHandler scoped(ctxt.get(), &OnError);
    doc.reset(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()),
                                nullptr, nullptr, kParseOptions));
  }
  if (state.refusal) {
    position = state.refusal_position;
    return std::unexpected(*state.refusal);
  }
  if (state.first_error) {
    position = state.first_error_position;
    return std::unexpected(*state.first_error);
  }
  if (doc == nullptr || xmlDocGetRootElement(doc.get()) == nullptr) {
    return common::Fail(ErrorKind::kInvalidDocument, "the document has no root element");
  }
  return doc;
}

}  // namespace ncirt::iodef
