#!/usr/bin/env bash
# Run by Maven (generate-sources): generates the Java message and stub classes of every
# contract into TARGET/generated-sources/protobuf, the contracts' descriptor set into
# TARGET/classes/META-INF/govmetrics/descriptors.pb (the client reads its services and
# methods from it), and bundles Debian's netty-tcnative JNI library as
# TARGET/classes/META-INF/native/libnetty_tcnative_<os>_<arch>.so.
#   clients/java/generate.sh PROTO_DIR TARGET
#
# Why the library: gRPC needs ALPN during the TLS handshake. Debian's libnetty-java
# (4.1.48) is built without netty's JDK ALPN classes (JdkAlpnApplicationProtocolNegotiator
# and friends), so the JDK SSL provider fails with "JDK provider does not support ALPN
# protocol"; netty's OpenSSL provider (netty-tcnative) has ALPN, but Debian installs its JNI
# library as libnetty-tcnative.so, a name netty 4.1.48 never tries (and the library checks
# its own file name when loaded, so a symlink does not do). A copy under the name netty
# looks for in its class path resources (META-INF/native/) is found and loaded.
set -euo pipefail
PROTO_DIR="$(cd "${1:?usage: generate.sh PROTO_DIR TARGET}" && pwd)"
TARGET="${2:?usage: generate.sh PROTO_DIR TARGET}"
mkdir -p "$TARGET/generated-sources/protobuf" "$TARGET/classes/META-INF/govmetrics" "$TARGET/classes/META-INF/native"
(cd "$PROTO_DIR" && mapfile -t protos < <(find govmetrics google -name '*.proto' | sort) &&
  protoc -I . --java_out="$TARGET/generated-sources/protobuf" \
    --plugin=protoc-gen-grpc-java=/usr/bin/grpc_java_plugin --grpc-java_out="$TARGET/generated-sources/protobuf" \
    --include_imports --descriptor_set_out="$TARGET/classes/META-INF/govmetrics/descriptors.pb" "${protos[@]}")

arch="$(uname -m)"
case "$arch" in
  x86_64) netty_arch=x86_64 ;;
  aarch64) netty_arch=aarch_64 ;;
  *) netty_arch="$arch" ;;
esac
tcnative="/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo "$arch-linux-gnu")/jni/libnetty-tcnative.so"
if [[ -f "$tcnative" ]]; then
  cp "$tcnative" "$TARGET/classes/META-INF/native/libnetty_tcnative_linux_${netty_arch}.so"
else
  echo "generate.sh: WARNING: $tcnative missing (apt-get install libnetty-tcnative-jni): TLS channels will fail" >&2
fi
