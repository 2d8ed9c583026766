#!/usr/bin/env bash
# test_holdout.sh: descriptions written by hand, apart from the generator:
# everyday goods (tests/postal/data/clean.txt) must be accepted, things that
# must be stopped (stop.txt) held or inspected. A line may give a declared
# value after a tab.
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
data=tests/postal/data

mk() { # file -> items
  n=0
  while IFS=$'\t' read -r desc value; do
    [ -z "$desc" ] && continue
    n=$((n + 1))
    d=${desc//\\/\\\\}
    d=${d//\"/\\\"}
    printf '{"item_id":"H%06d","direction":"domestic","accepted_at":%d,"sender":{"name":"Lê Văn Minh","phone":"09%08d","address":"%d Lê Lợi, TP Huế"},"recipient":{"name":"Phạm Thị Lan","phone":"03%08d","address":"7 Trần Phú, Đà Nẵng"},"contents":[{"description":"%s","quantity":1}],"weight_g":800,"declared_value_vnd":%s,"cod_vnd":%s}\n' \
      "$n" $((1793577600 + n * 600)) "$n" "$n" "$n" "$d" "${value:-250000}" "${value:-250000}"
  done < "$1"
}

mk "$data/clean.txt" > "$dir/clean.jsonl"
mk "$data/stop.txt" > "$dir/stop.jsonl"
"$CANHGAC" postal screen --quiet "$dir/clean.jsonl" > "$dir/clean.out" || { echo "screen failed"; exit 1; }
"$CANHGAC" postal screen --quiet "$dir/stop.jsonl" > "$dir/stop.out" || { echo "screen failed"; exit 1; }
bad=0
paste -d'\t' <(grep -v '^$' "$data/clean.txt" | cut -f1) "$dir/clean.out" | grep -v '"decision":"accept"' && bad=1
paste -d'\t' <(grep -v '^$' "$data/stop.txt" | cut -f1) "$dir/stop.out" | grep '"decision":"accept"' && bad=1
echo "clean: $(grep -c '"accept"' "$dir/clean.out") of $(wc -l < "$dir/clean.out") accepted;" \
     "must stop: $(grep -vc '"accept"' "$dir/stop.out") of $(wc -l < "$dir/stop.out") stopped"
exit $bad
