# Sanitizer builds. Included by NcirtWarnings.cmake, before any target exists, because the flags
# must reach every library for a report to point into ncirt code (not only the test binaries).
#
#   -DNCIRT_SANITIZE=address,undefined   the whole suite under ASan+UBSan (GCC or clang)
#   -DNCIRT_FUZZ=ON                      libFuzzer targets in tests/fuzz (clang >= 16: older clang
#                                        cannot compile libstdc++ 12's std::expected; see below)
#
# UBSan findings abort (no recovery) so that a test or a fuzz run fails on the first one.
set(NCIRT_SANITIZE "" CACHE STRING "Comma-separated sanitizers for every target, e.g. address,undefined")

# Clang 16 implements what libstdc++ 12's <expected> needs (P0848, conditionally trivial special
# members) but still announces __cpp_concepts 201907, so <expected> would hide std::expected;
# announcing 202002 makes it visible. Clang 14 and 15 lack P0848 and cannot build ncirt at all.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_compile_options(-D__cpp_concepts=202002L -Wno-macro-redefined)
endif()

set(ncirt_sanitizers "${NCIRT_SANITIZE}")
if(NCIRT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
    message(FATAL_ERROR "NCIRT_FUZZ needs clang >= 16 (CXX=clang++-16): libFuzzer is clang's, "
                        "and clang 14/15 cannot compile std::expected from libstdc++ 12.")
  endif()
  if(NOT ncirt_sanitizers)
    set(ncirt_sanitizers "address,undefined")
  endif()
  # Coverage instrumentation everywhere; only the fuzz targets link libFuzzer's main().
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(ncirt_sanitizers)
  add_compile_options(-fsanitize=${ncirt_sanitizers} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${ncirt_sanitizers} -fno-sanitize-recover=all)
endif()
