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
LINE_PREFIX=S
. tests/postal/screen_lines.sh

screen_lines hold "$data/senders_hold.txt" domestic stop
screen_lines clean "$data/senders_clean.txt" domestic accept
# The same innocent goods written without any diacritics: "bom xe dap" is a
# bicycle pump, "keo dan sat" glue, "ao so mi cong so" a shirt.
screen_unaccented clean_unaccented "$data/senders_clean.txt" domestic
screen_lines inspect "$data/senders_inspect.txt" domestic stop
# Imports written in English and Chinese: "Black Opium" perfume, bullet
# cameras, phone cases (手机壳), tool guns (焊枪) pass.
screen_lines clean_import "$data/senders_clean_import.txt" import accept
screen_lines vague_domestic "$data/senders_vague.txt" domestic accept
screen_lines vague_import "$data/senders_vague.txt" import stop
screen_lines vague_export "$data/senders_vague.txt" export stop
exit $bad
