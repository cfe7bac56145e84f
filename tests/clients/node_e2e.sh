#!/usr/bin/env bash
# End to end for the Node client, installed the way docs/clients.md tells a user to: `npm pack`
# of clients/node (its prepack copies proto/ in and generates the TypeScript definitions and
# the ESM entry), then `npm install` of that tarball into a fresh project. The client's tests
# (clients/node/test, copied into that project) run against the real binaries of BUILD_DIR,
# the definitions are type-checked (tsc --strict), and every example runs.
#   tests/clients/node_e2e.sh BUILD_DIR
# SKIPs (exit 0) only when node/npm are absent; scripts/setup.sh installs them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(cd "${1:?usage: node_e2e.sh BUILD_DIR}" && pwd)"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool not installed (scripts/setup.sh installs it)"; exit 0
  fi
done
for bin in index modeling reporting; do
  [[ -x "$BUILD/services/$bin/govmetrics-$bin" ]] || { echo "FAIL: $BUILD/services/$bin/govmetrics-$bin not built" >&2; exit 1; }
done

SRC="$ROOT/clients/node"
# Build tooling (protobufjs for the generator, typescript for the type check) from the lock file.
if [[ ! -d "$SRC/node_modules/@grpc/grpc-js" || ! -d "$SRC/node_modules/typescript" ]]; then
  echo "node_e2e: npm ci in clients/node"
  (cd "$SRC" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
WORK="$BUILD/clients/node"
APP="$WORK/app"
rm -rf "$WORK"
mkdir -p "$APP"
tarball="$(cd "$SRC" && npm pack --silent --pack-destination "$WORK" | tail -1)"
cd "$APP"
printf '{"name": "govmetrics-node-e2e", "private": true}\n' > package.json
npm install --no-audit --no-fund --loglevel=error --prefer-offline "$WORK/$tarball" >/dev/null
cp -r "$SRC/test" "$APP/test"

export GOVMETRICS_BUILD_DIR="$BUILD" GOVMETRICS_SOURCE_DIR="$ROOT" GOVMETRICS_EXPECT_INSTALLED=1
node --test --test-reporter=spec test/*.test.js test/*.test.mjs
"$SRC/node_modules/.bin/tsc" --noEmit --strict --target es2022 --module nodenext --moduleResolution nodenext \
  --types node test/types_check.ts 2>&1 || { echo "FAIL: TypeScript definitions do not type-check" >&2; exit 1; }
echo "node_e2e: TypeScript definitions type-check (tsc --strict)"
"$SRC/examples/run_examples.sh" "$APP" "$BUILD"
