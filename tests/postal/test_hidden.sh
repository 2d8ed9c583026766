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
exit $bad
