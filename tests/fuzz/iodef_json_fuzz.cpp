// Fuzzes the RFC 8727 JSON decoder (iodef::DecodeJson: parser, data-model check, mapping) under
// both policies, and RenderJson of whatever was accepted.
//
// Properties beyond "no crash, no leak, no undefined behaviour":
// - strict acceptance implies tolerant acceptance (tolerant only relaxes);
// - an accepted document yields at least one incident and a rejected one none, with an error;
// - RenderJson of accepted incidents produces JSON that strict DecodeJson accepts again
//   (codec.hpp promises valid output from any model).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "iodef/codec.hpp"
#include "iodef/json_codec.hpp"

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
  const auto rendered = iodef::RenderJson(decoded.incidents);
  if (!rendered) return;  // kUnmappable for a model IODEF v2 cannot express is a documented answer
  const iodef::Decoded again = iodef::DecodeJson(rendered->document, iodef::Policy::kStrict, {});
  Check(again.ok(), "RenderJson output is accepted by strict DecodeJson",
        again.error ? again.error->message + "\n" + rendered->document : rendered->document);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view document(reinterpret_cast<const char*>(data), size);
  const iodef::Decoded strict = iodef::DecodeJson(document, iodef::Policy::kStrict, {});
  const iodef::Decoded tolerant = iodef::DecodeJson(document, iodef::Policy::kTolerant, {});
  CheckShape(strict, "strict");
  CheckShape(tolerant, "tolerant");
  Check(!strict.ok() || tolerant.ok(), "strict acceptance implies tolerant acceptance");
  if (tolerant.ok()) CheckRender(tolerant);
  return 0;
}
