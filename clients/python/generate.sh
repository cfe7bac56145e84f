#!/usr/bin/env bash
# Assembles the govmetrics_client package with its generated code into OUT_DIR without
# installing it (the CMake build does this for the repository's own Python tests, which
# run with PYTHONPATH=OUT_DIR); users install the package instead (docs/clients.md).
#   clients/python/generate.sh OUT_DIR
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:?usage: generate.sh OUT_DIR}"
mkdir -p "$OUT"
rm -rf "$OUT/govmetrics_client"
cp -r "$HERE/govmetrics_client" "$OUT/govmetrics_client"
rm -rf "$OUT/govmetrics_client/proto" "$OUT/govmetrics_client/__pycache__"
/usr/bin/python3 - "$HERE" "$OUT" <<'PY'
import pathlib, sys
sys.path.insert(0, str(pathlib.Path(sys.argv[1]) / "build_support"))
import codegen
codegen.generate(pathlib.Path(sys.argv[1]).parent.parent / "proto", pathlib.Path(sys.argv[2]) / "govmetrics_client")
PY
