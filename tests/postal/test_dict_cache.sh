#!/usr/bin/env bash
# test_dict_cache.sh: the compiled dictionary is kept in a cache directory
# and used again; a damaged or foreign cache file is compiled anew, and
# "off" keeps no cache. Decisions are the same every way.
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
items="$dir/items.jsonl"
"$CANHGAC" postal gen --items 300 --seed 11 > "$items" 2>/dev/null || { echo "gen failed"; exit 1; }
screen() { CANHGAC_CACHE="$1" "$CANHGAC" postal screen --quiet "$items" > "$2" 2>/dev/null; }

screen off "$dir/ref.jsonl" || { echo "screen failed"; exit 1; }
[ -s "$dir/ref.jsonl" ] || { echo "no decisions"; exit 1; }

screen "$dir/cache" "$dir/first.jsonl"
n=$(ls "$dir/cache"/postal-*.hsdb 2>/dev/null | wc -l)
[ "$n" -ge 1 ] || { echo "FAIL: no cache file written"; fail=1; }
cmp -s "$dir/ref.jsonl" "$dir/first.jsonl" || { echo "FAIL: decisions differ on the run that wrote the cache"; fail=1; }

screen "$dir/cache" "$dir/second.jsonl"
cmp -s "$dir/ref.jsonl" "$dir/second.jsonl" || { echo "FAIL: decisions differ when read from the cache"; fail=1; }

# A damaged file: cut in half, then garbage.
for f in "$dir/cache"/postal-*.hsdb; do head -c 1000 "$f" > "$f.cut" && mv "$f.cut" "$f"; done
screen "$dir/cache" "$dir/third.jsonl" || { echo "FAIL: a damaged cache stopped the run"; fail=1; }
cmp -s "$dir/ref.jsonl" "$dir/third.jsonl" || { echo "FAIL: decisions differ with a damaged cache"; fail=1; }
for f in "$dir/cache"/postal-*.hsdb; do printf 'not a database' > "$f"; done
screen "$dir/cache" "$dir/fourth.jsonl" || { echo "FAIL: a foreign cache file stopped the run"; fail=1; }
cmp -s "$dir/ref.jsonl" "$dir/fourth.jsonl" || { echo "FAIL: decisions differ with a foreign cache file"; fail=1; }

# A cache that cannot be written is no error.
touch "$dir/file"
screen "$dir/file/sub" "$dir/fifth.jsonl" || { echo "FAIL: an unwritable cache stopped the run"; fail=1; }
cmp -s "$dir/ref.jsonl" "$dir/fifth.jsonl" || { echo "FAIL: decisions differ with an unwritable cache"; fail=1; }

# "off" writes nothing.
screen off "$dir/sixth.jsonl"
[ ! -e off ] || { echo "FAIL: a directory named off was made"; fail=1; }
[ $fail -eq 0 ] && echo "cache: every case as expected"
exit $fail
