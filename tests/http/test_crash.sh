#!/usr/bin/env bash
# kill -9 of the server while clients post alerts and read case pages: after
# a restart, every alert the server acknowledged is there (posting it again
# answers 200, not 201), every case page it sent has its view in the access
# log, nothing half-written remains, and both hash chains verify.
. tests/http/server.sh
export SERVE_PID PORT CANHGAC
PYTHONPATH=tests/http DB="$TMP/t.db" python3 - <<'PY'
import collections, os, random, signal, sqlite3, subprocess, threading, time, urllib.request
from client import Session, passwords, check, done
pw = passwords()
admin = Session("quantri", pw["quantri"])
coord = Session("dieuphoi", pw["dieuphoi"])
st, b, _ = admin.req("POST", "/api/tokens", {"name": "crash test", "user_id": coord.user["id"]})
check(st == 201, "a token for the poster")
poster = Session(bearer=b["token"])
st, b, _ = coord.req("GET", "/api/cases?limit=50")
cases = [c["id"] for c in b["items"] if c["lead"]["code"] != "STTTT"]
check(len(cases) > 3, "demo cases led by other agencies (%d)" % len(cases))

acked, shown, stop = [], collections.Counter(), threading.Event()
def alert(ref):
    return {"kind": "telecom.bypass", "source": "crash", "source_ref": ref, "score": 0.5, "title": "x"}
def post(prefix):
    i = 0
    while not stop.is_set():
        i += 1
        try:
            st, _, _ = poster.req("POST", "/api/alerts", alert("%s-%d" % (prefix, i)))
        except Exception:
            return
        if st == 201:
            acked.append("%s-%d" % (prefix, i))
def read():
    r = random.Random(threading.get_ident())
    while not stop.is_set():
        cid = r.choice(cases)
        try:
            st, b, _ = coord.req("GET", "/api/cases/%d" % cid)
        except Exception:
            return
        if st == 200 and b["id"] == cid:
            shown[cid] += 1
threads = [threading.Thread(target=f, args=a) for f, a in
           [(post, ("a",)), (post, ("b",)), (read, ()), (read, ())]]
for t in threads:
    t.start()
time.sleep(3)
os.kill(int(os.environ["SERVE_PID"]), signal.SIGKILL)
stop.set()
for t in threads:
    t.join()
check(len(acked) > 0 and sum(shown.values()) > 0,
      "alerts acknowledged (%d) and pages shown (%d) before the kill" % (len(acked), sum(shown.values())))

db = os.environ["DB"]
srv = subprocess.Popen([os.environ["CANHGAC"], "serve", "--db", db, "--listen",
                        "127.0.0.1:" + os.environ["PORT"]], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
for _ in range(300):
    try:
        urllib.request.urlopen(os.environ["BASE"] + "/healthz", timeout=1)
        break
    except Exception:
        time.sleep(0.1)
try:
    lost = [ref for ref in acked if poster.req("POST", "/api/alerts", alert(ref))[0] != 200]
    check(not lost, "every acknowledged alert survived kill -9 (%d lost of %d)" % (len(lost), len(acked)))
    con = sqlite3.connect(db + "-access")
    views = dict(con.execute("SELECT object, count(*) FROM access_log WHERE action = 'case.view' "
                             "AND user_id = ? GROUP BY object", (coord.user["id"],)).fetchall())
    missing = [c for c, n in shown.items() if views.get("case:%d" % c, 0) < n]
    check(not missing, "every page shown has its view in the access log (%d pages; short: %s)" %
          (sum(shown.values()), missing))
finally:
    srv.send_signal(signal.SIGTERM)
    srv.wait()
v = subprocess.run([os.environ["CANHGAC"], "audit", "verify", "--db", db], capture_output=True, text=True)
check(v.returncode == 0 and "access log chain intact" in v.stdout,
      "both chains verify after kill -9: " + (v.stdout + v.stderr).strip().replace("\n", "; "))
ic = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0]
check(ic == "ok", "the store's integrity check: " + ic)
done()
PY
