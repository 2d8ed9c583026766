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
if echo "$help" | grep -q "not available"; then
  echo "not measured: 'canhgac serve' is not in this build ($(echo "$help" | head -c 120))"
  exit 0
fi
[ -x /usr/bin/chromium ] || { echo "not measured: /usr/bin/chromium is missing"; exit 0; }
[ -d tests/web/node_modules/playwright-core ] || (cd tests/web && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p bench/data
db=bench/data/web-1m.db
if [ ! -f $db ]; then
  echo "filling $db (once; about 2 minutes)"
  $bin serve --db $db --demo --fill 1000000,5000000 >bench/data/web-1m.users 2>&1 || { echo "fill failed: $(tail -3 bench/data/web-1m.users)"; rm -f $db; exit 0; }
fi
pw=$(grep -Eo '\bdieuphoi\b.*' bench/data/web-1m.users | grep -Eo '[A-Za-z0-9_-]{16}' | head -1)
[ -n "$pw" ] || { echo "not measured: no coordinator password in bench/data/web-1m.users"; exit 0; }
port=18080
$bin serve --db $db --listen 127.0.0.1:$port >"$tmp/serve.log" 2>&1 &
pids=$!
for _ in $(seq 1 100); do node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))' "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
base=http://127.0.0.1:$port
if ! node -e 'fetch(process.argv[1]).then(r=>r.text()).then(t=>process.exit(t.includes("/app/main.js")?0:1)).catch(()=>process.exit(1))' "$base/"; then
  node tests/web/server.mjs --root web --port 18081 --api $base >"$tmp/web.log" 2>&1 &
  pids="$pids $!"
  sleep 0.5
  base=http://127.0.0.1:18081
  echo "(UI served by the test's static server, API by canhgac serve)"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (other work shares this machine)"
BASE_URL=$base LOGIN=dieuphoi PASSWORD=$pw RUNS=5 USER_DATA_DIR="$tmp/profile" node bench/web/pages.mjs
