#!/usr/bin/env bash
# End to end for the Go client: generates Go code from proto/ into a GOPATH tree under
# BUILD_DIR (not committed), builds the examples and runs clients/go/e2e (go test) against
# the real govmetrics-index and govmetrics-modeling binaries. GOPATH mode, offline, against
# Debian's /usr/share/gocode.
#   tests/clients/go_e2e.sh BUILD_DIR
# SKIPs (exit 0) only when the Go toolchain or protoc plugins are absent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(cd "${1:?usage: go_e2e.sh BUILD_DIR}" && pwd)"

for tool in go protoc protoc-gen-go protoc-gen-go-grpc; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool not installed (scripts/setup.sh installs golang-go protoc-gen-go protoc-gen-go-grpc)"
    exit 0
  fi
done
for dir in google.golang.org/grpc google.golang.org/protobuf google.golang.org/genproto/googleapis/rpc/errdetails; do
  if [[ ! -d "/usr/share/gocode/src/$dir" ]]; then
    echo "SKIPPED: /usr/share/gocode/src/$dir missing (Debian golang-google-grpc-dev etc.)"
    exit 0
  fi
done
for bin in index modeling; do
  [[ -x "$BUILD/services/$bin/govmetrics-$bin" ]] || { echo "FAIL: $BUILD/services/$bin/govmetrics-$bin not built" >&2; exit 1; }
done

WORK="$BUILD/clients/go"
mkdir -p "$WORK"
"$ROOT/clients/go/generate.sh" "$WORK/gopath"
export GO111MODULE=off GOFLAGS= GOPATH="$WORK/gopath:/usr/share/gocode" GOCACHE="$WORK/cache"
export GOVMETRICS_BUILD_DIR="$BUILD" GOVMETRICS_SOURCE_DIR="$ROOT"
cd "$WORK/gopath/src/github.com/govmetrics/govmetrics/clients/go"
go vet ./...
go build -o "$WORK/bin/" ./examples/...
go test -count=1 -v ./e2e
