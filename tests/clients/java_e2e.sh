#!/usr/bin/env bash
# End to end for the Java client: protoc + grpc-java plugin + javac against Debian's jars
# (clients/java/build.sh, output under BUILD_DIR), then io.govmetrics.client.EndToEnd against
# the real govmetrics-index and govmetrics-modeling binaries (netty transport).
#   tests/clients/java_e2e.sh BUILD_DIR
# SKIPs (exit 0) only when the JDK, the grpc-java plugin or the grpc-java jars are absent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(cd "${1:?usage: java_e2e.sh BUILD_DIR}" && pwd)"

for tool in java javac protoc; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool not installed (scripts/setup.sh installs default-jdk-headless)"
    exit 0
  fi
done
if [[ ! -x /usr/bin/grpc_java_plugin ]]; then
  echo "SKIPPED: /usr/bin/grpc_java_plugin missing (protobuf-compiler-grpc-java-plugin)"
  exit 0
fi
for jar in grpc-netty grpc-stub protobuf netty-codec-http2 perfmark-api; do
  if [[ ! -f "/usr/share/java/$jar.jar" ]]; then
    echo "SKIPPED: /usr/share/java/$jar.jar missing (libgrpc-java libnetty-java libperfmark-java ...)"
    exit 0
  fi
done
for bin in index modeling; do
  [[ -x "$BUILD/services/$bin/govmetrics-$bin" ]] || { echo "FAIL: $BUILD/services/$bin/govmetrics-$bin not built" >&2; exit 1; }
done

OUT="$BUILD/clients/java"
"$ROOT/clients/java/build.sh" "$OUT"
java -cp "$(cat "$OUT/classpath")" io.govmetrics.client.EndToEnd "$BUILD" "$ROOT"
