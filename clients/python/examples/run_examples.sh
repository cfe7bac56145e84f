#!/usr/bin/env bash
# Runs every Python example against the real services (tests/clients/with_services.sh),
# with the given interpreter (the venv the client is installed in), from the repository
# root as the examples' default paths expect.
#   clients/python/examples/run_examples.sh PYTHON BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
PYTHON="${1:?usage: run_examples.sh PYTHON BUILD_DIR}"
BUILD="${2:?usage: run_examples.sh PYTHON BUILD_DIR}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
cd "$ROOT"
EX=clients/python/examples
"$ROOT/tests/clients/with_services.sh" "$BUILD" bash -euo pipefail -c "
  '$PYTHON' $EX/compute_index.py | tee '$OUT/index.txt'
  '$PYTHON' $EX/fit_panel_model.py | tee '$OUT/fit.txt'
  '$PYTHON' $EX/mediation.py | tee '$OUT/mediation.txt'
  '$PYTHON' $EX/moderation.py | tee '$OUT/moderation.txt'
  '$PYTHON' $EX/iv_diagnostics.py | tee '$OUT/iv.txt'
  '$PYTHON' $EX/tobit.py | tee '$OUT/tobit.txt'
  '$PYTHON' $EX/study_with_progress.py data/demo/study_spec_en.json data/demo/study_panel.csv '$OUT/study' 49 | tee '$OUT/study.txt'
  '$PYTHON' $EX/workspace_study.py data/demo/study_panel.csv data/demo/study_spec_en.json 49 | tee '$OUT/workspace.txt'
"
# What each example must have printed (its numbers are checked by the client tests).
grep -q 'broadband_ports .*weight=0\.' "$OUT/index.txt"
grep -q '^lpc  *0\.2920' "$OUT/fit.txt"
grep -q '^mediator lpc: a = ' "$OUT/mediation.txt"
"$ROOT"/tests/clients/check_model_examples.sh "$OUT" python
grep -q '\] render:' "$OUT/study.txt"
test -s "$OUT/study/report.html"
grep -q 'the study read the uploaded dataset: True' "$OUT/workspace.txt"
echo "python examples: ok"
