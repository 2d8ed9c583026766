#!/usr/bin/env bash
# Runs every test program (cmocka), every test script and, after `--`, every
# fuzz target for a short time; prints each failure's output and closes with
# "N passed, N failed". Exit status 0 only when nothing failed.
#
# Test scripts run from the repository's root with CANHGAC set to the
# sanitizer build of the binary; they exit 0 on success.
set -u
cd "$(dirname "$0")/.."
export CANHGAC="$PWD/build/asan/canhgac"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Compiled dictionaries are cached in the build tree, not in the home of
# whoever runs the tests.
export CANHGAC_CACHE="$PWD/build/cache"
fuzz_seconds="${FUZZ_SMOKE_SECONDS:-6}"
mkdir -p build/test-logs

passed=0 failed=0 failures=""
progs=() fuzzers=() seen_sep=0
for a in "$@"; do
  if [ "$a" = "--" ]; then seen_sep=1; continue; fi
  if [ $seen_sep -eq 0 ]; then progs+=("$a"); else fuzzers+=("$a"); fi
done

for t in "${progs[@]}"; do
  name="${t#build/asan/}"; log="build/test-logs/$(echo "$name" | tr / _).log"
  case "$t" in
    *.sh) bash "$t" >"$log" 2>&1; rc=$?
          if [ $rc -eq 0 ]; then passed=$((passed+1)); echo "ok   $name"
          else failed=$((failed+1)); failures+="$name "; echo "FAIL $name"; cat "$log"; fi ;;
    *)    "$t" >"$log" 2>&1; rc=$?
          p=$(grep -Eo '^\[  PASSED  \] [0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n1)
          f=$(grep -Eo '^\[  FAILED  \] [0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n1)
          p=${p:-0}; f=${f:-0}
          # A crash or a sanitizer report after the summary still fails the program.
          if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
          passed=$((passed+p)); failed=$((failed+f))
          if [ "$f" -eq 0 ]; then echo "ok   $name ($p)"
          else failures+="$name "; echo "FAIL $name"; cat "$log"; fi ;;
  esac
done

for z in "${fuzzers[@]}"; do
  n=$(basename "$z"); corpus="build/fuzz-corpus/$n"; log="build/test-logs/$n.log"
  mkdir -p "$corpus"
  seeds=""; [ -d "fuzz/corpus/$n" ] && seeds="fuzz/corpus/$n"
  if "$z" -max_total_time="$fuzz_seconds" -print_final_stats=0 "$corpus" $seeds >"$log" 2>&1; then
    passed=$((passed+1)); echo "ok   $n (fuzzed ${fuzz_seconds}s)"
  else
    failed=$((failed+1)); failures+="$n "; echo "FAIL $n"; tail -n 60 "$log"
  fi
done

[ -n "$failures" ] && echo "failed: $failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
