// Compiling the embedded official schemas, once each.
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "EmbeddedSchemas.hpp"
#include "iodef/schema_validator.hpp"
#include "iodef/xml_parser.hpp"

namespace ncirt::iodef::detail {
namespace {

std::string_view EmbeddedFileBytes(std::string_view path) {
  for (const EmbeddedFile& file : EmbeddedSchemas()) {
    if (file.path == path) return file.bytes;
  }
  throw std::logic_error("schema " + std::string(path) + " is not embedded in ncirt_iodef");
}

void CollectCompileError(void* messages, xmlErrorPtr error) {
  if (error == nullptr || error->level < XML_ERR_ERROR || error->message == nullptr) return;
  auto& text = *static_cast<std::string*>(messages);
  text += "\n  ";
  text += error->message;
}

xmlSchema* Compile(std::string_view path) {
  InitXmlLibrary();
  const std::string_view bytes = EmbeddedFileBytes(path);
  std::string messages;
  // The schema parser reads the imports with parser contexts of its own, which report on the
  // thread's global channel.
  ScopedXmlErrorHandler scoped(&messages, &CollectCompileError);
  xmlSchemaParserCtxtPtr parser =
      xmlSchemaNewMemParserCtxt(bytes.data(), static_cast<int>(bytes.size()));
  if (parser == nullptr) throw std::bad_alloc();
  xmlSchemaSetParserStructuredErrors(parser, &CollectCompileError, &messages);
  xmlSchema* schema = xmlSchemaParse(parser);
  xmlSchemaFreeParserCtxt(parser);
  if (schema == nullptr || !messages.empty()) {
    if (schema != nullptr) xmlSchemaFree(schema);
    throw std::logic_error("the embedded schema " + std::string(path) +
                           " does not compile:" + messages);
  }
  return schema;
}

}  // namespace

xmlSchema* CompiledSchema(v1::SourceFormat format) {
  // Function-local statics: compiled on first use, exactly once, even under concurrent callers.
  switch (format) {
    case v1::SOURCE_FORMAT_IODEF_V2_XML: {
      static xmlSchema* const v2 = Compile("iodef-2.0.xsd");
      return v2;
    }
    case v1::SOURCE_FORMAT_IODEF_V1_XML: {
      static xmlSchema* const v1 = Compile("iodef-1.0.xsd");
      return v1;
    }
    default:
      throw std::logic_error("no XML schema for source format " + std::to_string(format));
  }
}

}  // namespace ncirt::iodef::detail
