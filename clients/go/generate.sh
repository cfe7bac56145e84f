#!/usr/bin/env bash
# Generates the Go message and gRPC code of the govmetrics contracts into clients/go/gen
# (module github.com/govmetrics/govmetrics/gen/go, the path the protos' go_package options
# name): gen/govmetrics/<area>/v1/*.pb.go. Not committed; run after a checkout or a contract
# change (`go generate ./...` runs it too). google.rpc types come from Debian's genproto
# (errdetails), not from proto/google.
#   clients/go/generate.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODULE=github.com/govmetrics/govmetrics/gen/go
rm -rf "$HERE/gen/govmetrics"
cd "$ROOT/proto"
mapfile -t protos < <(find govmetrics -name '*.proto' | sort)
protoc -I . --go_out="$HERE/gen" --go_opt=module="$MODULE" \
  --go-grpc_out="$HERE/gen" --go-grpc_opt=module="$MODULE" "${protos[@]}"
