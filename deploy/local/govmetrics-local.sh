#!/usr/bin/env bash
# Runs the four govmetrics services and the HTTP/JSON gateway on this machine, on loopback,
# for development and
# end-to-end tests:
#
#   deploy/local/govmetrics-local.sh start   [--build-dir DIR] [--run-dir DIR]
#   deploy/local/govmetrics-local.sh status  [--run-dir DIR]
#   deploy/local/govmetrics-local.sh stop    [--run-dir DIR]
#   deploy/local/govmetrics-local.sh restart [--build-dir DIR] [--run-dir DIR]
#
# start launches index, modeling, reporting (wired to the other two; all three read
# stored datasets from the workspace), workspace (wired
# to reporting; SQLite database under the run dir), then the gateway (wired to all four),
# each waiting for
# grpc.health.v1 SERVING on its admin port before the next; a service that dies or never
# turns SERVING fails the start, prints its log tail and stops what was started.
# stop sends SIGTERM (the services drain: NOT_SERVING, then finish in-flight RPCs), waits,
# and reports; whatever is still running after GOVMETRICS_STOP_TIMEOUT gets SIGKILL and
# the exit status is 1.
# status prints pid and health per service; exit 0 only if all four are SERVING.
#
# Environment (defaults in brackets):
#   GOVMETRICS_BUILD_DIR [<repo>/build]   where services/<name>/govmetrics-<name> are
#   GOVMETRICS_RUN_DIR   [<repo>/out/local] pid files, logs, health stubs
#   GOVMETRICS_HOST      [127.0.0.1]      address every port binds to
#   GOVMETRICS_{INDEX,MODELING,REPORTING,WORKSPACE,GATEWAY}_PORT    API ports [50051 .. 50054, 8080]
#   GOVMETRICS_{INDEX,MODELING,REPORTING,WORKSPACE,GATEWAY}_ADMIN_PORT  health ports [50061 .. 50065]
#   GOVMETRICS_{INDEX,MODELING,REPORTING,WORKSPACE,GATEWAY}_METRICS_PORT  /metrics ports [9464 .. 9468];
#                                         set to the empty string to pass no --metrics_listen
#   GOVMETRICS_{INDEX,MODELING,REPORTING,WORKSPACE,GATEWAY}_ARGS  extra flags for one service (word-split)
#   GOVMETRICS_EXTRA_ARGS                 extra flags for all five (e.g. --drain_seconds=5)
#   The workspace keeps its SQLite database in <run dir>/workspace-data (kept across
#   restarts; pass --database=postgresql://... in GOVMETRICS_WORKSPACE_ARGS for PostgreSQL).
#   GOVMETRICS_START_TIMEOUT [30]  seconds each service gets to report SERVING
#   GOVMETRICS_STOP_TIMEOUT  [40]  seconds to wait after SIGTERM (above the 10 s default drain)
#   GOVMETRICS_PYTHON [/usr/bin/python3]  interpreter with Debian's python3-grpcio
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

SERVICES=(index modeling reporting workspace gateway)
declare -A HEALTH_NAME=(
  [index]=govmetrics.index.v1.IndexService
  [modeling]=govmetrics.modeling.v1.ModelingService
  [reporting]=govmetrics.reporting.v1.ReportingService
  [workspace]=govmetrics.workspace.v1.WorkspaceService
  [gateway]=""  # overall status: the gateway serves no gRPC API of its own
)

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

die() {
  echo "govmetrics-local: $*" >&2
  exit 2
}

