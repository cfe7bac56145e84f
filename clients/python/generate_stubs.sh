#!/usr/bin/env bash
# Generates Python message and gRPC stubs for every govmetrics contract into OUT_DIR.
# (grpc.health.v1 is not generated: a `grpc` directory would clash with grpcio's own
# package; govmetrics_client.health_check speaks the two tiny health messages itself.)
#   clients/python/generate_stubs.sh OUT_DIR
# Uses Debian's protoc and grpc_python_plugin (python3-grpc-tools is too old).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:?usage: generate_stubs.sh OUT_DIR}"
mkdir -p "$OUT"
cd "$ROOT/proto"
mapfile -t protos < <(find govmetrics google -name '*.proto' | sort)
protoc -I . --python_out="$OUT" --grpc_python_out="$OUT" \
  --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin \
  "${protos[@]}"
# No __init__.py files: `google` must stay a namespace package shared with
# python3-protobuf's google.protobuf.
