// Fuzzes the IODEF XML path of iodef::Decode (parser, schema validation, v1/v2 mapping) under
// both policies, and RenderXml of whatever was accepted.
//
// Properties beyond "no crash, no leak, no undefined behaviour":
// - strict acceptance implies tolerant acceptance (tolerant only relaxes);
// - an accepted document yields at least one incident and a rejected one none, with an error;
// - RenderXml of accepted incidents produces IODEF v2 that strict Decode accepts again
//   (codec.hpp promises schema-valid output from any model).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "iodef/codec.hpp"

namespace {

using ncirt::fuzz::Check;
namespace iodef = ncirt::iodef;

void CheckShape(const iodef::Decoded& decoded, std::string_view policy) {
  if (decoded.ok()) {
    Check(decoded.report.accepted && !decoded.incidents.empty(),
          "an accepted document has incidents", policy);
  } else {
    Check(!decoded.report.accepted && decoded.incidents.empty(),
          "a rejected document has no incidents", policy);
  }
}

void CheckRender(const iodef::Decoded& decoded) {
  const auto rendered = iodef::RenderXml(decoded.incidents);
  if (!rendered) return;  // kUnmappable for a model IODEF v2 cannot express is a documented answer
  const iodef::Decoded again = iodef::Decode(rendered->document, iodef::Policy::kStrict);
  Check(again.ok(), "RenderXml output is accepted by strict Decode",
        again.error ? again.error->message + "\n" + rendered->document : rendered->document);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view document(reinterpret_cast<const char*>(data), size);
  const iodef::Decoded strict = iodef::Decode(document, iodef::Policy::kStrict);
  const iodef::Decoded tolerant = iodef::Decode(document, iodef::Policy::kTolerant);
  CheckShape(strict, "strict");
  CheckShape(tolerant, "tolerant");
  Check(!strict.ok() || tolerant.ok(), "strict acceptance implies tolerant acceptance");
  if (tolerant.ok()) CheckRender(tolerant);
  return 0;
}
