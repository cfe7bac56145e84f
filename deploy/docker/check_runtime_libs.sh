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

# The packages named by the first `apt-get install` in the stage that starts
# `FROM debian:12-slim` (the shared-library list; later installs in that RUN, such as fonts
# or the optional TeX toolchain, do not count, so they cannot hide a missing library).
runtime_packages() {
  awk '
    /^FROM / { in_runtime = ($2 ~ /^debian:12-slim/) }
    { line = $0; sub(/#.*/, "", line) }
    in_runtime && !done && line ~ /apt-get install/ { collecting = 1 }
    in_runtime && collecting {
      n = split(line, words, /[ \t\\]+/)
      for (i = 1; i <= n; i++) {
        w = words[i]
        if (w == "&&") { if (seen) { collecting = 0; done = 1; break } else continue }
        if (w == "" || w ~ /^-/ || w == "apt-get" || w == "install") continue
        print w; seen = 1
      }
    }
  ' "$DOCKERFILE" | sort -u
}

# Spellings under which dpkg may have registered a library path (the path and its symlink
# target, each with and without /usr): Debian 12 is merged-/usr, but packages register
# /lib/... or /usr/lib/... as they were built. Pure bash: this runs for ~150 libraries.
candidates_of() {
  local c
  for c in "$1" "$2"; do
    case "$c" in
      /usr/*) printf '%s\n%s\n' "$c" "${c#/usr}" ;;
      *) printf '%s\n%s\n' "$c" "/usr$c" ;;
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
  # One awk per binary (not per line: this runs on ~150 libraries per binary).
  while read -r kind rest; do
    if [[ "$kind" == missing ]]; then
      echo "$bin: $rest" >&2
      status=1
    elif [[ "$rest" == /* ]]; then
      LIBS[$rest]="$bin"
    fi
  done < <(ldd "$bin" | awk '
    /not found/ { sub(/^[ \t]+/, ""); print "missing", $0; next }
    /=>/ { print "lib", $3; next }
    $1 ~ /^\// { print "lib", $1 }')
done

# Every library's spellings (one readlink for all of them), then one dpkg query for all
# spellings (dpkg -S is slow per call).
mapfile -t LIB_PATHS < <(printf '%s\n' "${!LIBS[@]}" | sort)
REAL_PATHS=()
[[ ${#LIB_PATHS[@]} -gt 0 ]] && mapfile -t REAL_PATHS < <(readlink -f "${LIB_PATHS[@]}")
[[ ${#REAL_PATHS[@]} -eq ${#LIB_PATHS[@]} ]] || REAL_PATHS=("${LIB_PATHS[@]}")
declare -A CANDIDATES=() # library path -> its spellings, newline-separated
for i in "${!LIB_PATHS[@]}"; do
  CANDIDATES[${LIB_PATHS[$i]}]="$(candidates_of "${LIB_PATHS[$i]}" "${REAL_PATHS[$i]}")"
done
declare -A OWNER=()      # registered path -> package
mapfile -t ALL_CANDIDATES < <(printf '%s\n' "${CANDIDATES[@]}" | sort -u)
if [[ ${#LIB_PATHS[@]} -gt 0 ]]; then
  while IFS= read -r line; do
    pkg="${line%%: /*}"
    path="/${line#*: /}"
    pkg="${pkg%%,*}"
    OWNER[$path]="${pkg%%:*}"
  done < <(dpkg -S "${ALL_CANDIDATES[@]}" 2>/dev/null || true)
fi

declare -A NEEDED=()     # package -> libraries
for lib in "${LIB_PATHS[@]}"; do
  pkg=""
  while read -r c; do
    [[ -n "${OWNER[$c]:-}" ]] && { pkg="${OWNER[$c]}"; break; }
  done <<<"${CANDIDATES[$lib]}"
  if [[ -z "$pkg" ]]; then
    echo "${LIBS[$lib]}: $lib belongs to no Debian package (would be missing in the image)" >&2
    status=1
    continue
  fi
  NEEDED[$pkg]+="${lib##*/} "
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
