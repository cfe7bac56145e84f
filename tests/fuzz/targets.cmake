# The fuzz harnesses (tests/fuzz/<name>.cc, one per RPC request path) and what they link.
# Shared by the libFuzzer build (CMakeLists.txt) and the ctest smoke run (smoke.cmake).
set(GOVMETRICS_FUZZ_CONTRACT_TARGETS  # link govmetrics_contracts
  fuzz_compute_index fuzz_coupling_coordination fuzz_fit_panel_model fuzz_hausman_test
  fuzz_analyze_mediation fuzz_compare_groups fuzz_describe_variables)
set(GOVMETRICS_FUZZ_RENDER_TARGETS  # link govmetrics_report_render
  fuzz_render_documents)
set(GOVMETRICS_FUZZ_FILE_TARGETS  # link govmetrics_files (data files in)
  fuzz_read_csv fuzz_read_stata fuzz_read_spss fuzz_read_sas fuzz_read_xlsx)
set(GOVMETRICS_FUZZ_ALL_TARGETS ${GOVMETRICS_FUZZ_CONTRACT_TARGETS} ${GOVMETRICS_FUZZ_RENDER_TARGETS}
  ${GOVMETRICS_FUZZ_FILE_TARGETS})
