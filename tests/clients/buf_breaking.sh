#!/usr/bin/env bash
# buf breaking (FILE rules, buf.yaml) of proto/ against the released contract, so a change
# that breaks v1 clients fails CI. The baseline is the release tag when one exists, else the
# commit that closed the first stage (tools/buf/breaking-baseline: every v1 client was
# built against it).
#   tests/clients/buf_breaking.sh [TAG]      (default v0.1.0)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAG="${1:-v0.1.0}"
BUF="$ROOT/tools/buf/node_modules/.bin/buf"
cd "$ROOT"
if git rev-parse -q --verify "refs/tags/$TAG" >/dev/null 2>&1; then
  ref="tag=$TAG"
else
  baseline="$(grep -v '^#' "$ROOT/tools/buf/breaking-baseline" | head -n 1)"
  if ! git cat-file -e "$baseline^{commit}" 2>/dev/null; then
    # A shallow clone lacks the baseline commit: say so loudly rather than pass quietly.
    echo "buf breaking: baseline commit $baseline is not in this clone (shallow?); fetch it" >&2
    exit 1
  fi
  ref="ref=$baseline"
fi
if [[ ! -x "$BUF" ]]; then
  # Same pinned CLI as tests/contracts/buf_lint.sh (tools/buf/package-lock.json).
  (cd "$ROOT/tools/buf" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
# --git-common-dir: works from a clone and from a git worktree (where .git is a file).
"$BUF" breaking --against "$(git rev-parse --path-format=absolute --git-common-dir)#$ref"
echo "buf breaking against $ref: ok"
