#!/usr/bin/env bash
# Checks that the runtime stage of the Dockerfile installs every shared library the given
# binaries load: `ldd` each binary, map every library to the Debian package that ships
# it (dpkg -S), and compare with the packages the runtime stage installs plus everything
# apt pulls in with them (apt-cache depends --recurse) plus what debian:12-slim already
# has. Run it on a local build (same Debian 12 packages as the image):
#
#   deploy/docker/check_runtime_libs.sh build/services/*/govmetrics-* build/clients/cli/govmetrics
#
# Exit 0 when covered, 1 when a library would be missing in the image, 2 on usage errors.
set -euo pipefail

DOCKERFILE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/Dockerfile"
if [[ "${1:-}" == "--dockerfile" ]]; then
  DOCKERFILE="$2"
  shift 2
fi
[[ $# -gt 0 ]] || { echo "usage: $0 [--dockerfile FILE] BINARY..." >&2; exit 2; }
[[ -f "$DOCKERFILE" ]] || { echo "no Dockerfile at $DOCKERFILE" >&2; exit 2; }

# Packages debian:12-slim already contains that binaries link against (apt itself needs
# libstdc++6 and libgcc-s1; libc6 is essential).
BASE_PACKAGES="libc6 libgcc-s1 libstdc++6 gcc-12-base"

# The packages named by `apt-get install` in the stage that starts `FROM debian:12-slim`.
runtime_packages() {
  awk '
    /^FROM / { in_runtime = ($2 ~ /^debian:12-slim/) }
    in_runtime && /apt-get install/ { collecting = 1 }
    in_runtime && collecting {
      line = $0
      sub(/#.*/, "", line)
      n = split(line, words, /[ \t\\]+/)
      for (i = 1; i <= n; i++) {
        w = words[i]
        if (w == "&&") { if (seen) { collecting = 0; break } else continue }
        if (w == "" || w ~ /^-/ || w == "apt-get" || w == "install") continue
        print w; seen = 1
      }
    }
  ' "$DOCKERFILE" | sort -u
}

# Spellings under which dpkg may have registered a library path: Debian 12 is merged-/usr,
# but packages register /lib/... or /usr/lib/... as they were built.
candidates_of() {
  local p="$1" real c
  real="$(readlink -f "$p" 2>/dev/null || echo "$p")"
  for c in "$p" "$real"; do
    echo "$c"
    case "$c" in
      /usr/*) echo "${c#/usr}" ;;
      *) echo "/usr$c" ;;
    esac
  done
}

mapfile -t LISTED < <(runtime_packages)
[[ ${#LISTED[@]} -gt 0 ]] || { echo "no runtime apt-get install found in $DOCKERFILE" >&2; exit 2; }

# Everything apt installs along with the listed packages. Without apt lists (no
# `apt-get update` yet) fall back to the listed packages themselves.
declare -A AVAILABLE=()
for p in $BASE_PACKAGES "${LISTED[@]}"; do AVAILABLE[$p]=1; done
if closure="$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
      --no-breaks --no-replaces --no-enhances "${LISTED[@]}" 2>/dev/null)" && [[ -n "$closure" ]]; then
  while read -r p; do
    [[ -n "$p" ]] && AVAILABLE[${p%%:*}]=1
  done < <(grep -v '^ ' <<<"$closure" | tr -d '<>')
else
  echo "note: apt-cache has no package lists; checking against the listed packages only" >&2
fi

status=0
declare -A LIBS=()       # library path -> "binary" that loads it
for bin in "$@"; do
  if [[ ! -x "$bin" ]]; then
    echo "not an executable: $bin" >&2
    exit 2
  fi
  while read -r line; do
    if [[ "$line" == *"not found"* ]]; then
      echo "$bin: $line" >&2
      status=1
      continue
    fi
    lib="$(awk '/=>/ { print $3; exit } !/=>/ && $1 ~ /^\// { print $1 }' <<<"$line")"
    [[ -n "$lib" && "$lib" == /* ]] && LIBS[$lib]="$bin"
  done < <(ldd "$bin")
done

# One dpkg query for every spelling of every library (dpkg -S is slow per call).
declare -A OWNER=()      # registered path -> package
mapfile -t ALL_CANDIDATES < <(for lib in "${!LIBS[@]}"; do candidates_of "$lib"; done | sort -u)
if [[ ${#ALL_CANDIDATES[@]} -gt 0 ]]; then
  while IFS= read -r line; do
    pkg="${line%%: /*}"
    path="/${line#*: /}"
    pkg="${pkg%%,*}"
    OWNER[$path]="${pkg%%:*}"
  done < <(dpkg -S "${ALL_CANDIDATES[@]}" 2>/dev/null || true)
fi

declare -A NEEDED=()     # package -> libraries
for lib in "${!LIBS[@]}"; do
  pkg=""
  while read -r c; do
    [[ -n "${OWNER[$c]:-}" ]] && { pkg="${OWNER[$c]}"; break; }
  done < <(candidates_of "$lib")
  if [[ -z "$pkg" ]]; then
    echo "${LIBS[$lib]}: $lib belongs to no Debian package (would be missing in the image)" >&2
    status=1
    continue
  fi
  NEEDED[$pkg]+="$(basename "$lib") "
done

for pkg in $(printf '%s\n' "${!NEEDED[@]}" | sort); do
  if [[ -z "${AVAILABLE[$pkg]:-}" ]]; then
    echo "missing from the runtime stage: $pkg (for ${NEEDED[$pkg]% })" >&2
    status=1
  fi
done
if [[ $status -eq 0 ]]; then
  echo "runtime stage covers $(printf '%s\n' "${!NEEDED[@]}" | sort | tr '\n' ' ')"
fi
exit $status
