#pragma once
// Safe parsing of untrusted XML: the only way an incident document becomes a libxml2 tree.
//
// A national CIRT's intake is an attack surface, so the parser is configured for hostile input:
// no network (XML_PARSE_NONET), no entity substitution, no DTD loading or validation, no
// XML_PARSE_HUGE. Any document type declaration is refused outright, before its internal subset
// is read, so entity expansion (billion laughs), external entities (XXE) and parameter entities
// never run. The Limits are enforced while the tree is being built (a SAX wrapper around
// libxml2's tree builder), so a document over a limit stops the parser at that point instead of
// being built first and measured afterwards. Line numbers are kept for error reports, including
// past line 65535.
//
// Errors are returned, never printed: libxml2's messages are captured per parser context and
// turned into a sentence with its line and column.
//
// Thread-safety: safe to call concurrently; each call uses its own parser context.

#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/error/error.hpp"
#include "iodef/limits.hpp"

namespace ncirt::iodef {

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

// A place in the document, 1-based; 0 when libxml2 cannot tell.
struct XmlPosition {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// Parses `bytes` (UTF-8, or any encoding its BOM or XML declaration names, e.g. UTF-16 with a
// BOM) into a tree. Fails with:
// - kTooLarge: the document is over max_document_bytes (checked before parsing), or nests deeper
//   than max_depth, has more than max_elements elements, an attribute value over
//   max_attribute_bytes or a text run over max_text_bytes; each with its own message.
// - kInvalidDocument: not well-formed XML (including invalid UTF-8 and namespace errors such as
//   an undeclared prefix), or a document type declaration ("document type declarations are not
//   allowed in incident reports").
// The error's `where` is "line L, column C". When `error_position` is given, a failure also
// stores the position there (0/0 for the size check), so callers can report it structurally.
common::Result<XmlDocPtr> ParseXml(std::string_view bytes, const Limits& limits,
                                   XmlPosition* error_position = nullptr);

// Process-wide libxml2 set-up the codec needs before any parse or schema compilation, done once:
// xmlInitParser() (required before using libxml2 from several threads) and an external entity
// loader that serves only the embedded schemas' import URLs and refuses every other load, so no
// libxml2 call in the process reads a file or opens a connection on behalf of a document.
// Idempotent and thread-safe; ParseXml() and the schema validator call it themselves.
void InitXmlLibrary();

// For its lifetime, sends what libxml2 reports on the calling thread's global structured error
// channel to `handler(context, error)`, then restores the previous handler. libxml2 reports
// there what no parser or validation context of ours catches (the schema parser's own parser
// contexts, allocation failures); its default prints to stderr, which the codec must never do.
// Per thread, as libxml2's channel is; not copyable.
class ScopedXmlErrorHandler {
 public:
  ScopedXmlErrorHandler(void* context, xmlStructuredErrorFunc handler);
  ~ScopedXmlErrorHandler();
  ScopedXmlErrorHandler(const ScopedXmlErrorHandler&) = delete;
  ScopedXmlErrorHandler& operator=(const ScopedXmlErrorHandler&) = delete;

 private:
  xmlStructuredErrorFunc saved_handler_;
  void* saved_context_;
};

}  // namespace ncirt::iodef
