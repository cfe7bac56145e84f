#!/usr/bin/env bash
# Makes the Go module in MODULE_DIR use this client offline: requires
# github.com/govmetrics/govmetrics/clients/go (and the generated gen/go module) and copies
# this module's replace directives (Debian's /usr/share/gocode and the graph-only stubs,
# with absolute paths), since Go applies replace directives of the main module only.
#   clients/go/add_to_module.sh MODULE_DIR
# Then build there with GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off (docs/clients.md).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE_DIR="$(cd "${1:?usage: add_to_module.sh MODULE_DIR}" && pwd)"
[[ -f "$MODULE_DIR/go.mod" ]] || { echo "no go.mod in $MODULE_DIR (go mod init first)" >&2; exit 1; }
edits=(-require=github.com/govmetrics/govmetrics/clients/go@v0.0.0
       -replace=github.com/govmetrics/govmetrics/clients/go="$HERE")
while read -r path version; do
  edits+=(-require="$path@$version")
done < <(cd "$HERE" && GOFLAGS=-mod=mod GOPROXY=off go list -m -f '{{if not .Main}}{{if not .Indirect}}{{.Path}} {{.Version}}{{end}}{{end}}' all)
while read -r path target; do
  [[ "$target" == ./* ]] && target="$HERE/${target#./}"
  edits+=(-replace="$path=$target")
done < <(cd "$HERE" && GOFLAGS=-mod=mod GOPROXY=off go list -m -f '{{if .Replace}}{{.Path}} {{.Replace.Path}}{{end}}' all)
(cd "$MODULE_DIR" && go mod edit "${edits[@]}")
echo "add_to_module: $MODULE_DIR now uses $HERE"
