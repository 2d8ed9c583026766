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
#  shops' exports leave in.
#  - glued_stop.txt / glued_clean.txt: words run together in text with
#    diacritics ("sữabộtgiả", "HàngJAV", "emngắnK54", "tiền500kgiả"), and
#    goods so written that are innocent, with typing slips that a cut into
#    syllables would turn into other words ("quầná o", "thcự phẩm").
#  - hidden_wrapped_stop.txt / hidden_wrapped_clean.txt (line breaks as
#    JSON escapes): names a line break cuts, in a word or between its
#    words, and lists one item a line that no break joins.
set -u
LINE_PREFIX=H LINE_WEIGHT_G=600 LINE_VALUE_VND=200000 LINE_COD=0
. tests/postal/screen_lines.sh

screen_lines stop "$data/hidden_stop.txt" domestic stop
screen_lines clean "$data/hidden_clean.txt" domestic accept
screen_unaccented clean_unaccented "$data/hidden_clean.txt" domestic

screen_lines glued_stop "$data/glued_stop.txt" domestic stop
screen_lines glued_clean "$data/glued_clean.txt" domestic accept

# Line breaks, kept as JSON escapes in these lists.
LINE_JSON=1 screen_lines wrapped_stop "$data/hidden_wrapped_stop.txt" domestic stop
LINE_JSON=1 screen_lines wrapped_clean "$data/hidden_wrapped_clean.txt" domestic accept
exit $bad
