#!/usr/bin/env bash
# Builds the whole tree with a sanitizer and runs the whole test suite under it.
#
#   scripts/sanitize.sh address [CTEST ARGS...]   # ASan + UBSan, tree in build-asan/
#   scripts/sanitize.sh thread  [CTEST ARGS...]   # TSan,         tree in build-tsan/
#
# The build option is GOVMETRICS_SANITIZE (CMakeLists.txt); this script adds what a
# sanitizer run needs around it: -O1 (sanitizers at -O2 hide little but cost build time),
# no benchmarks, sanitizer options that turn every finding into a failing test, and the
# suppression files under tests/sanitizers/ for code we do not build (Debian's gRPC,
# protobuf and Abseil are not instrumented; see docs/fuzzing.md, "Sanitizer builds").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-}"
case "$MODE" in
  address) SHORT=asan ;;
  thread) SHORT=tsan ;;
  *) echo "usage: scripts/sanitize.sh address|thread [ctest args...]" >&2; exit 2 ;;
esac
shift
export BUILD_DIR="${BUILD_DIR:-$ROOT/build-$SHORT}"

"$ROOT/scripts/setup.sh"
BUILD_TYPE=RelWithDebInfo "$ROOT/scripts/build.sh" -DGOVMETRICS_SANITIZE="$MODE" \
  -DGOVMETRICS_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1"

SUPP="$ROOT/tests/sanitizers"
# Tests that size their work to the build read this (e.g. the drain test's slow calls).
export GOVMETRICS_SANITIZER="$MODE"
# Every report fails the process that made it (and so the test that started it).
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$SUPP/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$SUPP/tsan.supp:print_suppressions=0"
# Sanitized binaries are 2-15x slower: give ctest's per-test timeout room.
ctest --test-dir "$BUILD_DIR" -j2 --output-on-failure --timeout 1800 "$@"
