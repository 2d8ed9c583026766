#!/bin/sh
# The period report on the bulk store: builds a small driver against the
# optimised library, fills a store of 1 million cases and 1 million alerts
# (kept in build/bench-reports/ for the next run), prints how long the
# yearly, quarterly and monthly reports take. Figures only, nothing asserted.
# CASES and ALERTS in the environment change the size.
set -e
cd "$(dirname "$0")/../.."
make --no-print-directory -j2 all >/dev/null
dir=build/bench-reports
mkdir -p "$dir"
objs=$(find build/rel/src -name '*.o' ! -path 'build/rel/src/cli/*')
# shellcheck disable=SC2086
cc -std=c17 -D_GNU_SOURCE -O2 -Isrc -o "$dir/bench_report" bench/reports/bench_report.c $objs \
    $(pkg-config --libs sqlite3 libmicrohttpd jansson libsodium libutf8proc libhs zlib xlsxwriter) \
    -lm -lpthread
echo "period report benchmark ($(nproc) cores; other work may share the machine)"
BENCH_SEARCH=1 "$dir/bench_report" "$dir/bench.db" "${CASES:-1000000}" "${ALERTS:-1000000}"
