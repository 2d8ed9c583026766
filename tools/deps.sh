#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the benchmarks need,
# and only those that are missing, so that `make run` and `make test` work on a
# fresh Debian machine. Needs root (or sudo) only when something is missing.
set -eu

pkgs="build-essential pkg-config clang libclang-rt-14-dev zlib1g-dev
      libsqlite3-dev libmicrohttpd-dev libjansson-dev libsodium-dev
      libutf8proc-dev libhyperscan-dev libcmocka-dev libxlsxwriter-dev"
if [ "${1:-}" = "--bench" ]; then
  pkgs="$pkgs wrk hyperfine"
fi
if [ "${1:-}" = "--browser" ]; then
  pkgs="$pkgs chromium nodejs npm"
fi

missing=""
for p in $pkgs; do
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
