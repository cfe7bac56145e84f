#!/usr/bin/env bash
# buf breaking (FILE rules, buf.yaml) of proto/ against the last release tag, so a change that
# breaks v1 clients fails CI. Until the first release is tagged there is nothing to compare.
#   tests/clients/buf_breaking.sh [TAG]      (default v0.1.0)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAG="${1:-v0.1.0}"
BUF="$ROOT/tools/buf/node_modules/.bin/buf"
cd "$ROOT"
if ! git rev-parse -q --verify "refs/tags/$TAG" >/dev/null 2>&1; then
  echo "SKIPPED: no release tag yet ($TAG)"
  exit 0
fi
if [[ ! -x "$BUF" ]]; then
  # Same pinned CLI as tests/contracts/buf_lint.sh (tools/buf/package-lock.json).
  (cd "$ROOT/tools/buf" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
"$BUF" breaking --against ".git#tag=$TAG"
echo "buf breaking against $TAG: ok"
