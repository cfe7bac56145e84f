#!/usr/bin/env bash
# Runs every Node example against the real services (tests/clients/with_services.sh), from
# APP_DIR, a project where @govmetrics/client is installed (the examples are copied there so
# that `require('@govmetrics/client')` resolves to the installed package).
#   clients/node/examples/run_examples.sh APP_DIR BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
APP="$(cd "${1:?usage: run_examples.sh APP_DIR BUILD_DIR}" && pwd)"
BUILD="${2:?usage: run_examples.sh APP_DIR BUILD_DIR}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$APP/examples"
cp "$ROOT"/clients/node/examples/*.js "$ROOT"/clients/node/examples/*.mjs "$APP/examples/"
cd "$ROOT"
"$ROOT/tests/clients/with_services.sh" "$BUILD" bash -euo pipefail -c "
  node '$APP/examples/compute_index.js' | tee '$OUT/index.txt'
  node '$APP/examples/fit_panel_model.js' | tee '$OUT/fit.txt'
  node '$APP/examples/mediation.js' | tee '$OUT/mediation.txt'
  node '$APP/examples/moderation.js' | tee '$OUT/moderation.txt'
  node '$APP/examples/iv_diagnostics.js' | tee '$OUT/iv.txt'
  node '$APP/examples/tobit.js' | tee '$OUT/tobit.txt'
  node '$APP/examples/study_with_progress.mjs' data/demo/study_spec_en.json data/demo/study_panel.csv '$OUT/study' 49 | tee '$OUT/study.txt'
  node '$APP/examples/workspace_study.mjs' data/demo/study_panel.csv data/demo/study_spec_en.json 49 | tee '$OUT/workspace.txt'
"
grep -q 'broadband_ports .*weight=0\.' "$OUT/index.txt"
grep -q '^lpc  *0\.2920' "$OUT/fit.txt"
grep -q '^mediator lpc: a = ' "$OUT/mediation.txt"
"$ROOT"/tests/clients/check_model_examples.sh "$OUT" node
grep -q '\] render:' "$OUT/study.txt"
test -s "$OUT/study/report.html"
grep -q 'the study read the uploaded dataset: true' "$OUT/workspace.txt"
echo "node examples: ok"
