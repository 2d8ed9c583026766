# screen_lines.sh: sourced by the postal test scripts that screen
# descriptions written by hand, one a line (a tab and a declared value may
# follow). It makes $dir (a scratch folder, removed on exit) and sets
# $data (the folder of the lists). The caller may set LINE_PREFIX (item
# IDs), LINE_WEIGHT_G, LINE_VALUE_VND (when a line gives none), LINE_COD
# (1: cash on delivery equal to the value) and LINE_JSON (1: the lines are
# JSON string contents, their escapes kept: "cần\nsa").
# screen_lines NAME FILE DIRECTION WANT checks that every line is stopped
# (WANT stop: held or inspected) or accepted (WANT accept), prints a count
# and sets bad=1 on a failure; screen_unaccented NAME FILE DIRECTION checks
# that every line written without its diacritics is accepted.
[ -x "${CANHGAC:-}" ] || { echo "CANHGAC does not name the program"; exit 1; }
bad=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
data=tests/postal/data

line_items() { # file direction -> postal-jsonl items
  local n=0 desc value d cod
  while IFS=$'\t' read -r desc value; do
    [ -z "$desc" ] && continue
    n=$((n + 1))
    d=$desc
    [ "${LINE_JSON:-0}" = 1 ] || d=${d//\\/\\\\}
    d=${d//\"/\\\"}
    value=${value:-${LINE_VALUE_VND:-250000}}
    cod=""
    [ "${LINE_COD:-1}" = 1 ] && cod=",\"cod_vnd\":$value"
    printf '{"item_id":"%s%06d","direction":"%s","accepted_at":%d,"sender":{"name":"Lê Văn Minh","phone":"09%08d","address":"%d Lê Lợi, TP Huế"},"recipient":{"name":"Phạm Thị Lan","phone":"03%08d","address":"7 Trần Phú, Đà Nẵng"},"contents":[{"description":"%s","quantity":1}],"weight_g":%d,"declared_value_vnd":%s%s}\n' \
      "${LINE_PREFIX:-L}" "$n" "$2" $((1793577600 + n * 600)) "$n" "$n" "$n" "$d" \
      "${LINE_WEIGHT_G:-800}" "$value" "$cod"
  done < "$1"
}

# The same lines with every diacritic stripped (đ as d).
strip_marks() { # file -> lines
  python3 -c '
import sys, unicodedata
for l in open(sys.argv[1], encoding="utf-8"):
    d = unicodedata.normalize("NFD", l).replace("\u0111", "d").replace("\u0110", "D")
    sys.stdout.write("".join(c for c in d if not unicodedata.combining(c)))
' "$1"
}

screen_lines() { # name file direction want(stop|accept)
  line_items "$2" "$3" > "$dir/$1.jsonl"
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

screen_unaccented() { # name file direction
  strip_marks "$2" > "$dir/$1.txt"
  screen_lines "$1" "$dir/$1.txt" "$3" accept
}
