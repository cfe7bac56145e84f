#!/usr/bin/env bash
# Runs a command with the real services on free loopback ports, for the client examples:
# exports GOVMETRICS_INDEX_TARGET, GOVMETRICS_MODELING_TARGET, GOVMETRICS_REPORTING_TARGET
# (HOST:PORT) and, when govmetrics-workspace is built, GOVMETRICS_WORKSPACE_TARGET (SQLite in
# a temporary directory) with GOVMETRICS_TOKEN, an agency token it accepts over plaintext
# (GOVMETRICS_INSECURE_TOKEN=1, loopback only); stops the services (SIGTERM) afterwards.
#   tests/clients/with_services.sh BUILD_DIR COMMAND [ARGS...]
set -euo pipefail
BUILD="$(cd "${1:?usage: with_services.sh BUILD_DIR COMMAND...}" && pwd)"
shift
TMP="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

# start NAME [FLAGS...]: sets $target to the port the service reports once bound.
start() {
  local name="$1"; shift
  "$BUILD/services/$name/govmetrics-$name" --listen=127.0.0.1:0 --drain_seconds=1 "$@" \
    >"$TMP/$name.out" 2>"$TMP/$name.err" &
  pids+=($!)
  target=""
  for _ in $(seq 1 300); do
    target="$(grep -oE 'listening on [0-9.]+:[0-9]+' "$TMP/$name.out" | head -1 | cut -d' ' -f3 || true)"
    [[ -n "$target" ]] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "with_services: govmetrics-$name did not start: $(tail -5 "$TMP/$name.err")" >&2
  exit 1
}
start index; export GOVMETRICS_INDEX_TARGET="$target"
start modeling; export GOVMETRICS_MODELING_TARGET="$target"
start reporting --index_target="$GOVMETRICS_INDEX_TARGET" --modeling_target="$GOVMETRICS_MODELING_TARGET"
export GOVMETRICS_REPORTING_TARGET="$target"
if [[ -x "$BUILD/services/workspace/govmetrics-workspace" ]]; then
  export GOVMETRICS_TOKEN="examples-token-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" GOVMETRICS_INSECURE_TOKEN=1
  printf 'examples %s\n' "$GOVMETRICS_TOKEN" > "$TMP/tokens"
  start workspace --database=sqlite:workspace.db --data_dir="$TMP" --reporting_target="$GOVMETRICS_REPORTING_TARGET" \
    --auth_tokens_file="$TMP/tokens" --allow_insecure_tokens
  export GOVMETRICS_WORKSPACE_TARGET="$target"
fi
"$@"
