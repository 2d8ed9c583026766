#!/usr/bin/env bash
# docs/openapi.json and the server agree: every route the router has is
# documented, and every documented route answers on the running server
# (neither "no such endpoint" nor "method not allowed").
. tests/http/server.sh
"$CANHGAC" serve --routes >"$TMP/routes.txt" || { echo "serve --routes failed"; exit 1; }
PYTHONPATH=tests/http python3 - "$TMP/routes.txt" <<'PY'
import json, sys
from client import Session, passwords, check, done
doc = json.load(open("docs/openapi.json", encoding="utf-8"))
check(doc.get("openapi", "").startswith("3."), "docs/openapi.json is OpenAPI 3")
documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
routed = {tuple(l.split()) for l in open(sys.argv[1]) if l.strip()}
check(not routed - documented, "every route is documented; missing: %s" % sorted(routed - documented))
check(not documented - routed, "every documented route exists; not in the router: %s" % sorted(documented - routed))
s = Session("dieuphoi", passwords()["dieuphoi"])
# The session must survive the walk: log out last.
for m, p in sorted(documented, key=lambda x: x[1] == "/api/logout"):
    url = p.replace("{id}", "1").replace("{task}", "1").replace("{code}", "AAAAA-AAAAA-AAAAA-AAAAA")
    if url == "/api/reports":
        url += "?from=2026-01-01&to=2026-01-31"
    st, body, _ = s.req(m, url, body={} if m in ("POST", "PATCH") and "files" not in p and "evidence" not in p else None,
                        raw=b"x" if "files" in p or "evidence" in p else None)
    code = body.get("error", {}).get("code") if isinstance(body, dict) else None
    check(st != 405 and code != "no_route", "%s %s answers (%d %s)" % (m, p, st, code or ""))
done()
PY
