#pragma once
// XML text held in the model (ExtensionData of dtype "xml", mapped from AdditionalData and kin)
// turned back into nodes for writing.
//
// The text is parsed on its own, in the context of the element it will go into: it must declare
// the namespace prefixes it uses (the mapper's serialisation does), may not contain a DTD, and
// refers to no entity but the predefined ones, so it cannot reach the network or expand.
// Parse errors are not printed; the caller reports them.
//
// Internal to the codec. Thread-safety: pure; the nodes belong to the context's document.

#include <string>
#include <string_view>

#include <libxml/tree.h>

namespace ncirt::iodef {

// The text's top-level nodes as a linked list, not yet linked into `context` (free them with
// xmlFreeNodeList if not linked), or nullptr with *ok false when the text is not well-formed.
// Empty text gives nullptr with *ok true.
xmlNode* ParseXmlFragment(xmlNode* context, std::string_view text, bool* ok);
bool IsXmlFragment(std::string_view text);

// What writing the text as XML content would meet, from one parse of it: whether it is
// well-formed, and the first namespace name used by one of its elements that libxml2's schema
// validator cannot match against IODEF's xs:any wildcards ("" when there is none). libxml2
// matches wildcards by joining the element's local name and namespace with '|', so an element
// in a namespace containing '|' (never a valid URI character, RFC 3986) is refused where any
// element is allowed. Such content cannot be written validly.
struct FragmentCheck {
  bool well_formed = false;
  std::string unwritable_namespace;
};
FragmentCheck CheckXmlFragment(std::string_view text);

}  // namespace ncirt::iodef
