#!/usr/bin/env bash
# Shared by scripts/serve and scripts/test: package installation and builds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Debian packages the project needs to build, test and run.
M4D_PACKAGES=(
  build-essential cmake pkg-config
  libxapian-dev libicu-dev libcpp-httplib-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev
  libpoppler-cpp-dev libcld2-dev libssl-dev zlib1g-dev libzstd-dev
  dict-freedict-fra-eng dict-freedict-spa-eng dict-freedict-por-eng dict-freedict-ara-eng
  dict-freedict-eng-fra dict-freedict-eng-spa
  wamerican wfrench wspanish iso-codes time wordnet-base
)

# Installs whatever is missing; runs apt-get update once, only if needed.
ensure_packages() {
  local missing=()
  for p in "${M4D_PACKAGES[@]}" "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "m4d: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# configure_and_build DIR [cmake args...]
configure_and_build() {
  local dir="$1"
  shift
  cmake -S "$ROOT" -B "$ROOT/$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$ROOT/$dir" -j"$(nproc)"
}
