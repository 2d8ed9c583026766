#!/usr/bin/env bash
# test_hidden.sh: descriptions written by hand that hide a word in the ways
# the normaliser undoes, and their innocent look-alikes:
#  - hidden_stop.txt (held or inspected): letters spelled out one by one
#    with symbols of every kind between them, mixed, with pictures and
#    spaces among them ("s^ú`n#g🔥 h~ơ+i"), whole phrases so spelled with
#    no space at all ("k~ẹ+o•l`ắ^c|h/ộ+p"), amounts spelled out after them;
#    teencode (j for i, z for d: "tjền", "hơj", "zao"); numbers among words
#    written with look-alike digits ("h4t 9i0ng c4n 54"); VNI đ after an
#    amount ("200.000d9"); goods after a cover and a spaced slash
#    ("Bánh pía / ho6p5 tie6p1 d9an5"); a letter ending one word and
#    opening the next spelled out ("k.i.c.h.h.o.a.t"); full-width letters,
#    which count as hiding on purpose ("ｐｈｉｍ　ｃａｐ　３").
#  - hidden_clean.txt (accepted, as written and without diacritics):
#    sizes and codes with symbols between single letters ("S/M/L/XL",
#    "A-B-C-12-X", "Q-W-E-R-T-Y"), brands joined by "+", hashtags, prices
#    ("150k x2", "2+1", "x48", "13x18"), foreign words with j, z, w
#    ("Zara", "Pizza", "Zalo"), model numbers ("WH-1000XM4", "4G"), innocent
#    goods typed in VNI ("Ca2 phe6 d9en").
#  Both hold HTML character references ("s&#250;ng", "H&amp;M"), which
#  shops' exports leave in. Below: names a line break cuts, in a word or
#  between its words, and lists one item a line that no break joins.
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
data=tests/postal/data
LINE_PREFIX=H LINE_WEIGHT_G=600 LINE_VALUE_VND=200000 LINE_COD=0
. tests/postal/screen_lines.sh

screen_lines stop "$data/hidden_stop.txt" domestic stop
screen_lines clean "$data/hidden_clean.txt" domestic accept
strip_marks "$data/hidden_clean.txt" > "$dir/clean_unaccented.txt"
screen_lines clean_unaccented "$dir/clean_unaccented.txt" domestic accept

# JSON strings carry the line breaks, which the files above cannot.
wrapped() { # id want description-as-json-string
  printf '{"item_id":"W%06d","direction":"domestic","accepted_at":1793577600,"sender":{"name":"Lê Văn Minh","phone":"0912345678","address":"1 Lê Lợi, TP Huế"},"recipient":{"name":"Phạm Thị Lan","phone":"0387654321","address":"7 Trần Phú, Đà Nẵng"},"contents":[{"description":"%s","quantity":1}],"weight_g":800,"declared_value_vnd":250000}\n' "$1" "$3" |
    "$CANHGAC" postal screen --quiet - > "$dir/w.out" || { echo "FAIL: screen failed on $3"; bad=1; return; }
  local got=accept
  grep -q '"decision":"accept"' "$dir/w.out" || got=stop
  [ "$got" = "$2" ] || { echo "FAIL: want $2 for $3: $(cat "$dir/w.out")"; bad=1; }
}
wrapped 1 stop 'gậy\r\ntự\r\nvệ điện'
wrapped 2 stop 'Hộp quà, bên trong có hero\nin 2 gói'
wrapped 3 stop 'cần\nsa khô'
wrapped 4 stop 'nd: máy\r\nphá\r\nsóng'
wrapped 5 stop 'Sách tham khảo\nma tuý đá'
wrapped 6 accept 'Áo thun\nquần jean\nbánh kẹo'
wrapped 7 accept 'Sách giáo khoa lớp 5\nvở ô li\nbút bi'
wrapped 8 accept 'Máy sấy tóc\r\nbàn chải đánh răng'
wrapped 9 accept 'Truyện tranh\nsúng nước đồ chơi'
echo "wrapped lines: done"
exit $bad
