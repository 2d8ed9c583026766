#!/usr/bin/env bash
# The platform under load: a store with 1 million cases and 5 million alerts
# (made once into bench/data/, which git ignores, and reused), the server on
# loopback, and wrk at 64 connections on the case list, the alert inbox and
# case pages picked at random. Prints requests/s and latency percentiles.
#   BENCH_CASES=1000000 BENCH_ALERTS=5000000 BENCH_SECONDS=20 bench/platform/run.sh
set -eu
cd "$(dirname "$0")/../.."
bin=build/canhgac
[ -x $bin ] || { echo "build first: make all"; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: tools/deps.sh --bench"; exit 1; }
cases=${BENCH_CASES:-1000000}
alerts=${BENCH_ALERTS:-5000000}
secs=${BENCH_SECONDS:-20}
conns=${BENCH_CONNECTIONS:-64}
db=bench/data/platform-$cases-$alerts.db
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
out=$(mktemp)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -f "$out" bench/platform/.case.lua' EXIT

start_server() {
  $bin serve --db "$db" --listen "127.0.0.1:$port" --demo >"$out" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "the server did not start: $(cat "$out")"; exit 1
}

if [ ! -s "$db" ]; then
  mkdir -p bench/data
  echo "making $db: the demo province with its users, then $cases cases and $alerts alerts (once)..."
  start_server; kill $pid; wait $pid 2>/dev/null || true; pid=""
  t0=$(date +%s)
  $bin serve --db "$db" --fill "$cases,$alerts"
  echo "filled in $(( $(date +%s) - t0 )) s; $(du -h "$db" | cut -f1)"
fi

# A server in service has its store in memory; so does this one before
# it is measured (the first minutes after a cold start read from disk).
cat "$db" "$db-wal" > /dev/null 2>&1 || true
start_server
password=$(awk '$1 == "dieuphoi" {print $4}' "$out")
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"login\":\"dieuphoi\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/login" |
  tr -d '\r' | awk -F'[:;] *' 'tolower($1) == "set-cookie" {print $2}')
[ -n "$cookie" ] || { echo "cannot log in as the coordinator"; exit 1; }
maxid=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/cases?limit=1" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')
cat > bench/platform/.case.lua <<LUA
math.randomseed(7)
request = function()
  return wrk.format("GET", "/api/cases/" .. math.random(1, $maxid))
end
LUA
echo "store: $db ($(du -h "$db" | cut -f1)), $maxid cases; wrk: 2 threads, $conns connections, $secs s each"
echo "machine: $(nproc) cores; wrk and the server share them"
run() {
  local name=$1; shift
  local r
  r=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Cookie: $cookie" "$@")
  local rps p50 p99 errors
  rps=$(echo "$r" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$r" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$r" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$r" | awk '/Non-2xx/ {print $NF}')
  printf "%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n" "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}
run "case list (50 a page)" "http://127.0.0.1:$port/api/cases?limit=50"
run "alert inbox (50 a page)" "http://127.0.0.1:$port/api/alerts?limit=50"
run "case page (random case)" -s bench/platform/.case.lua "http://127.0.0.1:$port"
