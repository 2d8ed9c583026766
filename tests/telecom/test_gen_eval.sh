#!/usr/bin/env bash
# The simulator and the evaluation end to end on a small province: the
# files are in their formats, the scan finds the boxes of the hardest level
# and nothing else, and eval reports it.
set -u
[ -x "${CANHGAC:-}" ] || { echo "CANHGAC does not name the program"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$CANHGAC" telecom gen --out "$tmp" --subscribers 3000 --days 7 --fraud-rate 0.01 --level all --seed 3 \
  2>"$tmp/gen.err" || fail "gen: $(cat "$tmp/gen.err")"
head -1 "$tmp/cdr.csv" | grep -q '^type,start,duration,msisdn,imsi,imei,other,cell$' || fail "cdr.csv header"
head -1 "$tmp/truth.csv" | grep -q '^msisdn,box,level$' || fail "truth.csv header"
[ "$(wc -l < "$tmp/truth.csv")" -gt 20 ] || fail "too few box SIMs in the truth"
"$CANHGAC" telecom scan --quiet --test-calls "$tmp/testcalls.csv" "$tmp/cdr.csv" >"$tmp/alerts.jsonl" \
  2>"$tmp/scan.err" || fail "scan rejected generated lines: $(head -3 "$tmp/scan.err")"
"$CANHGAC" telecom eval --truth "$tmp/truth.csv" --test-calls "$tmp/testcalls.csv" "$tmp/alerts.jsonl" >"$tmp/eval.txt" \
  || fail "eval failed"
cat "$tmp/eval.txt"
python3 - "$tmp/eval.txt" <<'PY' || exit 1
import re, sys
t = open(sys.argv[1]).read()
p, r = map(float, re.search(r"precision ([\d.]+)\s+recall ([\d.]+)", t).groups())
assert p >= 0.99 and r >= 0.95, "precision %.3f recall %.3f" % (p, r)
w = re.search(r"found whole: (\d+) of (\d+)", t)
assert w is None or w.group(1) == w.group(2), "a box hit by a test call is not found whole"
PY
