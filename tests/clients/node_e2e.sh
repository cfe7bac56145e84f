#!/usr/bin/env bash
# End to end for the Node client: clients/node/test/*.test.js (node:test) against the real
# govmetrics-index and govmetrics-modeling binaries of BUILD_DIR.
#   tests/clients/node_e2e.sh BUILD_DIR
# SKIPs (exit 0) only when node/npm are absent; scripts/setup.sh installs them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(cd "${1:?usage: node_e2e.sh BUILD_DIR}" && pwd)"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool not installed (scripts/setup.sh installs it)"
    exit 0
  fi
done
for bin in index modeling; do
  [[ -x "$BUILD/services/$bin/govmetrics-$bin" ]] || { echo "FAIL: $BUILD/services/$bin/govmetrics-$bin not built" >&2; exit 1; }
done

cd "$ROOT/clients/node"
# node_modules is not committed; restore it from package-lock.json when absent (as
# tests/contracts/buf_lint.sh does for buf). scripts/setup.sh normally did this already.
if [[ ! -d node_modules/@grpc/grpc-js || ! -d node_modules/@grpc/proto-loader || ! -d node_modules/protobufjs ]]; then
  echo "node_e2e: npm ci in clients/node"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

export GOVMETRICS_BUILD_DIR="$BUILD" GOVMETRICS_SOURCE_DIR="$ROOT"
node --test --test-reporter=spec test/*.test.js
