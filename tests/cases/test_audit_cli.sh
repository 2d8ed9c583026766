#!/usr/bin/env bash
# `canhgac audit verify --db FILE`: exit 0 on an intact chain, 1 naming the
# first altered entry, 2 on usage errors, 3 when the store cannot be opened.
# Builds a chain by hand (sqlite3 and sha256sum), so it also pins the chain
# format documented in docs/platform-store.md.
set -u
command -v sqlite3 >/dev/null || { echo "the sqlite3 command line tool is needed (Debian: sqlite3)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/store.db"
fail() { echo "FAIL: $*"; exit 1; }

"$CANHGAC" audit >/dev/null 2>&1; [ $? -eq 2 ] || fail "no arguments should be a usage error"
"$CANHGAC" audit verify >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --db should be a usage error"
"$CANHGAC" audit verify --db "$tmp/missing.db" >/dev/null 2>&1; [ $? -eq 3 ] || fail "missing file should exit 3"
[ -e "$tmp/missing.db" ] && fail "verify created a missing store"

# An empty store (created by opening it once) verifies.
touch "$db"
out=$("$CANHGAC" audit verify --db "$db") || fail "empty store: $out"
echo "$out" | grep -q "intact, 0 entries" || fail "empty store: $out"

# Entries written as the store writes them: the changes into the store, the
# views of cases into its access log beside it (FILE-access), each chain with
# its own tag.
chain() { # file table tag n action
  local prev=0000000000000000000000000000000000000000000000000000000000000000 id at hash
  for id in $(seq 1 "$4"); do
    at=$((1790000000 + id)); object="case:$id"; detail="{\"n\":$id}"
    hash=$(printf '%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s' "$3" \
           "$id" "$at" 7 3 "$5" "$object" "$detail" "$prev" | sha256sum | cut -d' ' -f1)
    sqlite3 "$1" "INSERT INTO $2(id, at, user_id, org_id, action, object, detail, prev, hash)
                  VALUES ($id, $at, 7, 3, '$5', '$object', '$detail', '$prev', '$hash');" \
      || fail "cannot insert entry $id into $2"
    prev=$hash
  done
}
chain "$db" audit canhgac-audit-v1 3 case.note
chain "$db-access" access_log canhgac-access-v1 4 case.view
out=$("$CANHGAC" audit verify --db "$db") || fail "intact chain rejected: $out"
echo "$out" | grep -q "audit chain intact, 3 entries" || fail "intact chain: $out"
echo "$out" | grep -q "access log chain intact, 4 entries" || fail "intact access log: $out"

# A view deleted from the access log behind the store's back.
sqlite3 "$db-access" "DROP TRIGGER access_log_no_delete; DELETE FROM access_log WHERE id = 3;"
out=$("$CANHGAC" audit verify --db "$db"); rc=$?
[ $rc -eq 1 ] || fail "access log with a hole: exit $rc, want 1: $out"
echo "$out" | grep -q "access log entry 4 altered: entries before it are missing" ||
  fail "the hole in the access log is not named: $out"
echo "$out" | grep -q "audit chain intact, 3 entries" || fail "audit chain: $out"

# Someone with the file alters entry 2 behind the store's back.
sqlite3 "$db" "DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{\"n\":20}' WHERE id = 2;"
out=$("$CANHGAC" audit verify --db "$db"); rc=$?
[ $rc -eq 1 ] || fail "altered chain: exit $rc, want 1: $out"
echo "$out" | grep -q "entry 2 altered" || fail "altered chain does not name entry 2: $out"
echo "ok"
