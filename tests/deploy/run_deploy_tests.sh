#!/usr/bin/env bash
# Offline validation of everything under deploy/: renders the kustomize trees, validates
# them against the Kubernetes schemas and the deployment policies, checks the Dockerfile and
# the Secret recipe in docs/deployment.md, and drives the local launcher.
#
#   tests/deploy/run_deploy_tests.sh [--build-dir DIR] [node --test options...]
#
# --build-dir (or GOVMETRICS_BUILD_DIR) points at a CMake build dir; when it holds the
# service binaries, the ldd coverage check and the launcher test on the real binaries run
# too (they are skipped otherwise). Needs kubectl (for `kubectl kustomize`), node >= 20,
# npm (first run only), /usr/bin/python3 with python3-grpcio, protoc, grpc_python_plugin,
# openssl. Exits non-zero on any failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

NODE_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) GOVMETRICS_BUILD_DIR="$(cd "$2" && pwd)"; shift 2 ;;
    --build-dir=*) GOVMETRICS_BUILD_DIR="$(cd "${1#*=}" && pwd)"; shift ;;
    *) NODE_ARGS+=("$1"); shift ;;
  esac
done
if [[ -n "${GOVMETRICS_BUILD_DIR:-}" ]]; then export GOVMETRICS_BUILD_DIR; fi

for tool in kubectl node npm /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "run_deploy_tests: $tool is required" >&2; exit 1; }
done

# Pinned dependencies from package-lock.json; reinstalled when the lock file changes.
STAMP="$HERE/node_modules/.package-lock.json"
if [[ ! -f "$STAMP" || "$HERE/package-lock.json" -nt "$STAMP" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# Render each tree once; the test files read these (lib/render.mjs). A render failure is
# a test failure in its own right, reported here with kubectl's message.
RENDERED="$(mktemp -d "${TMPDIR:-/tmp}/govmetrics-rendered.XXXXXX")"
trap 'rm -rf "$RENDERED"' EXIT
for tree in base:base dev:overlays/dev prod:overlays/prod prod-ingress:overlays/prod-ingress prod-postgres:overlays/prod-postgres; do
  name="${tree%%:*}"
  if ! kubectl kustomize "$ROOT/deploy/k8s/${tree#*:}" >"$RENDERED/$name.yaml"; then
    echo "run_deploy_tests: kubectl kustomize deploy/k8s/${tree#*:} failed" >&2
    exit 1
  fi
done
export GOVMETRICS_RENDERED_DIR="$RENDERED"

cd "$HERE"
# Test files run one at a time: the launcher and mTLS tests start servers, and the machine
# has two cores.
node --test --test-concurrency=1 "${NODE_ARGS[@]}" ./*.test.mjs
