#!/usr/bin/env bash
# The main job, end to end on this machine:
#   1. install what is needed (apt-get) and build;
#   2. start govmetrics-index, govmetrics-modeling, govmetrics-reporting,
#      govmetrics-workspace and the HTTP/JSON gateway (govmetrics-gateway,
#      http://127.0.0.1:8080) on loopback and wait until each reports SERVING;
#   3. score the demo panel's digital-empowerment index with the CLI (weights table +
#      out/digital_empowerment_scores.csv);
#   4. run the whole demo study (both entropy indices, baseline two-way FE, six robustness
#      checks, mediation through three mediators with 1000 entity-block bootstrap draws,
#      East/Central/West comparison with 1000 permutations) through ReportingService and
#      write out/report.html, report.md, report.tex (+ figures/), report.json,
#      report.docx, report.pdf, tables.xlsx and out/tables/*.csv
#      (and the Chinese report under out/zh/);
#   5. upload the demo panel once to govmetrics-workspace (SQLite under out/local) and run
#      the English study again as a long-running operation on the stored dataset
#      (`govmetrics study --dataset ... --async`, then `govmetrics operations wait`),
#      writing out/workspace/, and fit the baseline regression by reference
#      (`govmetrics fit --dataset ...`: the modeling service reads the columns it needs
#      from the workspace with the caller's token);
#   6. call the index once more over HTTP/JSON through the gateway (what curl, R or Stata
#      users do), print the workbench and API URLs, and stop the services
#      (DEMO_KEEP_RUNNING=1 keeps them up until Ctrl-C, to use the workbench at
#      http://127.0.0.1:8080/workbench/).
# The demo data are SYNTHETIC (docs/data.md). Options: DEMO_LANGUAGES="en zh" (default).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
OUT="${OUT:-$ROOT/out}"
export GOVMETRICS_BUILD_DIR="$BUILD_DIR" GOVMETRICS_RUN_DIR="$OUT/local"
# The demo needs no Prometheus endpoints; keep it to the API and health ports.
export GOVMETRICS_INDEX_METRICS_PORT="" GOVMETRICS_MODELING_METRICS_PORT="" GOVMETRICS_REPORTING_METRICS_PORT=""
export GOVMETRICS_GATEWAY_METRICS_PORT="" GOVMETRICS_WORKSPACE_METRICS_PORT=""

# Something already listening on 127.0.0.1:PORT?
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The launcher's default ports (API 50051-50054 and 8080, health 50061-50065), or, when one of
# them is taken (another instance, another program) and the caller chose no ports, the same
# ports shifted by the first multiple of 1000 that leaves all ten free.
choose_ports() {
  local names=(INDEX MODELING REPORTING WORKSPACE GATEWAY)
  local api=(50051 50052 50053 50054 8080) admin=(50061 50062 50063 50064 50065)
  local name offset i busy
  for name in "${names[@]}"; do
    local var="GOVMETRICS_${name}_PORT"
    [[ -z "${!var:-}" ]] || return 0
  done
  for offset in 0 1000 2000 3000 4000 5000 6000 7000 8000 9000; do
    busy=0
    for i in 0 1 2 3 4; do
      if port_busy $((api[i] + offset)) || port_busy $((admin[i] + offset)); then busy=1; break; fi
    done
    if [[ "$busy" == 0 ]]; then
      for i in 0 1 2 3 4; do
        export "GOVMETRICS_${names[i]}_PORT=$((api[i] + offset))"
        export "GOVMETRICS_${names[i]}_ADMIN_PORT=$((admin[i] + offset))"
      done
      [[ "$offset" == 0 ]] || echo "Default ports in use: the demo's services listen on ports +$offset."
      return 0
    fi
  done
  echo "demo.sh: ports 50051-50065/8080 and their shifts by 1000..9000 are all in use;" \
       "set GOVMETRICS_{INDEX,MODELING,REPORTING,WORKSPACE,GATEWAY}_PORT (and _ADMIN_PORT)" >&2
  exit 1
}
choose_ports
INDEX_TARGET="127.0.0.1:${GOVMETRICS_INDEX_PORT:-50051}"
MODELING_TARGET="127.0.0.1:${GOVMETRICS_MODELING_PORT:-50052}"
REPORTING_TARGET="127.0.0.1:${GOVMETRICS_REPORTING_PORT:-50053}"
WORKSPACE_TARGET="127.0.0.1:${GOVMETRICS_WORKSPACE_PORT:-50054}"
GATEWAY_URL="http://127.0.0.1:${GOVMETRICS_GATEWAY_PORT:-8080}"

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
  --hierarchy summed-divergence --target "$INDEX_TARGET" --out "$OUT/digital_empowerment_scores.csv"

