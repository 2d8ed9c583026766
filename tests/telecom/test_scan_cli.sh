#!/usr/bin/env bash
# `canhgac telecom scan` end to end: bad lines named and skipped with exit
# status 1, alerts as valid JSON Lines, gzip and standard input, and --db
# twice over the same records adds no twin alerts to the store.
set -u
[ -x "${CANHGAC:-}" ] || { echo "CANHGAC does not name the program"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# A box of 6 SIMs (one gateway IMEI, one cell, calls day and night to
# random numbers) among 300 people who call their friends back.
python3 - "$tmp/cdr.csv" <<'PY'
import random, sys
r = random.Random(5)
out = open(sys.argv[1], "w")
out.write("type,start,duration,msisdn,imei,other,cell\n")
t0 = 1793552400
people = [84910000000 + 7 * i for i in range(300)]
for d in range(7):
    for i, p in enumerate(people):
        for k in range(3):
            q = people[(i + 1 + r.randrange(8)) % 300]
            t = t0 + d * 86400 + r.randrange(8 * 3600, 21 * 3600)
            out.write("MOC,%d,60,%d,35000000%07d,%d,c%d\n" % (t, p, i, q, i % 40))
            out.write("MTC,%d,60,%d,35000000%07d,%d,c%d\n" % (t, q, people.index(q), p, i % 40))
    for s in range(6):
        for k in range(50):
            t = t0 + d * 86400 + r.randrange(86400)
            out.write("MOC,%d,90,0%d,861234560000001,0%d,box-cell\n" % (t, 330000100 + s, r.choice(people) % 10**9))
out.write("MOC,not-a-time,90,84330000100,,,\n")
out.write("MOC,1793552400,90,84330000100,,09x,\n")
PY
lines=$(wc -l < "$tmp/cdr.csv")
"$CANHGAC" telecom scan --quiet "$tmp/cdr.csv" >"$tmp/out.jsonl" 2>"$tmp/err"
st=$?
[ $st = 1 ] || fail "exit status $st, want 1 (some lines rejected): $(cat "$tmp/err")"
grep -q "cdr.csv:$((lines - 1)): start" "$tmp/err" || fail "the bad time is not named: $(cat "$tmp/err")"
grep -q "cdr.csv:$lines: other" "$tmp/err" || fail "the bad number is not named: $(cat "$tmp/err")"
python3 - "$tmp/out.jsonl" <<'PY' || exit 1
import json, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
box = {"8433000010%d" % i for i in range(6)}
got = {a["msisdn"] for a in alerts}
assert got == box, "flagged %s, want the 6 box SIMs" % sorted(got)
for a in alerts:
    assert a["kind"] == "telecom.bypass" and 0 <= a["score"] <= 1 and a["reasons"] and a["cluster"]
    assert a["evidence"]["moc"] >= 300
print("ok   the box's 6 SIMs and nothing else, as JSON Lines")
PY
gzip -c "$tmp/cdr.csv" > "$tmp/cdr.csv.gz"
"$CANHGAC" telecom scan --quiet - < "$tmp/cdr.csv.gz" >"$tmp/out2.jsonl" 2>/dev/null
cmp -s "$tmp/out.jsonl" "$tmp/out2.jsonl" || fail "gzip on standard input gives other alerts"
"$CANHGAC" telecom scan --quiet --db "$tmp/t.db" "$tmp/cdr.csv" >/dev/null 2>"$tmp/err"
[ $? = 3 ] && grep -q "no department" "$tmp/err" || fail "a store without the province's department is not refused clearly: $(cat "$tmp/err")"
"$CANHGAC" serve --db "$tmp/t.db" --fill 0,0 2>/dev/null || fail "cannot load the province"
for run in 1 2; do
  "$CANHGAC" telecom scan --quiet --db "$tmp/t.db" "$tmp/cdr.csv" >/dev/null 2>"$tmp/err$run"
  [ $? = 1 ] || fail "scan --db run $run: $(cat "$tmp/err$run")"
done
python3 - "$tmp/t.db" <<'PY' || exit 1
import sqlite3, sys
n = sqlite3.connect(sys.argv[1]).execute("SELECT count(*), count(DISTINCT source_ref) FROM alert WHERE source = 'telecom.scan'").fetchone()
assert n == (6, 6), "alerts in the store after two scans: %s, want 6 distinct" % (n,)
print("ok   two scans with --db leave 6 alerts, no twins")
PY
"$CANHGAC" telecom scan --quiet "$tmp/missing.csv" >/dev/null 2>"$tmp/err"
[ $? = 3 ] || fail "a missing file is not a fatal error"
grep -q "missing.csv" "$tmp/err" || fail "the missing file is not named"
echo "ok   telecom scan end to end"
