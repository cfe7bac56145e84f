#!/usr/bin/env bash
# End to end for the Go client: generates the code from proto/ (clients/go/generate.sh), vets
# the module and runs clients/go/e2e (go test) against the real binaries of BUILD_DIR, builds
# a fresh consumer module that uses the client the way docs/clients.md says
# (clients/go/add_to_module.sh), and runs every example. Module mode, offline
# (GOFLAGS=-mod=mod GOPROXY=off), against Debian's /usr/share/gocode.
#   tests/clients/go_e2e.sh BUILD_DIR
# SKIPs (exit 0) only when the Go toolchain, the protoc plugins or Debian's Go packages are absent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(cd "${1:?usage: go_e2e.sh BUILD_DIR}" && pwd)"

for tool in go protoc protoc-gen-go protoc-gen-go-grpc; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool not installed (scripts/setup.sh installs golang-go protoc-gen-go protoc-gen-go-grpc)"; exit 0
  fi
done
for dir in google.golang.org/grpc google.golang.org/protobuf google.golang.org/genproto/googleapis/rpc/errdetails; do
  if [[ ! -d "/usr/share/gocode/src/$dir" ]]; then
    echo "SKIPPED: /usr/share/gocode/src/$dir missing (Debian golang-google-grpc-dev etc.)"; exit 0
  fi
done
for bin in index modeling reporting workspace; do
  [[ -x "$BUILD/services/$bin/govmetrics-$bin" ]] || { echo "FAIL: $BUILD/services/$bin/govmetrics-$bin not built" >&2; exit 1; }
done

WORK="$BUILD/clients/go"
mkdir -p "$WORK"
export GO111MODULE=on GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOCACHE="$WORK/cache" GOPATH="$WORK/gopath"
export GOVMETRICS_BUILD_DIR="$BUILD" GOVMETRICS_SOURCE_DIR="$ROOT"
SRC="$ROOT/clients/go"
"$SRC/generate.sh"
cd "$SRC"
go vet ./...
go test -count=1 -v ./e2e

# A user's module: go mod init, add the client as the docs say, build against it.
rm -rf "$WORK/consumer" && mkdir -p "$WORK/consumer" && cd "$WORK/consumer"
go mod init example.gov/agency >/dev/null 2>&1
cp -r "$SRC/examples" .
"$SRC/add_to_module.sh" .
go build -o "$WORK/bin/" ./examples/...
cd "$ROOT"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
B="$WORK/bin"
"$ROOT/tests/clients/with_services.sh" "$BUILD" bash -euo pipefail -c "
  '$B/compute_index' | tee '$OUT/index.txt'
  '$B/fit_panel_model' | tee '$OUT/fit.txt'
  '$B/mediation' | tee '$OUT/mediation.txt'
  '$B/moderation' | tee '$OUT/moderation.txt'
  '$B/iv_diagnostics' | tee '$OUT/iv.txt'
  '$B/tobit' | tee '$OUT/tobit.txt'
  '$B/study_with_progress' data/demo/study_spec_en.json data/demo/study_panel.csv '$OUT/study' 49 | tee '$OUT/study.txt'
  '$B/workspace_study' data/demo/study_panel.csv data/demo/study_spec_en.json 49 | tee '$OUT/workspace.txt'
"
grep -q 'broadband_ports .*weight=0\.' "$OUT/index.txt"
grep -q '^lpc  *0\.2920' "$OUT/fit.txt"
grep -q '^mediator lpc: a = ' "$OUT/mediation.txt"
"$ROOT"/tests/clients/check_model_examples.sh "$OUT" go
grep -q '\] render:' "$OUT/study.txt"
test -s "$OUT/study/report.html"
grep -q 'the study read the uploaded dataset: true' "$OUT/workspace.txt"
echo "go examples: ok"
