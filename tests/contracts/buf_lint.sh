#!/usr/bin/env bash
# buf lint (STANDARD) over proto/: installs the pinned buf CLI from npm on first use.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUF="$ROOT/tools/buf/node_modules/.bin/buf"
if [[ ! -x "$BUF" ]]; then
  (cd "$ROOT/tools/buf" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
cd "$ROOT"
"$BUF" lint
echo "buf lint: ok"
