#!/usr/bin/env bash
# Installs everything govmetrics needs to build, test and run on Debian 12, with apt-get
# only. Idempotent: packages already present are skipped quickly.
#   scripts/setup.sh            build + test + demo dependencies
#   scripts/setup.sh --reference  also R and statsmodels (to regenerate golden values / bench)
#   scripts/setup.sh --build      only what compiling with tests and benchmarks OFF needs
#                                 (the container image's build stage runs this)
#   --print (with any of the above) lists the packages instead of installing them
set -euo pipefail

# Build dependencies: everything the CMake build with GOVMETRICS_BUILD_TESTS/BENCH=OFF
# needs (deploy/docker/Dockerfile installs exactly these; tests/deploy checks it).
build_packages=(
  build-essential cmake ninja-build pkg-config ca-certificates libssl-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libeigen3-dev libabsl-dev libboost-math-dev libcli11-dev prometheus-cpp-dev
  # workspace storage: SQLite (embedded) and PostgreSQL (libpq)
  libsqlite3-dev libpq-dev
  # HTTP/JSON gateway: HTTP server (TLS via OpenSSL) and JSON trees
  libcpp-httplib-dev nlohmann-json3-dev
  # data files in (common/files): ReadStat (.dta/.sav/.sas7bdat), libzip + expat (.xlsx)
  libreadstat-dev libzip-dev libexpat1-dev
  # Excel out (libxlsxwriter); Word/PDF charts drawn to PNG/PDF by librsvg + cairo,
  # the PNGs deflated by libdeflate
  libxlsxwriter-dev librsvg2-dev libdeflate-dev
)
packages=(
  "${build_packages[@]}" git openssl
  libgtest-dev libgmock-dev libbenchmark-dev
  # the chart PNG writer's test reads its files back with libpng
  libpng-dev
  # PostgreSQL server for the workspace storage tests
  postgresql
  python3 python3-grpcio python3-protobuf python3-numpy python3-pandas
  # LaTeX reports compiled in the render tests (pdflatex/xelatex, ctex for Chinese):
  # ~270 MB, 34 packages, 8-9 min to install on a busy 2-core machine
  texlive-xetex texlive-lang-chinese latexmk lmodern
  # Excel read-back test (openpyxl)
  python3-openpyxl
  # Word read-back test (python-docx); PDF reports rendered to PNG and text in their
  # test (poppler-utils)
  python3-docx python3-pil poppler-utils
  # report rendering test (headless Chromium) and CJK fonts for the Chinese report
  chromium fonts-noto-cjk
  # polyglot clients: Go and Java from Debian (offline builds)
  golang-go protoc-gen-go protoc-gen-go-grpc golang-google-grpc-dev golang-google-protobuf-dev
  golang-github-golang-protobuf-1-5-dev golang-google-genproto-dev
  default-jdk-headless libgrpc-java protobuf-compiler-grpc-java-plugin libprotobuf-java
  libnetty-java libperfmark-java libgeronimo-annotation-1.3-spec-java
  # client packages: Python venv + offline pip build, Java Maven build, netty's OpenSSL
  # engine (ALPN for gRPC over TLS from Java; Debian's netty lacks the JDK ALPN classes)
  python3-venv python3-pip python3-setuptools maven libnetty-tcnative-java libnetty-tcnative-jni
  libgoogle-gson-java
  libmaven-compiler-plugin-java libmaven-jar-plugin-java libmaven-resources-plugin-java
  libmaven-dependency-plugin-java libmaven-install-plugin-java libmaven-clean-plugin-java
  libsurefire-java libexec-maven-plugin-java libbuild-helper-maven-plugin-java
)
PRINT=0
MODE=all
for arg in "$@"; do
  case "$arg" in
    --print) PRINT=1 ;;
    --reference) MODE=reference ;;
    --build) MODE=build ;;
    *) echo "setup: unknown option $arg (--build, --reference, --print)" >&2; exit 2 ;;
  esac
done
if [[ "$MODE" == build ]]; then packages=("${build_packages[@]}"); fi
if [[ "$MODE" == reference ]]; then
  packages+=(r-base-core r-cran-plm r-cran-sandwich r-cran-lmtest r-cran-estimatr
             r-cran-clubsandwich r-cran-boot python3-statsmodels
             # tests/reference/files: R haven writes .dta/.sav/.sas7bdat, openpyxl .xlsx
             r-cran-haven python3-openpyxl
             # tests/reference/spatial: spdep (Moran, Geary, LISA), US states polygons
             r-cran-spdep r-cran-sf r-cran-spdata
             # tests/reference/spatial_panel: lagsarlm, errorsarlm, sacsarlm, impacts
             r-cran-spatialreg
             # tests/reference/panel/tobit_*: AER::tobit (survival), numDeriv, scipy
             r-cran-aer r-cran-numderiv python3-scipy)
fi
# node/npm (workbench bundle, buf lint, deployment tests): the machine image may already
# ship Node (--print names them regardless, as a fresh machine needs them).
if [[ $PRINT -eq 1 ]] || ! command -v node >/dev/null 2>&1; then packages+=(nodejs); fi
if [[ $PRINT -eq 1 ]] || ! command -v npm >/dev/null 2>&1; then packages+=(npm); fi
if [[ $PRINT -eq 1 ]]; then printf '%s\n' "${packages[@]}"; exit 0; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
