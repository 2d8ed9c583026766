#!/usr/bin/env bash
# Web UI benchmark: what the binary embeds, how fast an embedded file is
# found, and, when `canhgac serve` is in the build, how long each main page
# takes to become usable in Chromium on the 1-million-case store (1,000,000
# cases, 5,000,000 alerts, built once into bench/data/ by the server's bulk
# filler). Prints figures; asserts nothing.
set -u
cd "$(dirname "$0")/../.."
bin=build/canhgac
[ -x $bin ] || { echo "web bench: build/canhgac is missing (make all)"; exit 1; }

echo "== embedded UI"
n=$(find web -type f | wc -l)
bytes=$(find web -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
gz=$(find web -type f -name '*.*' -exec gzip -9c {} \; | wc -c)
echo "files: $n, bytes: $bytes (gzip -9 of each file: $gz bytes in all)"

echo "== web_asset_find"
tmp=$(mktemp -d)
trap 'for p in ${pids:-}; do kill $p 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT
cc -std=c17 -D_GNU_SOURCE -O2 -Isrc -o "$tmp/lookup" bench/web/lookup.c build/rel/src/web/web.o build/rel/build/gen/web_assets.o build/rel/src/core/cg.o \
  && "$tmp/lookup"

echo "== pages in Chromium on the 1M-case store"
help=$($bin serve --help 2>&1)
if ! echo "$help" | grep -q -- --fill; then
  echo "not measured: 'canhgac serve --fill' is not in this build ($(echo "$help" | head -c 120))"
  exit 0
fi
[ -x /usr/bin/chromium ] || { echo "not measured: /usr/bin/chromium is missing"; exit 0; }
[ -d tests/web/node_modules/playwright-core ] || (cd tests/web && npm ci --no-audit --no-fund --loglevel=error)
cases=${BENCH_CASES:-1000000}
alerts=${BENCH_ALERTS:-5000000}
# The same store as bench/platform makes (and reuses it when it is there).
db=bench/data/platform-$cases-$alerts.db
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
up() {
  for _ in $(seq 1 600); do
    node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))' "http://127.0.0.1:$port/healthz" && return 0
    sleep 0.2
  done
  echo "the server did not start: $(head -c 400 "$tmp/serve.log")"
  exit 1
}
if [ ! -s "$db" ]; then
  mkdir -p bench/data
  echo "making $db: the demo province with its users, then $cases cases and $alerts alerts (once)..."
  $bin serve --db "$db" --listen "127.0.0.1:$port" --demo >"$tmp/serve.log" 2>&1 &
  pids=$!
  up
  kill $pids; wait $pids 2>/dev/null; pids=""
  t0=$(date +%s)
  $bin serve --db "$db" --fill "$cases,$alerts" || { echo "fill failed"; exit 1; }
  echo "filled in $(( $(date +%s) - t0 )) s"
fi
$bin serve --db "$db" --listen "127.0.0.1:$port" --demo >"$tmp/serve.log" 2>&1 &
pids=$!
up
for _ in $(seq 1 100); do grep -q dieuphoi "$tmp/serve.log" && break; sleep 0.1; done
pw=$(awk '$1 == "dieuphoi" {print $4}' "$tmp/serve.log")
[ -n "$pw" ] || { echo "not measured: no coordinator password from 'serve --demo'"; exit 0; }
echo "store: $db ($(du -h "$db" | cut -f1)); Chromium and the server share $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
BASE_URL="http://127.0.0.1:$port" LOGIN=dieuphoi PASSWORD=$pw RUNS=${BENCH_RUNS:-5} USER_DATA_DIR="$tmp/profile" node bench/web/pages.mjs
