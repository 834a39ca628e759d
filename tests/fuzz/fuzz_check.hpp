#pragma once
// What the fuzz targets share: a check that stops the run with a readable message when a
// property of the code under test does not hold. libFuzzer then keeps the input as a crash
// reproducer, exactly as for a sanitizer report.
//
// Thread-safety: libFuzzer calls a target from one thread; nothing here is shared.

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace ncirt::fuzz {

[[noreturn]] inline void Violated(std::string_view property, std::string_view detail) {
  std::fprintf(stderr, "fuzz property violated: %.*s\n%.*s\n",
               static_cast<int>(property.size()), property.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline void Check(bool holds, std::string_view property, std::string_view detail = {}) {
  if (!holds) Violated(property, detail);
}

}  // namespace ncirt::fuzz
