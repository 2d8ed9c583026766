#!/usr/bin/env bash
# test_written.sh: a second set of descriptions written by hand, apart from
# the generator and from the first set (test_senders.sh), for what senders
# write that the first set did not cover:
#  - written_stop.txt (held or inspected): slang names of drugs with the
#    words that go with them ("đá 2 chỉ", "kẹo bay", "cỏ hút", "gói ke");
#    words typed in VNI ("ma tu1y d9a1") or VIQR ("ma tu'y dda'"); letters
#    drawn with strokes ("s|_|ng"); look-alikes standing for a vowel that
#    carried the tone ("đ4n chì"); words split with several kinds of
#    separators ("m.a-t_u y"); diacritics on some words only ("tien mặt");
#    "phao" (a float) written for "pháo" next to "nổ", "tép", "điện";
#    "sung" (a fig) for "súng" next to "bút", "nén hơi"; money sent along,
#    written as an amount ("phong bì mừng cưới 2 triệu", "kẹp 300 đô",
#    "$500", "50 euro"); forged documents ("cccd giả").
#  - written_clean.txt (accepted, as written and without diacritics):
#    the innocent look-alikes of those words: whetstones and football boots
#    ("đá"), candies, lawn grass and hay ("cỏ"), toy aeroplanes and trowels
#    ("bay"), angle brackets ("ke"), mushrooms, figs and supplements
#    ("sung", "bổ sung"), fishing floats ("phao câu đài điện tử"), money
#    clips, envelopes, red envelopes, prices ("áo thun giá 20 usd"), false
#    eyelashes and faux leather ("giả"), paper offerings for the dead.
set -u
[ -x "${CANHGAC:-}" ] || { echo "CANHGAC does not name the program"; exit 1; }
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
    printf '{"item_id":"W%06d","direction":"domestic","accepted_at":%d,"sender":{"name":"Trần Văn Hải","phone":"09%08d","address":"%d Hai Bà Trưng, Vinh"},"recipient":{"name":"Ngô Thị Hoa","phone":"03%08d","address":"15 Nguyễn Huệ, Quy Nhơn"},"contents":[{"description":"%s","quantity":1}],"weight_g":600,"declared_value_vnd":%s}\n' \
      "$n" $((1793577600 + n * 900)) "$n" "$n" "$n" "$d" "${value:-200000}"
  done < "$1"
}

bad=0
run() { # name file want(stop|accept)
  mk "$2" > "$dir/$1.jsonl"
  "$CANHGAC" postal screen --quiet "$dir/$1.jsonl" > "$dir/$1.out" || { echo "FAIL: screen failed on $1"; bad=1; return; }
  local miss
  if [ "$3" = stop ]; then
    miss=$(paste -d'\t' <(grep -v '^$' "$2" | cut -f1) "$dir/$1.out" | grep '"decision":"accept"')
  else
    miss=$(paste -d'\t' <(grep -v '^$' "$2" | cut -f1) "$dir/$1.out" | grep -v '"decision":"accept"')
  fi
  if [ -n "$miss" ]; then
    echo "FAIL: $1: want $3 for:"
    echo "$miss" | cut -c1-200
    bad=1
  fi
  echo "$1: $(grep -vc '"decision":"accept"' "$dir/$1.out") of $(wc -l < "$dir/$1.out") stopped (want $3)"
}

run stop "$data/written_stop.txt" stop
run clean "$data/written_clean.txt" accept
python3 -c '
import sys, unicodedata
for l in open(sys.argv[1], encoding="utf-8"):
    d = unicodedata.normalize("NFD", l).replace("\u0111", "d").replace("\u0110", "D")
    sys.stdout.write("".join(c for c in d if not unicodedata.combining(c)))
' "$data/written_clean.txt" > "$dir/clean_unaccented.txt"
run clean_unaccented "$dir/clean_unaccented.txt" accept
exit $bad
