#!/usr/bin/env bash
# Builds the Java client, its examples and its end-to-end test with protoc + the grpc-java
# plugin + javac against Debian's jars in /usr/share/java (no Maven/Gradle, no network).
#   clients/java/build.sh OUT_DIR
# Writes OUT_DIR/gen (generated sources, not committed), OUT_DIR/classes and
# OUT_DIR/classpath (the runtime class path, for `java -cp "$(cat OUT_DIR/classpath)" ...`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:?usage: build.sh OUT_DIR}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
JARS=/usr/share/java
runtime=(grpc-api grpc-context grpc-core grpc-stub grpc-protobuf grpc-protobuf-lite grpc-netty
         protobuf guava perfmark-api
         netty-common netty-buffer netty-transport netty-resolver netty-codec netty-codec-http
         netty-codec-http2 netty-handler netty-codec-socks netty-handler-proxy)
cp_runtime=""
for jar in "${runtime[@]}"; do
  [[ -f "$JARS/$jar.jar" ]] || { echo "missing $JARS/$jar.jar" >&2; exit 1; }
  cp_runtime+="${cp_runtime:+:}$JARS/$jar.jar"
done
# javax.annotation.Generated, used by the grpc-java generated stubs: compile time only.
cp_compile="$cp_runtime:$JARS/geronimo-annotation-1.3-spec.jar"

rm -rf "$OUT/gen" "$OUT/classes"
mkdir -p "$OUT/gen" "$OUT/classes"
(cd "$ROOT/proto" && mapfile -t protos < <(find govmetrics google -name '*.proto' | sort) &&
  protoc -I . --java_out="$OUT/gen" --plugin=protoc-gen-grpc-java=/usr/bin/grpc_java_plugin \
    --grpc-java_out="$OUT/gen" "${protos[@]}")
find "$OUT/gen" "$ROOT/clients/java/src" "$ROOT/clients/java/examples" -name '*.java' > "$OUT/sources.txt"
javac -nowarn -encoding UTF-8 --release 11 -cp "$cp_compile" -d "$OUT/classes" @"$OUT/sources.txt"
echo "$OUT/classes:$cp_runtime" > "$OUT/classpath"
