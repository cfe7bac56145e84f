#!/usr/bin/env bash
# Throwaway PKI for the client end-to-end tests (mTLS + bearer tokens):
#   tests/clients/make_test_certs.sh DIR
# writes DIR/ca.crt, DIR/server.{crt,key} (for 127.0.0.1 and localhost), DIR/client.{crt,key}
# (PKCS#8 keys, which every client here reads, Java's netty included) and DIR/tokens
# (one agency token for --auth_tokens_file; the token is DIR/token).
set -euo pipefail
DIR="${1:?usage: make_test_certs.sh DIR}"
mkdir -p "$DIR"
cd "$DIR"
quiet() { "$@" >/dev/null 2>&1 || { echo "make_test_certs: $* failed" >&2; exit 1; }; }
quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 \
  -subj "/CN=govmetrics test CA"
for who in server client; do
  quiet openssl req -newkey rsa:2048 -nodes -keyout "$who.key" -out "$who.csr" -subj "/CN=govmetrics-$who"
done
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
printf 'extendedKeyUsage=clientAuth\n' > client.ext
for who in server client; do
  quiet openssl x509 -req -in "$who.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
    -out "$who.crt" -days 2 -extfile "$who.ext"
done
token="test-token-$(openssl rand -hex 16)"
printf '%s\n' "$token" > token
printf '# agency token\ntest-agency %s\n' "$token" > tokens
