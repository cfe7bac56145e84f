#!/usr/bin/env bash
# What the moderation, IV and Tobit examples of every client language must print, in the
# same format in each (clients/{python,node,go,java}/examples): OUT_DIR holds their output
# as moderation.txt, iv.txt and tobit.txt. The values come from the reference goldens.
#   tests/clients/check_model_examples.sh OUT_DIR LANGUAGE
set -euo pipefail
OUT="${1:?usage: check_model_examples.sh OUT_DIR LANGUAGE}"
LANGUAGE="${2:?usage: check_model_examples.sh OUT_DIR LANGUAGE}"
check() {  # FILE PATTERN
  grep -q -- "$2" "$OUT/$1" || { echo "FAIL: $LANGUAGE example $1 lacks: $2" >&2; exit 1; }
}
# R plm + sandwich (tests/reference/golden/moderation.json, produc_within_twoway_cluster_plm).
check moderation.txt '^lpcap:unemp  *-0\.000394 '
check moderation.txt '^slope of lpcap at unemp = mean (6\.602): -0\.0314 (SE 0\.0582'
check moderation.txt '^Johnson-Neyman: significant nowhere'
# tests/reference/panel/iv_diagnostics_reference.R (tests/reference/golden/iv_diagnostics.json).
check iv.txt '^weak identification: Cragg-Donald F = 203\.786, Kleibergen-Paap F = 109\.310'
# The numpy reference (tests/reference/golden/tobit_random_effects.json, empluk_left).
check tobit.txt '^lwage  *-0\.224329 '
check tobit.txt 'rho = 0\.9561'
check tobit.txt '^average effect of lwage on E\[y|x\] at u_i = 0: -0\.2003 (SE 0\.0461)'
echo "$LANGUAGE moderation, IV and Tobit examples: ok"
