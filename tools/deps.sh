#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the benchmarks need,
# and only those that are missing, so that `make run` and `make test` work on a
# fresh Debian machine. Needs root (or sudo) only when something is missing.
set -eu

pkgs="build-essential pkg-config clang libclang-rt-14-dev zlib1g-dev
      libsqlite3-dev libmicrohttpd-dev libjansson-dev libsodium-dev
      libutf8proc-dev libhyperscan-dev libcmocka-dev libxlsxwriter-dev"
# --test: what the tests drive the program with (HTTP through curl, XLSX read
# back with python3's zipfile, the UI in Chromium through playwright-core).
# --bench: the load generator and the timer of the benchmarks.
for opt in "$@"; do
  case "$opt" in
    --test)  pkgs="$pkgs curl python3 chromium nodejs npm" ;;
    --bench) pkgs="$pkgs wrk hyperfine curl time bc python3" ;;
    *) echo "usage: tools/deps.sh [--test] [--bench]" >&2; exit 2 ;;
  esac
done

missing=""
for p in $pkgs; do
  # Node.js from another source (e.g. NodeSource) brings its own npm and
  # conflicts with Debian's npm package: a working command is enough.
  case "$p" in
    nodejs|npm) command -v "${p%js}" >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "installing:$missing" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
