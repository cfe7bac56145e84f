#!/usr/bin/env bash
# End to end for the Java client, built the way docs/clients.md tells a user to: Maven,
# offline, against Debian's repository (mvn -o -Dmaven.repo.local=/usr/share/maven-repo
# package; output under BUILD_DIR). Then io.govmetrics.client.EndToEnd (every RPC, errors,
# deadline, retry, streaming, mutual TLS + token, the shared CSV fixture) against the real
# binaries of BUILD_DIR, and every example.
#   tests/clients/java_e2e.sh BUILD_DIR
# SKIPs (exit 0) only when the JDK, Maven or the grpc-java plugin are absent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(cd "${1:?usage: java_e2e.sh BUILD_DIR}" && pwd)"

for tool in java javac mvn protoc; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool not installed (scripts/setup.sh installs default-jdk-headless maven)"; exit 0
  fi
done
if [[ ! -x /usr/bin/grpc_java_plugin ]]; then
  echo "SKIPPED: /usr/bin/grpc_java_plugin missing (protobuf-compiler-grpc-java-plugin)"; exit 0
fi
for bin in index modeling reporting workspace; do
  [[ -x "$BUILD/services/$bin/govmetrics-$bin" ]] || { echo "FAIL: $BUILD/services/$bin/govmetrics-$bin not built" >&2; exit 1; }
done

TARGET="$BUILD/clients/java/target"
mvn -o -q -f "$ROOT/clients/java/pom.xml" -Dmaven.repo.local=/usr/share/maven-repo \
  -Dgovmetrics.build.dir="$TARGET" package
CP="$TARGET/govmetrics-client-0.2.0.jar:$TARGET/test-classes:$(cat "$TARGET/classpath.txt")"
java -cp "$CP" io.govmetrics.client.EndToEnd "$BUILD" "$ROOT"

cd "$ROOT"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$ROOT/tests/clients/with_services.sh" "$BUILD" bash -euo pipefail -c "
  java -cp '$CP' io.govmetrics.examples.ComputeIndex | tee '$OUT/index.txt'
  java -cp '$CP' io.govmetrics.examples.FitPanelModel | tee '$OUT/fit.txt'
  java -cp '$CP' io.govmetrics.examples.Mediation | tee '$OUT/mediation.txt'
  java -cp '$CP' io.govmetrics.examples.Moderation | tee '$OUT/moderation.txt'
  java -cp '$CP' io.govmetrics.examples.InstrumentalVariables | tee '$OUT/iv.txt'
  java -cp '$CP' io.govmetrics.examples.Tobit | tee '$OUT/tobit.txt'
  java -cp '$CP' io.govmetrics.examples.StudyWithProgress data/demo/study_spec_en.json data/demo/study_panel.csv '$OUT/study' 49 | tee '$OUT/study.txt'
  java -cp '$CP' io.govmetrics.examples.WorkspaceStudy data/demo/study_panel.csv data/demo/study_spec_en.json 49 | tee '$OUT/workspace.txt'
"
grep -q 'broadband_ports .*weight=0\.' "$OUT/index.txt"
grep -q '^lpc  *0\.2920' "$OUT/fit.txt"
grep -q '^mediator lpc: a = ' "$OUT/mediation.txt"
"$ROOT"/tests/clients/check_model_examples.sh "$OUT" java
grep -q '\] render:' "$OUT/study.txt"
test -s "$OUT/study/report.html"
grep -q 'the study read the uploaded dataset: true' "$OUT/workspace.txt"
echo "java examples: ok"