for lang in ${DEMO_LANGUAGES:-en zh}; do
  dir="$OUT"
  [[ "$lang" == "en" ]] || dir="$OUT/$lang"
  echo
  echo "== Demo study ($lang) =="
  # The English report also as PDF (xelatex on the reporting service, ~10 s): one compile.
  formats=()
  [[ "$lang" == "en" ]] && formats=(--format html,md,tex,csv,json,xlsx,docx,pdf)
  "$CLI" study --spec "$ROOT/data/demo/study_spec_$lang.json" --data "$ROOT/data/demo/study_panel.csv" \
    --entity entity --period year --target "$REPORTING_TARGET" --out "$dir" "${formats[@]}"
done

echo
echo "== Over HTTP/JSON through the gateway ($GATEWAY_URL) =="
# A four-row panel inline; every RPC is reachable this way (docs/api.md, /openapi.json).
/usr/bin/python3 - "$GATEWAY_URL" <<'PY'
import json, sys, urllib.request
body = {"panel": {"entity": ["A", "A", "B", "B"], "period": [2020, 2021, 2020, 2021],
                  "columns": [{"name": "ports", "values": [1, 2, 3, 5]},
                              {"name": "pm25", "values": [40, 35, 60, 30]}]},
        "indicators": [{"column": "ports", "direction": "DIRECTION_POSITIVE"},
                       {"column": "pm25", "direction": "DIRECTION_NEGATIVE"}]}
request = urllib.request.Request(sys.argv[1] + "/v1/index:compute", json.dumps(body).encode(),
                                 {"Content-Type": "application/json"})
reply = json.load(urllib.request.urlopen(request, timeout=60))
print("POST /v1/index:compute ->", {w["column"]: round(w["weight"], 4) for w in reply["weights"]},
      "scores", [round(x, 4) for x in reply["scores"]])
PY
echo
echo "== The demo panel stored in the workspace, the study run as an operation =="
UPLOADED="$("$CLI" dataset upload --data "$ROOT/data/demo/study_panel.csv" --entity entity \
  --period year --display-name "demo panel (synthetic)" --target "$WORKSPACE_TARGET")"
echo "$UPLOADED"
DATASET="${UPLOADED%%$'\n'*}"  # the first line names the dataset
OPERATION="$("$CLI" study --dataset "$DATASET" --spec "$ROOT/data/demo/study_spec_en.json" --async \
  --workspace "$WORKSPACE_TARGET")"
echo "$OPERATION started; waiting (govmetrics operations get $OPERATION shows its progress)"
"$CLI" operations wait "$OPERATION" --out "$OUT/workspace" --target "$WORKSPACE_TARGET"
echo
echo "== A fit by reference: the modeling service reads $DATASET from the workspace =="
"$CLI" fit --dataset "$DATASET" --y egov_service_quality \
  --x digital_infrastructure,ln_gdp_per_capita,openness,urbanization --target "$MODELING_TARGET"
echo
echo "Open $OUT/report.html in a browser (Chinese: $OUT/zh/report.html)."
echo "Browser workbench: $GATEWAY_URL/workbench/ (upload a CSV, build an index, run a study; English/中文)"
echo "HTTP/JSON API: $GATEWAY_URL (browsable: $GATEWAY_URL/api/, OpenAPI document: $GATEWAY_URL/openapi.json)"
if [[ "${DEMO_KEEP_RUNNING:-0}" == 1 ]]; then
  echo "Services keep running; Ctrl-C stops them."
  while sleep 3600; do :; done
fi
