#!/usr/bin/env bash
# The telecom scanner on an operator-sized file: 1 million subscribers and
# about 100 million call records (generated once into bench/data/, which git
# ignores, and reused), scanned on one core. Prints records per second, the
# peak memory per subscriber, and the ratio to the time `wc -l` takes to
# read the same file from the page cache, measured in the same run.
#   BENCH_SUBSCRIBERS=1000000 BENCH_DAYS=6 bench/telecom/run.sh
set -eu
cd "$(dirname "$0")/../.."
bin=build/canhgac
[ -x $bin ] || { echo "build first: make all"; exit 1; }
subs=${BENCH_SUBSCRIBERS:-1000000}
days=${BENCH_DAYS:-6}
data=bench/data/telecom-$subs-$days
if [ ! -s "$data/cdr.csv" ]; then
  mkdir -p "$data"
  echo "generating $subs subscribers over $days days into $data (once)..."
  start=$(date +%s.%N)
  $bin telecom gen --out "$data" --subscribers "$subs" --days "$days" --level mixed --seed 11
  echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
bytes=$(stat -c %s "$data/cdr.csv")
echo "file: $data/cdr.csv, $((bytes / 1000000)) MB"
cat "$data/cdr.csv" > /dev/null   # into the page cache
t0=$(date +%s.%N); records=$(($(wc -l < "$data/cdr.csv") - 1)); t1=$(date +%s.%N)
wc_s=$(echo "$t1 - $t0" | bc)
taskset=""; command -v taskset >/dev/null && taskset="taskset -c 0"
/usr/bin/time -v -o "$data/time.txt" $taskset $bin telecom scan --quiet \
  --test-calls "$data/testcalls.csv" "$data/cdr.csv" > "$data/alerts.jsonl"
scan_s=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$data/time.txt")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$data/time.txt")
echo "records:              $records"
echo "wc -l (page cache):   $wc_s s ($(echo "$records / $wc_s / 1000000" | bc -l | cut -c1-5) M lines/s)"
echo "telecom scan:         $scan_s s ($(echo "$records / $scan_s / 1000000" | bc -l | cut -c1-5) M records/s, one core)"
echo "scan / wc -l:         $(echo "$scan_s / $wc_s" | bc -l | cut -c1-5) x"
echo "peak memory:          $((rss_kb / 1024)) MiB, $(echo "$rss_kb * 1024 / $subs" | bc) bytes per subscriber ($subs ordinary, plus the hard negatives and boxes)"
$bin telecom eval --truth "$data/truth.csv" --test-calls "$data/testcalls.csv" "$data/alerts.jsonl"
