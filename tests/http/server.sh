# server.sh: sourced by the HTTP tests: start `canhgac serve --demo` on a
# fresh store and a free port, and stop it when the test ends. Sets BASE
# (http://127.0.0.1:PORT), TMP (a scratch folder) and SERVE_OUT (what serve
# printed, with the demo users' passwords).
set -u
[ -x "${CANHGAC:-}" ] || { echo "CANHGAC does not name the program (run through make check)"; exit 1; }
TMP=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
SERVE_OUT="$TMP/serve.out"
"$CANHGAC" serve --db "$TMP/t.db" --listen "127.0.0.1:$PORT" --demo ${SERVE_ARGS:-} >"$SERVE_OUT" 2>"$TMP/serve.err" &
SERVE_PID=$!
stop_server() {
  kill "$SERVE_PID" 2>/dev/null
  wait "$SERVE_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap stop_server EXIT
for _ in $(seq 1 300); do
  curl -sf "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVE_PID" 2>/dev/null || { echo "serve died: $(cat "$TMP/serve.err")"; exit 1; }
  sleep 0.1
done
curl -sf "$BASE/healthz" >/dev/null || { echo "serve does not answer: $(cat "$TMP/serve.err")"; exit 1; }
export BASE SERVE_OUT TMP
