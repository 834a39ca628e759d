# Precompiled headers: build time, not behaviour. Included by the top-level CMakeLists.txt
# before any target exists; ncirt_apply_pch() runs deferred, once every target is declared.
#
# Where the time went (the .ninja_log of a fresh GCC build, docs/operations.md "Build time"):
# most translation units spend their first seconds parsing the same Boost.Asio/Beast, OpenSSL,
# libpqxx, protobuf, nlohmann-json and GoogleTest headers. Parsing them once per target (per
# library) or once for all tests is the cut:
#
#   - every test binary (ncirt_add_test) and ncirt_test_support reuse ONE header, compiled by
#     the object library ncirt_test_pch (REUSE_FROM; same flags and definitions for all);
#   - each ncirt library with several translation units gets its own, with only the headers of
#     what it links (a logic library that does not link libpqxx is not handed pqxx's headers);
#   - generated protobuf code, the fuzz targets and one-file executables get none.
#
# -DNCIRT_PCH=OFF builds without them; do that once in a while, because a header the PCH
# provides hides a missing #include in a source file (CI builds with them).
#
# ccache: a precompiled header is cacheable when ccache may ignore its timestamps and
# __DATE__/__TIME__; the launcher is wrapped to say so (CCACHE_SLOPPINESS), so a developer's
# -DCMAKE_CXX_COMPILER_LAUNCHER=ccache keeps hitting. Clang stamps its PCH with the header's
# mtime; -fno-pch-timestamp keeps the PCH (and so the cache key of every user) stable.
# On by default for clang (the sanitize preset, where it has been built and run). Off for GCC:
# GCC's PCH is 413 MB and reading it cost about as much as it saved (docs/security.md).
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(ncirt_pch_default ON)
else()
  set(ncirt_pch_default OFF)
endif()
option(NCIRT_PCH "Precompiled headers for ncirt's libraries and tests (build time only)"
       ${ncirt_pch_default})
option(NCIRT_BUILD_E2E "Build the e2e and browser test binaries (label e2e/browser)" ON)

