#!/usr/bin/env bash
# Runs every test: installs what is needed (apt-get), builds, runs ctest.
#   scripts/test.sh              all tests
#   scripts/test.sh -L unit      only one label (unit, service, e2e, reference, deploy, contracts)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
cd "${BUILD_DIR:-$ROOT/build}"
ctest --output-on-failure -j2 --timeout 600 "$@"
