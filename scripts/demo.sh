#!/usr/bin/env bash
# The main job, end to end on this machine:
#   1. install what is needed (apt-get) and build;
#   2. start govmetrics-index, govmetrics-modeling and govmetrics-reporting on loopback
#      and wait until each reports SERVING;
#   3. score the demo panel's digital-empowerment index with the CLI (weights table +
#      out/digital_empowerment_scores.csv);
#   4. run the whole demo study (both entropy indices, baseline two-way FE, six robustness
#      checks, mediation through three mediators with 1000 entity-block bootstrap draws,
#      East/Central/West comparison with 1000 permutations) through ReportingService and
#      write out/report.html, report.md, report.tex, report.json and out/tables/*.csv
#      (and the Chinese report under out/zh/);
#   5. print the headline results and stop the services.
# The demo data are SYNTHETIC (docs/data.md). Options: DEMO_LANGUAGES="en zh" (default).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
OUT="${OUT:-$ROOT/out}"
export GOVMETRICS_BUILD_DIR="$BUILD_DIR" GOVMETRICS_RUN_DIR="$OUT/local"
# The demo needs no Prometheus endpoints; keep it to the API and health ports.
export GOVMETRICS_INDEX_METRICS_PORT="" GOVMETRICS_MODELING_METRICS_PORT="" GOVMETRICS_REPORTING_METRICS_PORT=""

"$ROOT/scripts/setup.sh"
BUILD_DIR="$BUILD_DIR" "$ROOT/scripts/build.sh"
CLI="$BUILD_DIR/clients/cli/govmetrics"
LOCAL="$ROOT/deploy/local/govmetrics-local.sh"

cleanup() { "$LOCAL" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$LOCAL" start
mkdir -p "$OUT"

echo
echo "== Digital empowerment index (entropy weights, pooled 2015-2021) =="
"$CLI" index --data "$ROOT/data/demo/study_panel.csv" --entity entity --period year \
  --positive broadband_ports,mobile_penetration,software_revenue,digital_patents,info_service_employment,internet_enterprises,open_data_platforms,internet_penetration,ecommerce_volume,digital_finance_index \
  --dimension 'technology=broadband_ports,mobile_penetration,software_revenue,digital_patents;organisation=info_service_employment,internet_enterprises,open_data_platforms;environment=internet_penetration,ecommerce_volume,digital_finance_index' \
  --hierarchy summed-divergence --target 127.0.0.1:50051 --out "$OUT/digital_empowerment_scores.csv"

for lang in ${DEMO_LANGUAGES:-en zh}; do
  dir="$OUT"
  [[ "$lang" == "en" ]] || dir="$OUT/$lang"
  echo
  echo "== Demo study ($lang) =="
  "$CLI" study --spec "$ROOT/data/demo/study_spec_$lang.json" --data "$ROOT/data/demo/study_panel.csv" \
    --entity entity --period year --target 127.0.0.1:50053 --out "$dir"
done
echo
echo "Open $OUT/report.html in a browser (Chinese: $OUT/zh/report.html)."
