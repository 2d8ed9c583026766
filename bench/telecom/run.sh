#!/usr/bin/env bash
# The telecom scanner on an operator-sized file: 1 million subscribers and
# about 100 million call records (generated once into bench/data/, which git
# ignores, and reused), scanned on one core. Prints records per second, the
# peak memory per subscriber, and the ratio to the time of merely reading the
# same file from the page cache, measured in the same run. The yardstick is
# `wc -l FILE`, which reads every byte: GNU `cat FILE > /dev/null` may copy
# without reading into user space at all, so its time is shown but is no
# measure of reading. The alerts and timings go to build/bench/telecom
# (the data directory is only read).
#   BENCH_SUBSCRIBERS=1000000 BENCH_DAYS=6 bench/telecom/run.sh
set -eu
cd "$(dirname "$0")/../.."
bin=build/canhgac
[ -x $bin ] || { echo "build first: make all"; exit 1; }
subs=${BENCH_SUBSCRIBERS:-1000000}
days=${BENCH_DAYS:-6}
data=bench/data/telecom-$subs-$days
out=build/bench/telecom
mkdir -p "$out"
if [ ! -s "$data/cdr.csv" ]; then
  mkdir -p "$data"
  echo "generating $subs subscribers over $days days into $data (once)..."
  start=$(date +%s.%N)
  $bin telecom gen --out "$data" --subscribers "$subs" --days "$days" --level mixed --seed 11
  echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
bytes=$(stat -L -c %s "$data/cdr.csv")
echo "file: $data/cdr.csv, $((bytes / 1000000)) MB"
echo "machine load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$data/cdr.csv" > /dev/null   # into the page cache
t0=$(date +%s.%N); cat "$data/cdr.csv" > /dev/null; t1=$(date +%s.%N)
cat_s=$(echo "$t1 - $t0" | bc)
t0=$(date +%s.%N); records=$(($(wc -l < "$data/cdr.csv") - 1)); t1=$(date +%s.%N)
wc_s=$(echo "$t1 - $t0" | bc)
taskset=""; command -v taskset >/dev/null && taskset="taskset -c 0"
/usr/bin/time -v -o "$out/time.txt" $taskset $bin telecom scan --quiet \
  --test-calls "$data/testcalls.csv" "$data/cdr.csv" > "$out/alerts.jsonl"
scan_s=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$out/time.txt")
cpu_s=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$out/time.txt")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
echo "records:              $records"
echo "cat > /dev/null:      $cat_s s (no yardstick: the bytes need not reach user space)"
echo "wc -l (page cache):   $wc_s s ($(echo "$records / $wc_s / 1000000" | bc -l | cut -c1-5) M lines/s)"
echo "telecom scan:         $scan_s s ($(echo "$records / $scan_s / 1000000" | bc -l | cut -c1-5) M records/s, one core; $cpu_s s of CPU)"
echo "scan / wc -l:         $(echo "$scan_s / $wc_s" | bc -l | cut -c1-5) x (the time of merely reading the file)"
echo "peak memory:          $((rss_kb / 1024)) MiB, $(echo "$rss_kb * 1024 / $subs" | bc) bytes per subscriber ($subs ordinary, plus the hard negatives and boxes)"
echo "machine load after:   $(cut -d' ' -f1-3 /proc/loadavg)"
$bin telecom eval --truth "$data/truth.csv" --test-calls "$data/testcalls.csv" "$out/alerts.jsonl"
