#pragma once
// Limits the codec enforces on every document before and while parsing it.
//
// A national CIRT is attacked through its own intake: a document must not be able to make the
// codec use unbounded memory or time. Each limit has its own error message so a submitter knows
// which one they hit. The defaults are generous enough for the largest real reports in the
// standards corpus (~800 KB XML, ~1 MB JSON) with a wide margin.
//
// Thread-safety: a plain value; share freely.

#include <cstddef>

namespace ncirt::iodef {

struct Limits {
  // Whole document, in bytes, before any parsing. Exceeding it: ErrorKind::kTooLarge.
  std::size_t max_document_bytes = 16u << 20;
  // Element (XML) or object/array (JSON) nesting depth.
  std::size_t max_depth = 64;
  // Number of elements (XML) or values (JSON) in the whole document.
  std::size_t max_elements = 500'000;
  // Length of one attribute value (XML) or one string (JSON), in bytes.
  std::size_t max_attribute_bytes = 64u << 10;
  // Length of one text node or JSON string holding element content, in bytes.
  std::size_t max_text_bytes = 4u << 20;
};

}  // namespace ncirt::iodef
