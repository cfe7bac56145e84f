# The fuzz harnesses in the normal test suite (label `fuzz`; docs/fuzzing.md, "In the test
# suite"). Included from tests/CMakeLists.txt, so it works with gcc and without libFuzzer:
#   fuzz_seeds              fixture: make_corpus.py writes the seeds to BUILD/fuzz-seeds
#   fuzz_smoke_<rpc>        fuzz_<rpc>.cc + standalone_fuzz_driver.cc: every seed, then a fixed
#                           number of deterministic mutations; fails on an exception or crash
#   fuzz_libfuzzer_<rpc>    only with -DGOVMETRICS_FUZZ=ON (clang): the real libFuzzer binary
#                           for 10 s, so `ctest -L fuzz` in the fuzz build is the short run
include(${CMAKE_CURRENT_LIST_DIR}/targets.cmake)

# Mutations per smoke test: all eight together take ~10 s of CPU in a gcc Release build;
# the count (not a time limit) keeps the run deterministic. Sanitizer builds run ~10x
# slower, so they get fewer (the fuzz build has the libFuzzer tests on top).
if(GOVMETRICS_SANITIZE)
  set(GOVMETRICS_FUZZ_SMOKE_MUTATIONS 5000)
else()
  set(GOVMETRICS_FUZZ_SMOKE_MUTATIONS 50000)
endif()

set(GOVMETRICS_FUZZ_SEEDS ${PROJECT_BINARY_DIR}/fuzz-seeds)
# make_corpus.py generates its own Python stubs in a temp dir (no python_stubs dependency).
add_test(NAME fuzz_seeds
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/make_corpus.py ${GOVMETRICS_FUZZ_SEEDS})
set_tests_properties(fuzz_seeds PROPERTIES LABELS fuzz FIXTURES_SETUP fuzz_seeds TIMEOUT 120)

add_library(fuzz_smoke_driver OBJECT ${CMAKE_CURRENT_LIST_DIR}/standalone_fuzz_driver.cc
  ${CMAKE_CURRENT_LIST_DIR}/fuzz_init.cc)
target_compile_options(fuzz_smoke_driver PRIVATE ${GOVMETRICS_WARNINGS})
target_link_libraries(fuzz_smoke_driver PRIVATE protobuf::libprotobuf)

foreach(t IN LISTS GOVMETRICS_FUZZ_ALL_TARGETS)
  string(REGEX REPLACE "^fuzz_" "" rpc ${t})  # fuzz_compute_index -> compute_index
  add_executable(fuzz_smoke_${rpc} ${CMAKE_CURRENT_LIST_DIR}/${t}.cc)
  target_include_directories(fuzz_smoke_${rpc} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_options(fuzz_smoke_${rpc} PRIVATE ${GOVMETRICS_WARNINGS})
  if(t IN_LIST GOVMETRICS_FUZZ_RENDER_TARGETS)
    target_link_libraries(fuzz_smoke_${rpc} PRIVATE fuzz_smoke_driver govmetrics_report_render)
  elseif(t IN_LIST GOVMETRICS_FUZZ_FILE_TARGETS)
    target_link_libraries(fuzz_smoke_${rpc} PRIVATE fuzz_smoke_driver govmetrics_files)
  else()
    target_link_libraries(fuzz_smoke_${rpc} PRIVATE fuzz_smoke_driver govmetrics_contracts)
  endif()
  add_test(NAME fuzz_smoke_${rpc}
    COMMAND fuzz_smoke_${rpc} ${GOVMETRICS_FUZZ_SEEDS}/${t} ${GOVMETRICS_FUZZ_SMOKE_MUTATIONS})
  set_tests_properties(fuzz_smoke_${rpc} PROPERTIES
    LABELS fuzz FIXTURES_REQUIRED fuzz_seeds TIMEOUT 300)
  list(APPEND smoke_targets fuzz_smoke_${rpc})
endforeach()
add_custom_target(govmetrics_fuzz_smoke DEPENDS ${smoke_targets})

if(GOVMETRICS_FUZZ)
  # New inputs go to BUILD/fuzz-ctest-corpus/<target>, never into the shared seed dir (the
  # smoke tests read every file there); crash reproducers to BUILD/fuzz-artifacts.
  set(corpus ${PROJECT_BINARY_DIR}/fuzz-ctest-corpus)
  set(artifacts ${PROJECT_BINARY_DIR}/fuzz-artifacts)
  list(TRANSFORM GOVMETRICS_FUZZ_ALL_TARGETS PREPEND ${corpus}/ OUTPUT_VARIABLE corpus_dirs)
  add_test(NAME fuzz_libfuzzer_dirs
    COMMAND ${CMAKE_COMMAND} -E make_directory ${corpus_dirs} ${artifacts})
  set_tests_properties(fuzz_libfuzzer_dirs PROPERTIES LABELS fuzz FIXTURES_SETUP fuzz_libfuzzer_dirs)
  foreach(t IN LISTS GOVMETRICS_FUZZ_ALL_TARGETS)
    string(REGEX REPLACE "^fuzz_" "" rpc ${t})
    add_test(NAME fuzz_libfuzzer_${rpc}
      COMMAND ${t} ${corpus}/${t} ${GOVMETRICS_FUZZ_SEEDS}/${t} -max_total_time=10 -timeout=20
              -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix=${artifacts}/${t}-)
    # halt_on_error: a UBSan finding is a failure, not just a line in the log.
    set_tests_properties(fuzz_libfuzzer_${rpc} PROPERTIES
      LABELS fuzz FIXTURES_REQUIRED "fuzz_seeds;fuzz_libfuzzer_dirs" TIMEOUT 120
      ENVIRONMENT "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
  endforeach()
endif()
