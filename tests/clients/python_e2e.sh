#!/usr/bin/env bash
# End to end for the Python client, installed the way docs/clients.md tells a user to: a
# venv that sees Debian's grpcio/protobuf (--system-site-packages), then an offline
# `pip install` of clients/python (its build generates the code from proto/). The client's
# own tests (clients/python/tests) then run with that venv's Python, from outside the
# source tree, against the real binaries of BUILD_DIR.
#   tests/clients/python_e2e.sh BUILD_DIR
# SKIPs (exit 0) only when python3-venv / the grpc plugin are absent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(cd "${1:?usage: python_e2e.sh BUILD_DIR}" && pwd)"
PY=/usr/bin/python3  # Debian's: the one with python3-grpcio

if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "SKIPPED: python3-venv not installed (scripts/setup.sh installs it)"; exit 0
fi
if [[ ! -x /usr/bin/grpc_python_plugin ]]; then
  echo "SKIPPED: /usr/bin/grpc_python_plugin missing (protobuf-compiler-grpc)"; exit 0
fi
for bin in index modeling reporting; do
  [[ -x "$BUILD/services/$bin/govmetrics-$bin" ]] || { echo "FAIL: $BUILD/services/$bin/govmetrics-$bin not built" >&2; exit 1; }
done

WORK="$BUILD/clients/python"
rm -rf "$WORK/venv"
mkdir -p "$WORK"
"$PY" -m venv --system-site-packages "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --no-build-isolation --no-index "$ROOT/clients/python"

export GOVMETRICS_BUILD_DIR="$BUILD" GOVMETRICS_SOURCE_DIR="$ROOT" GOVMETRICS_EXPECT_INSTALLED=1
cd "$WORK"  # not the source tree: the installed package is the one imported
"$WORK/venv/bin/python" -m unittest discover -v -s "$ROOT/clients/python/tests" -t "$ROOT/clients/python/tests"
# The examples run as a user runs them (clients/python/examples/run_examples.sh).
"$ROOT/clients/python/examples/run_examples.sh" "$WORK/venv/bin/python" "$BUILD"