COMMAND="${1:-}"
[[ -n "$COMMAND" ]] || { usage >&2; exit 2; }
shift
BUILD_DIR="${GOVMETRICS_BUILD_DIR:-$ROOT/build}"
RUN_DIR="${GOVMETRICS_RUN_DIR:-$ROOT/out/local}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) [[ $# -ge 2 ]] || die "--build-dir needs a value"; BUILD_DIR="$2"; shift 2 ;;
    --build-dir=*) BUILD_DIR="${1#*=}"; shift ;;
    --run-dir) [[ $# -ge 2 ]] || die "--run-dir needs a value"; RUN_DIR="$2"; shift 2 ;;
    --run-dir=*) RUN_DIR="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
done

HOST="${GOVMETRICS_HOST:-127.0.0.1}"
PYTHON="${GOVMETRICS_PYTHON:-/usr/bin/python3}"
START_TIMEOUT="${GOVMETRICS_START_TIMEOUT:-30}"
STOP_TIMEOUT="${GOVMETRICS_STOP_TIMEOUT:-40}"

api_port() {
  case "$1" in
    index) echo "${GOVMETRICS_INDEX_PORT:-50051}" ;;
    modeling) echo "${GOVMETRICS_MODELING_PORT:-50052}" ;;
    reporting) echo "${GOVMETRICS_REPORTING_PORT:-50053}" ;;
    workspace) echo "${GOVMETRICS_WORKSPACE_PORT:-50054}" ;;
    gateway) echo "${GOVMETRICS_GATEWAY_PORT:-8080}" ;;
  esac
}
admin_port() {
  case "$1" in
    index) echo "${GOVMETRICS_INDEX_ADMIN_PORT:-50061}" ;;
    modeling) echo "${GOVMETRICS_MODELING_ADMIN_PORT:-50062}" ;;
    reporting) echo "${GOVMETRICS_REPORTING_ADMIN_PORT:-50063}" ;;
    workspace) echo "${GOVMETRICS_WORKSPACE_ADMIN_PORT:-50064}" ;;
    gateway) echo "${GOVMETRICS_GATEWAY_ADMIN_PORT:-50065}" ;;
  esac
}
# "${VAR-default}" (no colon): unset means the default, set-but-empty means "no metrics".
metrics_port() {
  case "$1" in
    index) echo "${GOVMETRICS_INDEX_METRICS_PORT-9464}" ;;
    modeling) echo "${GOVMETRICS_MODELING_METRICS_PORT-9465}" ;;
    reporting) echo "${GOVMETRICS_REPORTING_METRICS_PORT-9466}" ;;
    workspace) echo "${GOVMETRICS_WORKSPACE_METRICS_PORT-9467}" ;;
    gateway) echo "${GOVMETRICS_GATEWAY_METRICS_PORT-9468}" ;;
  esac
}
service_args_var() {
  case "$1" in
    index) echo "${GOVMETRICS_INDEX_ARGS:-}" ;;
    modeling) echo "${GOVMETRICS_MODELING_ARGS:-}" ;;
    reporting) echo "${GOVMETRICS_REPORTING_ARGS:-}" ;;
    workspace) echo "${GOVMETRICS_WORKSPACE_ARGS:-}" ;;
    gateway) echo "${GOVMETRICS_GATEWAY_ARGS:-}" ;;
  esac
}

binary_of() { echo "$BUILD_DIR/services/$1/govmetrics-$1"; }
pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$RUN_DIR/$1.log"; }
STUBS_DIR="$RUN_DIR/health_stubs"

# A pid is ours only while it is alive (a zombie is not) and still runs our binary: pid
# files outlive processes, and pids are reused.
is_ours() {
  local svc="$1" pid="$2" state cmdline
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/stat" ]] || return 1
  state="$(sed -e 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [[ "$state" != "Z" ]] || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"govmetrics-$svc"* ]]
}

# Prints the pid of a running instance of svc, or nothing.
running_pid() {
  local svc="$1" f pid
  f="$(pid_file "$svc")"
  [[ -f "$f" ]] || return 0
  pid="$(<"$f")"
  if is_ours "$svc" "$pid"; then echo "$pid"; fi
}

health() {  # health SVC [wait_for_health.py options...]
  local svc="$1"
  shift
  "$PYTHON" "$SCRIPT_DIR/wait_for_health.py" --stubs-dir "$STUBS_DIR" \
    --target "$HOST:$(admin_port "$svc")" --service "${HEALTH_NAME[$svc]}" "$@"
}

# SIGTERM to the given services, wait up to STOP_TIMEOUT for all of them, SIGKILL the rest.
# Returns 1 if any had to be killed.
stop_services() {
  local svc pid killed=0
  declare -A pids=()
  for svc in "$@"; do
    pid="$(running_pid "$svc")"
    if [[ -z "$pid" ]]; then
      [[ -f "$(pid_file "$svc")" ]] && echo "$svc: not running (stale pid file removed)"
      rm -f "$(pid_file "$svc")"
      continue
    fi
    kill -TERM "$pid" 2>/dev/null || true
    pids[$svc]="$pid"
    echo "$svc: SIGTERM sent to pid $pid"
  done
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while :; do
    local alive=0
    for svc in "${!pids[@]}"; do
      is_ours "$svc" "${pids[$svc]}" && alive=1
    done
    [[ $alive -eq 0 || $SECONDS -ge $deadline ]] && break
    sleep 0.2
  done
  for svc in "$@"; do
    [[ -n "${pids[$svc]:-}" ]] || continue
    pid="${pids[$svc]}"
    if is_ours "$svc" "$pid"; then
      echo "$svc: pid $pid still running ${STOP_TIMEOUT}s after SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      killed=1
    else
      echo "$svc: stopped (pid $pid)"
    fi
    rm -f "$(pid_file "$svc")"
  done
  return $killed
}