if(NCIRT_PCH AND CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
  list(GET CMAKE_CXX_COMPILER_LAUNCHER -1 ncirt_launcher_last)
  if(NOT ncirt_launcher_last STREQUAL "CCACHE_SLOPPINESS_SET")
    set(CMAKE_CXX_COMPILER_LAUNCHER
        ${CMAKE_COMMAND} -E env
        "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
        ${CMAKE_CXX_COMPILER_LAUNCHER})
  endif()
endif()
if(NCIRT_PCH AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_compile_options("SHELL:-Xclang -fno-pch-timestamp")
endif()

# What every PCH holds: the standard library headers most files include.
set(ncirt_pch_std <string> <string_view> <vector> <map> <set> <unordered_map> <optional>
    <memory> <algorithm> <utility> <functional> <chrono> <cstdint> <expected> <span> <array>
    <stdexcept> <mutex> <thread> <atomic> <filesystem> <charconv> <sstream>)
set(ncirt_pch_json <nlohmann/json.hpp>)
set(ncirt_pch_proto <google/protobuf/message.h> <google/protobuf/repeated_field.h>)
set(ncirt_pch_net <boost/asio.hpp> <boost/asio/ssl.hpp> <boost/beast/core.hpp>
    <boost/beast/http.hpp> <boost/beast/ssl.hpp>)
set(ncirt_pch_pg <pqxx/pqxx>)
set(ncirt_pch_test <gtest/gtest.h> <gmock/gmock.h>)

# The shared test PCH. It takes ncirt_test_support's definitions without linking it (the
# support library itself reuses this PCH, so a link would be a cycle).
if(NCIRT_PCH AND NCIRT_BUILD_TESTS)
  set(ncirt_pch_stub ${CMAKE_BINARY_DIR}/ncirt_test_pch.cpp)
  if(NOT EXISTS ${ncirt_pch_stub})
    file(WRITE ${ncirt_pch_stub} "// Compiles the tests' shared precompiled header (cmake/NcirtPch.cmake).\n")
  endif()
  add_library(ncirt_test_pch OBJECT ${ncirt_pch_stub})
  # The same flags as the tests that reuse it: GCC ignores a PCH built without -Wpedantic in a
  # -Wpedantic compile (__cpp_runtime_arrays differs) and silently parses everything again.
  ncirt_warnings(ncirt_test_pch)
  # ... and the test code's own options (NCIRT_TEST_COMPILE_OPTIONS; -O0 changes __OPTIMIZE__).
  target_compile_options(ncirt_test_pch PRIVATE ${NCIRT_TEST_COMPILE_OPTIONS})
  # ... and the same definitions (GTEST_HAS_PTHREAD comes with GTest's imported targets).
  target_link_libraries(ncirt_test_pch PRIVATE GTest::gtest GTest::gmock)
  target_compile_definitions(ncirt_test_pch PRIVATE
    $<TARGET_PROPERTY:ncirt_test_support,INTERFACE_COMPILE_DEFINITIONS>)
  target_precompile_headers(ncirt_test_pch PRIVATE ${ncirt_pch_std} ${ncirt_pch_json}
    ${ncirt_pch_proto} ${ncirt_pch_net} ${ncirt_pch_pg} ${ncirt_pch_test})
endif()

# Every target a library links, directly or through others (names of ncirt targets and of
# imported ones such as PkgConfig::PQXX).
function(ncirt_pch_link_closure target out)
  set(seen "")
  set(todo ${target})
  while(todo)
    list(POP_FRONT todo t)
    if(NOT TARGET ${t} OR t IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${t})
    get_target_property(type ${t} TYPE)
    set(libs "")
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(direct ${t} LINK_LIBRARIES)
      if(direct)
        list(APPEND libs ${direct})
      endif()
    endif()
    get_target_property(iface ${t} INTERFACE_LINK_LIBRARIES)
    if(iface)
      list(APPEND libs ${iface})
    endif()
    foreach(l ${libs})
      string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" l "${l}")
      list(APPEND todo ${l})
    endforeach()
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

function(ncirt_pch_library target)
  get_target_property(sources ${target} SOURCES)
  list(FILTER sources INCLUDE REGEX "\\.cpp$")
  list(LENGTH sources n)
  if(n LESS 3)
    return()  # one PCH compile costs about as much as two ordinary files
  endif()
  ncirt_pch_link_closure(${target} closure)
  set(headers ${ncirt_pch_std})
  if(nlohmann_json::nlohmann_json IN_LIST closure)
    list(APPEND headers ${ncirt_pch_json})
  endif()
  if(ncirt_proto IN_LIST closure)
    list(APPEND headers ${ncirt_pch_proto})
  endif()
  if(OpenSSL::SSL IN_LIST closure AND Boost::headers IN_LIST closure)
    list(APPEND headers ${ncirt_pch_net})
  endif()
  if(PkgConfig::PQXX IN_LIST closure)
    list(APPEND headers ${ncirt_pch_pg})
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

function(ncirt_pch_collect dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(d ${subdirs})
    ncirt_pch_collect(${d} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(ncirt_apply_pch)
  ncirt_pch_collect(${PROJECT_SOURCE_DIR} targets)
  foreach(t ${targets})
    get_target_property(dir ${t} SOURCE_DIR)
    get_target_property(type ${t} TYPE)
    if(NOT NCIRT_BUILD_E2E AND dir MATCHES "/tests/(e2e|browser)$")
      # Not built by default; the sanitize preset's test filter does not run them either.
      set_target_properties(${t} PROPERTIES EXCLUDE_FROM_ALL ON)
    endif()
    if(NOT NCIRT_PCH)
      continue()
    endif()
    if(t STREQUAL "ncirt_test_support" OR t STREQUAL "ncirt_test_pch")
      if(t STREQUAL "ncirt_test_support")
        set_target_properties(${t} PROPERTIES PRECOMPILE_HEADERS_REUSE_FROM ncirt_test_pch)
      endif()
    elseif(type STREQUAL "STATIC_LIBRARY" AND NOT t STREQUAL "ncirt_proto"
           AND dir MATCHES "/services/")
      ncirt_pch_library(${t})
    endif()
  endforeach()
endfunction()

cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL ncirt_apply_pch)
