# Helpers that make every kubefake library and test target look alike.

# kubefake_library(<folder> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
# Defines kubefake_<folder> with alias kubefake::<folder>; include/ is public, src/ private.
function(kubefake_library folder)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(kubefake_${folder} ${ARG_SOURCES})
  add_library(kubefake::${folder} ALIAS kubefake_${folder})
  set_target_properties(kubefake_${folder} PROPERTIES EXPORT_NAME ${folder}
                                                      POSITION_INDEPENDENT_CODE ON)
  target_include_directories(kubefake_${folder}
    PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(kubefake_${folder} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  kubefake_warnings(kubefake_${folder})
endfunction()

# kubefake_unity_build(<target> [SOURCES_MATCHING <regex>]): with KUBEFAKE_UNITY_BUILD, the
# target's sources (with SOURCES_MATCHING, those whose path matches; the rest compile alone)
# compile in batches of eight, one compiler run each, so the standard, nlohmann_json and
# GoogleTest templates they share are instantiated and optimized once per batch instead of once
# per file (that repeated work was ~90 % of a test file's compile). The tests and the testing
# library batch everything; the api and client libraries only their generated sources: the
# engine and client code on the request path compile alone, because in batches GCC inlined less
# of it (in-process get and create 5-7 % slower). A batch is one translation unit: names in
# anonymous namespaces must differ across a target's files. GCC's -Wsubobject-linkage guards
# headers against types from an anonymous namespace; a batch includes its .cc files as if they
# were headers, so it would warn about every .cc file that uses such a type.
function(kubefake_unity_build target)
  cmake_parse_arguments(ARG "" "SOURCES_MATCHING" "" ${ARGN})
  if(NOT KUBEFAKE_UNITY_BUILD)
    return()
  endif()
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  if(ARG_SOURCES_MATCHING)
    get_target_property(sources ${target} SOURCES)
    foreach(source IN LISTS sources)
      if(NOT source MATCHES "${ARG_SOURCES_MATCHING}")
        set_source_files_properties(${source} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
      endif()
    endforeach()
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
  endif()
endfunction()

# kubefake_interface_library(<folder> [DEPS ...]): a folder that has only headers so far.
function(kubefake_interface_library folder)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  add_library(kubefake_${folder} INTERFACE)
  add_library(kubefake::${folder} ALIAS kubefake_${folder})
  set_target_properties(kubefake_${folder} PROPERTIES EXPORT_NAME ${folder})
  target_include_directories(kubefake_${folder}
    INTERFACE $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
              $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(kubefake_${folder} INTERFACE ${ARG_DEPS})
endfunction()

# kubefake_precompiled_headers(<target> [headers ...]): the third-party and standard headers
# nearly every test includes, and `headers`, precompiled once for the target (with
# KUBEFAKE_PRECOMPILED_HEADERS). Parsing them took ~2 s of each test file's compile. Only tests
# use it: in a library compiled at -O3, GCC 12 then reports its own false positives inside
# libstdc++ (-Wstringop-overflow, -Warray-bounds on std::string concatenation), which a system
# header reached through a precompiled header no longer silences. A precompiled header's bytes
# depend on its build directory, so ccache would miss every test file in a new clone:
# scripts/build turns this off while ccache caches.
function(kubefake_precompiled_headers target)
  if(KUBEFAKE_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} PRIVATE <map> <memory> <optional> <string>
                              <string_view> <vector> <nlohmann/json.hpp> ${ARGN})
  endif()
endfunction()

function(kubefake_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wimplicit-fallthrough)
  # GCC 12 reports -Wrestrict inside libstdc++'s std::string at -O3 where there is no overlap
  # (a known false positive, gone in GCC 13); it drowns real warnings.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()

# kubefake_test(<name> SOURCES ... DEPS ... [SANITIZE_SKIP <gtest patterns>]): one GoogleTest
# executable registered with CTest, each test case a CTest case of its own; with
# KUBEFAKE_TEST_SHARDS=N, N CTest cases that each run a GoogleTest shard of the executable.
# In a KUBEFAKE_SANITIZE build the SANITIZE_SKIP cases are not registered (the Release build
# runs them): cases that drive other programs and reach no code of ours that others do not.
function(kubefake_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;SANITIZE_SKIP" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    KUBEFAKE_FIXTURES_DIR="${PROJECT_SOURCE_DIR}/fixtures"
    KUBEFAKE_K8S_API_DIR="${PROJECT_SOURCE_DIR}/../shared/k8s-api")
  kubefake_warnings(${name})
  # INSTANTIATE_TEST_SUITE_P's name generator lambdas shadow the macro's own `info` parameter.
  target_compile_options(${name} PRIVATE -Wno-shadow)
  # Test code needs no -O2: at -O1 a test file compiles in about two thirds of the time, and
  # the libraries under test keep the build type's flags.
  target_compile_options(${name} PRIVATE $<$<CONFIG:Release>:-O1>)
  kubefake_precompiled_headers(${name} <gmock/gmock.h> <gtest/gtest.h>)
  kubefake_unity_build(${name})
  set(filter "*")
  if(KUBEFAKE_SANITIZE AND ARG_SANITIZE_SKIP)
    list(JOIN ARG_SANITIZE_SKIP ":" skipped)
    set(filter "*-${skipped}")
  endif()
  if(KUBEFAKE_TEST_SHARDS GREATER 0)
    math(EXPR last_shard "${KUBEFAKE_TEST_SHARDS} - 1")
    foreach(shard RANGE ${last_shard})
      add_test(NAME ${name}/shard${shard} COMMAND ${name} --gtest_brief=1 --gtest_filter=${filter})
      set_tests_properties(${name}/shard${shard} PROPERTIES ENVIRONMENT
        "GTEST_TOTAL_SHARDS=${KUBEFAKE_TEST_SHARDS};GTEST_SHARD_INDEX=${shard}")
    endforeach()
  else()
    gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST NO_PRETTY_VALUES NO_PRETTY_TYPES
                         TEST_FILTER ${filter})
  endif()
endfunction()
