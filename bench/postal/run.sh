#!/usr/bin/env bash
# bench/postal/run.sh: screen generated postal items on one core and compare
# with merely reading the same file (`wc -l`) from the page cache in the
# same run. Prints figures, asserts nothing. BENCH_ITEMS sets the size
# (default 10 million items, about 6 GB of JSON Lines in a temporary folder
# under build/, removed at the end).
set -eu
cd "$(dirname "$0")/../.."
bin=build/canhgac
[ -x "$bin" ] || make -j2 all >/dev/null
n=${BENCH_ITEMS:-10000000}
dir=$(mktemp -d build/bench-postal.XXXXXX)
trap 'rm -rf "$dir"' EXIT
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }

echo "postal bench: generating $n items..."
t0=$(now)
"$bin" postal gen --items "$n" --seed 42 --truth "$dir/truth.csv" --watchlist-out "$dir/watch.csv" > "$dir/items.jsonl"
t1=$(now)
bytes=$(stat -c %s "$dir/items.jsonl")
echo "  generated $(awk -v b="$bytes" 'BEGIN { printf "%.2f GB", b / 1e9 }') in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f s", b - a }')"

# Warm the page cache, then time a plain read of the file.
wc -l "$dir/items.jsonl" > /dev/null
t0=$(now)
lines=$($pin wc -l < "$dir/items.jsonl")
t1=$(now)
wc_rate=$(rate "$lines" "$t0" "$t1")

# The processor time of the run as well as its wall-clock time: on a
# machine shared with other work the two differ, and the first says what
# the program costs.
TIMEFORMAT='%R %U %S'
# The start-up alone (the dictionary compiled, the lists loaded), on an
# empty input: part of every run, whatever its size. The first run may
# compile the dictionary and cache it (CANHGAC_CACHE, see docs/postal.md);
# the second reads the cache, as the screening run below does.
: > "$dir/empty.jsonl"
{ time $pin "$bin" postal screen --quiet --watchlist "$dir/watch.csv" "$dir/empty.jsonl" \
    > /dev/null; } 2> "$dir/time00.txt"
startup_first=$(awk '{ printf "%.2f", $2 + $3 }' "$dir/time00.txt")
{ time $pin "$bin" postal screen --quiet --watchlist "$dir/watch.csv" "$dir/empty.jsonl" \
    > /dev/null; } 2> "$dir/time0.txt"
startup=$(awk '{ printf "%.2f", $2 + $3 }' "$dir/time0.txt")
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
t0=$(now)
{ time $pin "$bin" postal screen --quiet --watchlist "$dir/watch.csv" "$dir/items.jsonl" \
    > "$dir/decisions.jsonl"; } 2> "$dir/time.txt"
t1=$(now)
screen_rate=$(rate "$n" "$t0" "$t1")
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
cpu=$(awk '{ printf "%.2f", $2 + $3 }' "$dir/time.txt")

echo "  load average before:    $load"
echo "  start-up (empty input): $startup s of processor time ($startup_first s on the first run)"
echo "  wc -l (page cache):     $wc_rate lines/s"
echo "  postal screen, 1 core:  $screen_rate items/s ($n items in $secs s," \
     "$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.0f MB/s", b / s / 1e6 }'))"
echo "  by processor time:      $(awk -v n="$n" -v c="$cpu" 'BEGIN { printf "%.0f", n / c }') items/s" \
     "($cpu s user + system)"
echo "  less the start-up:      $(awk -v n="$n" -v c="$cpu" -v z="$startup" 'BEGIN { if (c > z) printf "%.0f", n / (c - z); else print "-" }') items/s"
# Instructions per item where the processor's counters can be read (not in
# every virtual machine): one more run under perf stat.
if command -v perf >/dev/null &&
   ins=$(perf stat -x, -e instructions:u $pin "$bin" postal screen --quiet --watchlist "$dir/watch.csv" \
         "$dir/items.jsonl" 2>&1 >/dev/null | awk -F, '$3 ~ /^instructions/ && $1 ~ /^[0-9]+$/ { print $1 }') &&
   [ -n "$ins" ]; then
  echo "  instructions per item:  $(awk -v i="$ins" -v n="$n" 'BEGIN { printf "%.0f", i / n }') (start-up included)"
fi
echo "  screen / wc -l:         $(awk -v a="$screen_rate" -v b="$wc_rate" 'BEGIN { printf "%.3f", a / b }')"
echo "  decisions: $(grep -c '"hold"' "$dir/decisions.jsonl") hold," \
     "$(grep -c '"inspect"' "$dir/decisions.jsonl") inspect"
"$bin" postal eval --truth "$dir/truth.csv" "$dir/decisions.jsonl" | sed -n '1,3s/^/  /p'
