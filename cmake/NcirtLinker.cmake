# The linker: LLVM's lld when the compiler can use it, otherwise the toolchain's default (GNU ld).
# Build time only, not behaviour. Included by the top-level CMakeLists.txt before any target.
#
# The tests make ~90 executables per build, each linking the same static libraries. Linking all
# of them (docs/security.md, "Cost in CI"; CPU-s = user+sys) took GNU ld 90 CPU-s (GCC build)
# and 71 CPU-s (the clang sanitize build); lld took 23 and 21. Debian 12's `lld` package
# (deploy/local/setup.sh) provides ld.lld for both GCC 12 and clang 16. The Docker images do
# not install it and link with GNU ld; -DNCIRT_LINKER=default does the same here.
set(NCIRT_LINKER "lld" CACHE STRING "Linker for every target: lld (when available) or default")
set_property(CACHE NCIRT_LINKER PROPERTY STRINGS lld default)

if(NCIRT_LINKER STREQUAL "lld")
  include(CheckLinkerFlag)
  check_linker_flag(CXX -fuse-ld=lld ncirt_has_lld)
  if(ncirt_has_lld)
    add_link_options(-fuse-ld=lld)
  else()
    message(STATUS "ncirt: the compiler cannot link with lld (-fuse-ld=lld); using its default "
                   "linker (install Debian's lld package for faster links)")
  endif()
elseif(NOT NCIRT_LINKER STREQUAL "default")
  message(FATAL_ERROR "NCIRT_LINKER must be lld or default, not '${NCIRT_LINKER}'")
endif()