start_one() {
  local svc="$1" bin pid log metrics extra
  bin="$(binary_of "$svc")"
  log="$(log_file "$svc")"
  pid="$(running_pid "$svc")"
  if [[ -n "$pid" ]]; then
    echo "$svc: already running (pid $pid)"
    return 0
  fi
  if [[ ! -x "$bin" ]]; then
    echo "govmetrics-local: $bin is missing or not executable (build it, or pass --build-dir)" >&2
    return 1
  fi
  local args=(
    "--listen=$HOST:$(api_port "$svc")"
    "--admin_listen=$HOST:$(admin_port "$svc")"
  )
  metrics="$(metrics_port "$svc")"
  [[ -n "$metrics" ]] && args+=("--metrics_listen=$HOST:$metrics")
  if [[ "$svc" == reporting ]]; then
    args+=("--index_target=$HOST:$(api_port index)" "--modeling_target=$HOST:$(api_port modeling)")
  fi
  if [[ "$svc" == index || "$svc" == modeling || "$svc" == reporting ]]; then
    # Compute by reference: requests naming a stored dataset are read from the workspace
    # (connected lazily, so it may start after them).
    args+=("--workspace_address=$HOST:$(api_port workspace)")
  fi
  if [[ "$svc" == workspace ]]; then
    args+=("--reporting_target=$HOST:$(api_port reporting)" "--data_dir=$RUN_DIR/workspace-data")
  fi
  if [[ "$svc" == gateway ]]; then
    args+=("--backends=index=$HOST:$(api_port index),modeling=$HOST:$(api_port modeling),reporting=$HOST:$(api_port reporting),workspace=$HOST:$(api_port workspace),google.longrunning.Operations=$HOST:$(api_port workspace)")
  fi
  # Deliberate word splitting: these variables hold flag lists.
  # shellcheck disable=SC2206,SC2207
  extra=(${GOVMETRICS_EXTRA_ARGS:-} $(service_args_var "$svc"))
  args+=("${extra[@]}")

  echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) starting: $bin ${args[*]}" >>"$log"
  nohup "$bin" "${args[@]}" </dev/null >>"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$(pid_file "$svc")"
  STARTED+=("$svc")

  local rc=0
  health "$svc" --timeout "$START_TIMEOUT" --pid "$pid" --quiet || rc=$?
  if [[ $rc -ne 0 ]]; then
    case $rc in
      3) echo "govmetrics-local: $svc (pid $pid) exited during startup" >&2 ;;
      2) echo "govmetrics-local: cannot probe health (see the message above)" >&2 ;;
      *) echo "govmetrics-local: $svc (pid $pid) not SERVING on $HOST:$(admin_port "$svc") after ${START_TIMEOUT}s" >&2 ;;
    esac
    echo "--- last lines of $log:" >&2
    tail -n 20 "$log" >&2 || true
    return 1
  fi
  printf '%-10s pid %-7s api %s  admin %s  log %s\n' "$svc" "$pid" \
    "$HOST:$(api_port "$svc")" "$HOST:$(admin_port "$svc")" "$log"
}

cmd_start() {
  mkdir -p "$RUN_DIR"
  [[ -x "$PYTHON" ]] || die "$PYTHON not found (needs Debian python3 with python3-grpcio)"
  STARTED=()
  local svc
  for svc in "${SERVICES[@]}"; do
    if ! start_one "$svc"; then
      if [[ ${#STARTED[@]} -gt 0 ]]; then
        echo "govmetrics-local: start failed; stopping what this run started" >&2
        # Reverse order: callers (workspace, reporting) before the services they call.
        local rev=() i
        for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do rev+=("${STARTED[$i]}"); done
        stop_services "${rev[@]}" >&2 || true
      fi
      return 1
    fi
  done
  echo "govmetrics: all services SERVING (run dir $RUN_DIR)"
}

cmd_stop() {
  [[ -d "$RUN_DIR" ]] || { echo "nothing to stop (no $RUN_DIR)"; return 0; }
  if stop_services gateway workspace reporting modeling index; then
    echo "govmetrics: stopped"
  else
    echo "govmetrics: stopped, but some services had to be killed (see their logs in $RUN_DIR)" >&2
    return 1
  fi
}

cmd_status() {
  local svc pid status all_ok=0
  for svc in "${SERVICES[@]}"; do
    pid="$(running_pid "$svc")"
    if [[ -z "$pid" ]]; then
      printf '%-10s stopped\n' "$svc"
      all_ok=3
      continue
    fi
    status="$(health "$svc" --once 2>/dev/null)" || all_ok=3
    printf '%-10s running pid %-7s api %s  admin %s  health %s\n' "$svc" "$pid" \
      "$HOST:$(api_port "$svc")" "$HOST:$(admin_port "$svc")" "${status:-UNKNOWN}"
  done
  return $all_ok
}

case "$COMMAND" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop || true; cmd_start ;;
  -h|--help|help) usage ;;
  *) die "unknown command '$COMMAND' (start, stop, status, restart)" ;;
esac
