#!/usr/bin/env bash
# Browser test: Debian's Chromium driven by playwright-core through the UI.
#
# When `canhgac serve` runs in this build it is started on a fresh store with
# the demo data, and the whole workflow is tested: a coordinator triages an
# alert into a case and hands it to the police, the police upload evidence
# and close it, the monthly report counts it and its XLSX holds the same
# figure, an enterprise acknowledges a stop order, a citizen files a tip and
# follows it. If the server does not serve the UI itself yet, web/ is served
# by tests/web/server.mjs with /api forwarded to it. When the build has no
# server at all, the UI's own behaviour is tested (forms, language, keyboard,
# formats, tablet width, the "not available" states) and the script says so.
# Screenshots go to test-output/browser/.
set -u
fail() { echo "FAIL: $*"; exit 1; }

command -v node >/dev/null || fail "node is not installed (Debian: nodejs npm)"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || fail "$chromium is not installed (Debian: chromium)"
[ -x "${CANHGAC:-}" ] || fail "CANHGAC does not name the program (run through make check)"
if [ ! -d tests/web/node_modules/playwright-core ]; then
  (cd tests/web && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in tests/web failed"
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
# HTTP status of a request (000 when nothing answers); $1 method, $2 URL.
status() {
  node -e 'fetch(process.argv[2],{method:process.argv[1],headers:{"Content-Type":"application/json"},body:process.argv[1]==="POST"?"{}":undefined})
    .then(r=>console.log(r.status)).catch(()=>console.log("000"))' "$1" "$2"
}

# The platform, if this build has it.
port=$(free_port)
"$CANHGAC" serve --db "$tmp/canhgac.db" --listen "127.0.0.1:$port" --demo >"$tmp/serve.out" 2>"$tmp/serve.err" &
spid=$!
pids+=("$spid")
api=""
for _ in $(seq 1 600); do
  if [ "$(status GET "http://127.0.0.1:$port/healthz")" = 200 ]; then api="http://127.0.0.1:$port"; break; fi
  kill -0 "$spid" 2>/dev/null || break
  sleep 0.1
done

mode=ui
base=""
if [ -n "$api" ]; then
  # The UI from the server itself once it serves it, else through the
  # test's own static server with /api forwarded.
  if node -e 'fetch(process.argv[1]).then(r=>r.text()).then(t=>process.exit(t.includes("/app/main.js")?0:1)).catch(()=>process.exit(1))' "$api/"; then
    base=$api
    echo "the server serves the UI itself"
  else
    echo "the server does not serve the UI yet: serving web/ from the test, /api forwarded to it"
  fi
  [ "$(status POST "$api/api/login")" != 404 ] && mode=full
  [ $mode = full ] || echo "the server has no /api/login yet: testing the UI alone"
else
  echo "SKIPPED PART: 'canhgac serve' does not run in this build ($(head -c 200 "$tmp/serve.err")); testing the UI alone on web/ served by the test"
fi
if [ -z "$base" ]; then
  wport=$(free_port)
  node tests/web/server.mjs --root web --port "$wport" ${api:+--api "$api"} >"$tmp/web.out" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 100); do grep -q listening "$tmp/web.out" && break; sleep 0.1; done
  grep -q listening "$tmp/web.out" || fail "the test's static server did not start: $(cat "$tmp/web.out")"
  base="http://127.0.0.1:$wport"
fi

# The demo users' passwords, as `serve --demo` prints them (just after it
# starts listening).
if [ $mode = full ]; then
  for _ in $(seq 1 100); do grep -q viettel "$tmp/serve.out" && break; sleep 0.1; done
fi
node -e '
  const fs = require("fs");
  const out = fs.readFileSync(process.argv[1], "utf8") + fs.readFileSync(process.argv[2], "utf8");
  const users = { dieuphoi: ["coordinator", "STTTT"], congan: ["investigator", "CA"], viettel: ["enterprise_reporter", "VIETTEL"] };
  const creds = {};
  for (const line of out.split("\n")) for (const [login, [role, org]] of Object.entries(users)) {
    const m = new RegExp("\\b" + login + "\\b.*?(?:^|[^A-Za-z0-9_-])([A-Za-z0-9_-]{16})(?![A-Za-z0-9_-])").exec(line);
    if (m) creds[role] = { login, password: m[1], org };
  }
  fs.writeFileSync(process.argv[3], JSON.stringify(creds));
' "$tmp/serve.out" "$tmp/serve.err" "$tmp/creds.json"
if [ $mode = full ] && [ "$(node -e 'console.log(Object.keys(require(process.argv[1])).length)' "$tmp/creds.json")" != 3 ]; then
  fail "could not read the demo users' passwords from 'canhgac serve --demo': $(head -c 600 "$tmp/serve.out")"
fi

mkdir -p test-output/browser
rm -f test-output/browser/*.png
BASE_URL=$base MODE=$mode OUT_DIR=test-output/browser CREDS="$tmp/creds.json" \
  USER_DATA_DIR="$tmp/profile" CHROMIUM="$chromium" node tests/web/browser.mjs
