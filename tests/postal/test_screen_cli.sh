#!/usr/bin/env bash
# test_screen_cli.sh: `canhgac postal screen` end to end: one decision per
# item in input order, FILE:LINE errors for broken lines with the run going
# on and exit status 1, gzip and standard input, the watch list file, gen
# and eval, alerts in the store without twins on a second run.
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
bin="$CANHGAC"

item() { # id description [extra]
  printf '{"item_id":"%s","direction":"domestic","accepted_at":"2026-11-02T09:%02d:00+07:00","sender":{"name":"Nguyễn Văn A","phone":"0912345678","address":"12 Lê Lợi, TP Mỹ Tho"},"recipient":{"name":"Trần Thị B","phone":"0987654321"},"contents":[{"description":"%s","quantity":1}],"weight_g":500,"declared_value_vnd":200000%s}\n' "$1" "$2" "$3" "${4:-}"
}

{
  item EE471108151FR 1 "Áo thun nam"
  item EB000717595HK 2 "ma tuý đá"
  echo '{"item_id":"BAD1","direction":"domestic"'                                   # line 3: broken JSON
  item RR072705659PL 3 "Súng nước đồ chơi"
  echo ''                                                                         # line 5: blank, skipped
  echo '{"item_id":"X2","direction":"domestic","accepted_at":"2026-11-02T09:00:00","sender":{},"recipient":{}}'  # 6: no contents
  echo '{"item_id":"X3","direction":"domestic","accepted_at":"yesterday","sender":{},"recipient":{},"contents":[]}' # 7: bad time
  echo '{"item_id":"X4","direction":"domestic","accepted_at":1,"sender":{},"recipient":{},"contents":[],"weight_g":"heavy"}' # 8: wrong type
  printf '{"item_id":"X5","direction":"domestic","accepted_at":1,"sender":{"name":"\xff"},"recipient":{},"contents":[]}\n' # 9: bad UTF-8
  item LA000000005VN 4 "Quà tặng" | sed 's/"domestic"/"export"/'   # vague on a customs declaration
} > "$dir/items.jsonl"

"$bin" postal screen --quiet "$dir/items.jsonl" > "$dir/out" 2> "$dir/err"
rc=$?
[ $rc -eq 1 ] || fail "exit status $rc, expected 1 (lines rejected)"
[ "$(wc -l < "$dir/out")" -eq 4 ] || fail "expected 4 decisions: $(cat "$dir/out")"
ids=$(grep -o '"item_id":"[^"]*"' "$dir/out" | cut -d'"' -f4 | tr '\n' ' ')
[ "$ids" = "EE471108151FR EB000717595HK RR072705659PL LA000000005VN " ] || fail "order: $ids"
sed -n 1p "$dir/out" | grep -q '"decision":"accept","score":0.00,"kinds":\[\]' || fail "clean item: $(sed -n 1p "$dir/out")"
sed -n 2p "$dir/out" | grep -q '"decision":"hold".*"kinds":\["postal.drugs"\].*ma tuý đá' || fail "drugs: $(sed -n 2p "$dir/out")"
sed -n 3p "$dir/out" | grep -q '"decision":"accept"' || fail "water gun: $(sed -n 3p "$dir/out")"
sed -n 4p "$dir/out" | grep -q '"decision":"inspect"' || fail "vague export: $(sed -n 4p "$dir/out")"
grep -q "items.jsonl:3: " "$dir/err" || fail "no error for line 3: $(cat "$dir/err")"
grep -q "items.jsonl:6: missing required field 'contents'" "$dir/err" || fail "line 6: $(cat "$dir/err")"
grep -q "items.jsonl:7: field 'accepted_at'" "$dir/err" || fail "line 7: $(cat "$dir/err")"
grep -q "items.jsonl:8: field 'weight_g': expected a number" "$dir/err" || fail "line 8: $(cat "$dir/err")"
grep -q "items.jsonl:9: field 'sender.name': invalid UTF-8" "$dir/err" || fail "line 9: $(cat "$dir/err")"
[ "$(wc -l < "$dir/err")" -eq 5 ] || fail "expected 5 error lines: $(cat "$dir/err")"

# gzip and standard input give the same decisions.
gzip -c "$dir/items.jsonl" > "$dir/items.jsonl.gz"
"$bin" postal screen --quiet - < "$dir/items.jsonl.gz" > "$dir/out2" 2>/dev/null
cmp -s "$dir/out" "$dir/out2" || fail "gzip on stdin differs"

# A watch list holds an otherwise clean item.
printf 'kind,value,note\nphone,+84 912 345 678,Vụ việc #12\nbogus,1,x\n' > "$dir/watch.csv"
item EE471108151FR 1 "Áo thun nam" > "$dir/one.jsonl"
"$bin" postal screen --quiet --watchlist "$dir/watch.csv" "$dir/one.jsonl" > "$dir/out3" 2> "$dir/err3"
[ $? -eq 1 ] || fail "a bad watch list row must make the status 1"
grep -q '"decision":"hold".*Vụ việc #12' "$dir/out3" || fail "watch list: $(cat "$dir/out3")"
grep -q "watch.csv:3: unknown kind 'bogus'" "$dir/err3" || fail "watch list error: $(cat "$dir/err3")"

# Usage and fatal errors.
"$bin" postal screen > /dev/null 2>&1; [ $? -eq 2 ] || fail "no file must be a usage error"
"$bin" postal screen --quiet "$dir/none.jsonl" > /dev/null 2>&1; [ $? -eq 3 ] || fail "missing file must be fatal"
printf 'hold_score = 2\n' > "$dir/bad.conf"
"$bin" postal screen --config "$dir/bad.conf" "$dir/one.jsonl" > /dev/null 2> "$dir/err4"
[ $? -eq 3 ] && grep -q "bad.conf:1" "$dir/err4" || fail "bad config: $(cat "$dir/err4")"

# gen and eval agree on a small generated set.
"$bin" postal gen --items 3000 --seed 9 --truth "$dir/truth.csv" --watchlist-out "$dir/gw.csv" > "$dir/gen.jsonl" || fail "gen"
[ "$(wc -l < "$dir/gen.jsonl")" -eq 3000 ] || fail "gen count"
"$bin" postal screen --quiet --watchlist "$dir/gw.csv" "$dir/gen.jsonl" > "$dir/gdec" || fail "screen of generated items"
"$bin" postal eval --truth "$dir/truth.csv" "$dir/gdec" > "$dir/eval" || fail "eval"
grep -q '^must_stop_recall ' "$dir/eval" && grep -q '^false_stop_rate ' "$dir/eval" || fail "eval output: $(cat "$dir/eval")"

# The store (its alerts and case subjects are tested in test_sink.c): a clean
# run creates it; alerts need a department to receive them, which a fresh
# store lacks, and the run says so and fails.
"$bin" postal screen --quiet --db "$dir/cg.db" "$dir/one.jsonl" > /dev/null || fail "store creation"
"$bin" postal screen --quiet --db "$dir/cg.db" "$dir/items.jsonl" > /dev/null 2> "$dir/db1"
[ $? -eq 3 ] && grep -q "no department organisation" "$dir/db1" || fail "fresh store: $(cat "$dir/db1")"
exit 0
