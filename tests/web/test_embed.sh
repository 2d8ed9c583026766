#!/usr/bin/env bash
# The asset generator: refuses file names it cannot serve, files outside its
# root and twins, and leaves no half-written output behind when it fails.
set -u
embed=build/tools/embed
[ -x "$embed" ] || { echo "FAIL: $embed is not built (make all builds it)"; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$t/web/app" "$t/other"
printf 'x' >"$t/web/app/a.js"; : >"$t/web/empty.txt"; printf 'y' >"$t/other/b.js"
"$embed" "$t/out.c" "$t/web" "$t/web/app/a.js" "$t/web/empty.txt" || fail "a good tree was refused"
grep -q '"/app/a.js"' "$t/out.c" || fail "the served path is missing from the table"
grep -q 'web_assets_count = 2;' "$t/out.c" || fail "the count is wrong"
cc -std=c17 -Wall -Wextra -Werror -Isrc -c -o "$t/out.o" "$t/out.c" || fail "the output does not compile"

check_refused() { # $1 = what, $2 = expected words, rest = arguments
  what=$1 words=$2; shift 2
  rm -f "$t/bad.c"
  if "$embed" "$t/bad.c" "$@" 2>"$t/err"; then fail "$what was accepted"; fi
  grep -q "$words" "$t/err" || { cat "$t/err"; fail "$what: no clear message"; }
  [ ! -e "$t/bad.c" ] || fail "$what left an output file"
}
printf 'z' >"$t/web/has space.js"
check_refused "a name with a space" "printable ASCII" "$t/web" "$t/web/has space.js"
check_refused "a file outside the root" "not under" "$t/web" "$t/other/b.js"
check_refused "a twin" "given twice" "$t/web" "$t/web/app/a.js" "$t/web/app/a.js"
check_refused "a missing file" "No such file" "$t/web" "$t/web/nope.js"
echo "ok"
