#!/usr/bin/env bash
# The long fuzz run recorded in docs/fuzzing.md ("Results"): every libFuzzer target for
# SECONDS_PER_TARGET (default 120 s; ~16 min in all, one core) via tests/fuzz/run_fuzz.sh,
# starting from the generated seeds only (a fresh corpus dir), so the numbers do not depend
# on earlier runs. Prints run_fuzz.sh's Markdown table and keeps the whole output in LOG.
#   bench/fuzz_long_run.sh [SECONDS_PER_TARGET]
# Env: BUILD_DIR (default /work/build-fuzz), LOG (default $BUILD_DIR/fuzz-long-run.log).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BUILD_DIR="${BUILD_DIR:-/work/build-fuzz}"
LOG="${LOG:-$BUILD_DIR/fuzz-long-run.log}"
export FUZZ_CORPUS_DIR="$BUILD_DIR/fuzz-corpus-long"
rm -rf "$FUZZ_CORPUS_DIR"
mkdir -p "$(dirname "$LOG")"
# Per-target libFuzzer logs stay in $BUILD_DIR/fuzz-logs; pipefail keeps run_fuzz.sh's status.
"$ROOT/tests/fuzz/run_fuzz.sh" "${1:-120}" 2>&1 | tee "$LOG"
