#!/usr/bin/env bash
# test_senders.sh: descriptions written by hand the way senders write them,
# apart from the generator. senders_hold.txt: goods that must be stopped
# (held or inspected), in every language and spelling: without diacritics,
# spelled out with spaces, dots or dashes, leet, Telex keystrokes typed
# without the input method ("mas tuys"), invisible characters inside words,
# doubled letters, mixed case. senders_inspect.txt: valuables declared too
# cheap, medicines without an invoice. senders_clean.txt: innocent goods, many of
# them look-alikes ("phao bơi", "kẹo lạc", "súng bắn keo"), which must be
# accepted. Vague descriptions ("quà", "hàng") pass on domestic items and are
# inspected on items crossing the border.
set -u
[ -x "${CANHGAC:-}" ] || { echo "CANHGAC does not name the program"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
data=tests/postal/data

mk() { # file direction -> items
  n=0
  while IFS=$'\t' read -r desc value; do
    [ -z "$desc" ] && continue
    n=$((n + 1))
    d=${desc//\\/\\\\}
    d=${d//\"/\\\"}
    printf '{"item_id":"S%06d","direction":"%s","accepted_at":%d,"sender":{"name":"Lê Văn Minh","phone":"09%08d","address":"%d Lê Lợi, TP Huế"},"recipient":{"name":"Phạm Thị Lan","phone":"03%08d","address":"7 Trần Phú, Đà Nẵng"},"contents":[{"description":"%s","quantity":1}],"weight_g":800,"declared_value_vnd":%s,"cod_vnd":%s}\n' \
      "$n" "$2" $((1793577600 + n * 600)) "$n" "$n" "$n" "$d" "${value:-250000}" "${value:-250000}"
  done < "$1"
}

bad=0
run() { # name file direction want(stop|accept)
  mk "$2" "$3" > "$dir/$1.jsonl"
  "$CANHGAC" postal screen --quiet "$dir/$1.jsonl" > "$dir/$1.out" || { echo "FAIL: screen failed on $1"; bad=1; return; }
  local miss
  if [ "$4" = stop ]; then
    miss=$(paste -d'\t' <(grep -v '^$' "$2" | cut -f1) "$dir/$1.out" | grep '"decision":"accept"')
  else
    miss=$(paste -d'\t' <(grep -v '^$' "$2" | cut -f1) "$dir/$1.out" | grep -v '"decision":"accept"')
  fi
  if [ -n "$miss" ]; then
    echo "FAIL: $1: want $4 for:"
    echo "$miss" | cut -c1-200
    bad=1
  fi
  echo "$1: $(grep -vc '"decision":"accept"' "$dir/$1.out") of $(wc -l < "$dir/$1.out") stopped (want $4)"
}

run hold "$data/senders_hold.txt" domestic stop
run clean "$data/senders_clean.txt" domestic accept
# The same innocent goods written without any diacritics: "bom xe dap" is a
# bicycle pump, "keo dan sat" glue, "ao so mi cong so" a shirt.
python3 -c '
import sys, unicodedata
for l in open(sys.argv[1], encoding="utf-8"):
    d = unicodedata.normalize("NFD", l).replace("\u0111", "d").replace("\u0110", "D")
    sys.stdout.write("".join(c for c in d if not unicodedata.combining(c)))
' "$data/senders_clean.txt" > "$dir/clean_unaccented.txt"
run clean_unaccented "$dir/clean_unaccented.txt" domestic accept
run inspect "$data/senders_inspect.txt" domestic stop
# Imports written in English and Chinese: "Black Opium" perfume, bullet
# cameras, phone cases (手机壳), tool guns (焊枪) pass.
run clean_import "$data/senders_clean_import.txt" import accept
run vague_domestic "$data/senders_vague.txt" domestic accept
run vague_import "$data/senders_vague.txt" import stop
run vague_export "$data/senders_vague.txt" export stop
exit $bad
