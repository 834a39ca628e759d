# ncirt_add_test(NAME name SOURCES ... LIBS ... LABEL unit|integration|e2e)
#
# One executable per test file keeps failures apart; the label lets `ctest -L unit` stay fast.
# Unit tests are discovered case by case (ctest's summary counts every corpus document);
# integration and e2e binaries run as one ctest test each, because they share one PostgreSQL
# cluster per process and starting one per case would dominate the run time.
find_package(GTest REQUIRED)
include(GoogleTest)

function(ncirt_add_test)
  cmake_parse_arguments(T "" "NAME;LABEL;TIMEOUT" "SOURCES;LIBS" ${ARGN})
  if(NOT T_LABEL)
    set(T_LABEL unit)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 600)
  endif()
  add_executable(${T_NAME} ${T_SOURCES})
  ncirt_warnings(${T_NAME})
  if(TARGET ncirt_test_pch)
    # One precompiled header for every test binary (cmake/NcirtPch.cmake).
    target_precompile_headers(${T_NAME} REUSE_FROM ncirt_test_pch)
  endif()
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} ncirt_test_support GTest::gtest
                        GTest::gmock GTest::gtest_main)
  if(T_LABEL STREQUAL "unit")
    # Each case is named "<binary>.<Suite>.<Test>", so `ctest -R iodef_json` selects a binary.
    gtest_discover_tests(${T_NAME} TEST_PREFIX "${T_NAME}." PROPERTIES LABELS unit
                         TIMEOUT ${T_TIMEOUT}
                         DISCOVERY_TIMEOUT 60)
  else()
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set_tests_properties(${T_NAME} PROPERTIES LABELS ${T_LABEL} TIMEOUT ${T_TIMEOUT})
  endif()
endfunction()

# ncirt_add_test_library(NAME name SOURCES ... LIBS ...)
#
# A fixture that several test binaries share (in this folder or another), compiled once instead
# of once per binary. Its folder is on the users' include path.
function(ncirt_add_test_library)
  cmake_parse_arguments(L "" "NAME" "SOURCES;LIBS" ${ARGN})
  add_library(${L_NAME} STATIC ${L_SOURCES})
  ncirt_warnings(${L_NAME})
  if(TARGET ncirt_test_pch)
    target_precompile_headers(${L_NAME} REUSE_FROM ncirt_test_pch)
  endif()
  target_include_directories(${L_NAME} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${L_NAME} PUBLIC ${L_LIBS} ncirt_test_support GTest::gtest GTest::gmock)
endfunction()
