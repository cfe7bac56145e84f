#!/usr/bin/env bash
# Generates the Go message and gRPC code for the govmetrics contracts into a GOPATH tree:
#   clients/go/generate.sh GOPATH_DIR
# writes GOPATH_DIR/src/github.com/govmetrics/govmetrics/gen/go/govmetrics/<area>/v1 (from
# the go_package options) and copies this client to .../govmetrics/clients/go, so that
#   GO111MODULE=off GOPATH=GOPATH_DIR:/usr/share/gocode go build ...
# builds offline against Debian's golang-google-grpc-dev and golang-google-protobuf-dev.
# google.rpc types come from Debian's genproto (errdetails), not from proto/google.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
GOPATH_DIR="${1:?usage: generate.sh GOPATH_DIR}"
mkdir -p "$GOPATH_DIR/src"
GOPATH_DIR="$(cd "$GOPATH_DIR" && pwd)"
MODULE="$GOPATH_DIR/src/github.com/govmetrics/govmetrics"
rm -rf "$MODULE/gen/go" "$MODULE/clients/go"
mkdir -p "$MODULE/clients"
cd "$ROOT/proto"
mapfile -t protos < <(find govmetrics -name '*.proto' | sort)
protoc -I . --go_out="$GOPATH_DIR/src" --go-grpc_out="$GOPATH_DIR/src" "${protos[@]}"
cp -r "$ROOT/clients/go" "$MODULE/clients/go"
rm -f "$MODULE/clients/go/generate.sh"
