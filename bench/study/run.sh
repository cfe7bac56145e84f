#!/usr/bin/env bash
# The whole demo study over gRPC: default spec vs 20 robustness checks, side by side.
#   bench/study/run.sh [BUILD_DIR] [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(cd "${1:-$ROOT/build}" && pwd)"
RUNS="${2:-5}"
GOVMETRICS_BUILD_DIR="$BUILD" PYTHONPATH="$BUILD/python" /usr/bin/python3 "$ROOT/bench/study/study_bench.py" "$RUNS"
