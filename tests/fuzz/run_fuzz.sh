#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each one for SECONDS_PER_TARGET
# (default 10) on a freshly generated seed corpus, one target after the other. Exits non-zero
# if any target crashes, reports a sanitizer error, leaks, times out on one input, or fails
# to start. Ends with a Markdown table (the one in docs/fuzzing.md, "Results").
#   tests/fuzz/run_fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Env: BUILD_DIR (default /work/build-fuzz), FUZZ_JOBS (build parallelism, default 2),
#      FUZZ_CORPUS_DIR (kept inputs, default $BUILD_DIR/fuzz-corpus; kept across runs),
#      FUZZ_EXTRA_ARGS (extra libFuzzer flags).
# Found crashes are written to $BUILD_DIR/fuzz-artifacts/<target>-crash-*; reproduce with
#   $BUILD_DIR/tests/fuzz/<target> <artifact>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_PER_TARGET="${1:-10}"
shift || true
BUILD_DIR="${BUILD_DIR:-/work/build-fuzz}"
ALL_TARGETS=(fuzz_compute_index fuzz_coupling_coordination fuzz_fit_panel_model
  fuzz_hausman_test fuzz_analyze_mediation fuzz_compare_groups fuzz_describe_variables
  fuzz_render_documents)
if [[ $# -gt 0 ]]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

# Tests ON only so that the fuzz ctests exist (`ctest -L fuzz`, tests/fuzz/smoke.cmake);
# only the fuzz targets are built here.
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DGOVMETRICS_SANITIZE=address -DGOVMETRICS_FUZZ=ON \
  -DGOVMETRICS_BUILD_TESTS=ON -DGOVMETRICS_BUILD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j"${FUZZ_JOBS:-2}" --target "${TARGETS[@]}"

SEEDS="$BUILD_DIR/fuzz-seeds"
CORPUS="${FUZZ_CORPUS_DIR:-$BUILD_DIR/fuzz-corpus}"
ARTIFACTS="$BUILD_DIR/fuzz-artifacts"
LOGS="$BUILD_DIR/fuzz-logs"
rm -rf "$SEEDS"
mkdir -p "$CORPUS" "$ARTIFACTS" "$LOGS"
/usr/bin/python3 "$ROOT/tests/fuzz/make_corpus.py" "$SEEDS" >/dev/null

# UBSan reports would otherwise only be printed; make them crashes the fuzzer records.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:symbolize=1}"

echo "$(date -u +%F) $(clang --version | head -1), ${SECONDS_PER_TARGET} s per target," \
  "ASan+UBSan (halt_on_error), -timeout=20 -rss_limit_mb=2560"
echo
echo "| target | executions | exec/s | cov (edges) | ft (features) | corpus (inputs/size) | result |"
echo "|---|---:|---:|---:|---:|---:|---|"
thousands() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }  # 1234567 -> 1,234,567
field() { sed -n "s/.* $1: \([^ ]*\).*/\1/p" <<<"$status"; }  # "cov" -> value in $status
failed=()
for t in "${TARGETS[@]}"; do
  mkdir -p "$CORPUS/$t"
  log="$LOGS/$t.log"
  # New interesting inputs go to $CORPUS/$t (kept across runs); seeds are read-only input.
  # shellcheck disable=SC2086
  if "$BUILD_DIR/tests/fuzz/$t" "$CORPUS/$t" "$SEEDS/$t" \
      -max_total_time="$SECONDS_PER_TARGET" -timeout=20 -rss_limit_mb=2560 \
      -print_final_stats=1 -artifact_prefix="$ARTIFACTS/$t-" ${FUZZ_EXTRA_ARGS:-} \
      >"$log" 2>&1; then
    result=ok
  else
    result="**FAILED** (see $log)"
    failed+=("$t")
  fi
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  # Last status line, e.g. "#123 DONE cov: 1234 ft: 5678 corp: 321/45Kb lim: 4096 exec/s: ..."
  status="$(grep -E '^#[0-9]+.* cov: ' "$log" | tail -1 || true)"
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$t" "$(thousands "${execs:-?}")" \
    "$(thousands "${rate:-?}")" "$(field cov)" "$(field ft)" "$(field corp)" "$result"
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing failed: ${failed[*]}; artifacts in $ARTIFACTS" >&2
  exit 1
fi
