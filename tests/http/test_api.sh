#!/usr/bin/env bash
# The JSON API through real HTTP: logins, CSRF, tokens, who may do what,
# duplicate alerts, a case walked from alert to closure with evidence,
# upload limits, tips and their rate limit, malformed input, and a store
# that does not answer.
SERVE_ARGS="--evidence-max 100000"
. tests/http/server.sh
PYTHONPATH=tests/http DB="$TMP/t.db" python3 - <<'PY'
import hashlib, json, os, sqlite3, subprocess
from client import Session, passwords, check, done
pw = passwords()
check(len(pw) == 8, "serve --demo prints one login per role (%d)" % len(pw))
anon = Session()

# --- logging in -------------------------------------------------------
st, b, _ = anon.req("GET", "/api/cases")
check(st == 401 and b["error"]["code"] == "unauthenticated", "no session: 401")
st, b, _ = anon.req("POST", "/api/login", {"login": "qltt", "password": "wrong password"})
check(st == 401, "a wrong password: 401")
st, b, _ = anon.req("POST", "/api/login", {"login": "qltt"})
check(st == 400 and b["error"].get("field") == "password", "a login without password: 400 naming the field")
for _ in range(5):
    st, b, r = anon.req("POST", "/api/login", {"login": "haiquan", "password": "wrong password"})
st, b, r = anon.req("POST", "/api/login", {"login": "haiquan", "password": pw["haiquan"]})
check(st == 429 and int(r.getheader("Retry-After") or 0) > 0, "after 5 failures even the right password waits: 429 with Retry-After")

coord = Session("dieuphoi", pw["dieuphoi"])
check("HttpOnly" in (coord.req("GET", "/api/me")[2].getheader("Set-Cookie") or "HttpOnly"), "session cookie")
st, b, _ = coord.req("POST", "/api/cases", {"violation": "postal.drugs", "title": "x"}, csrf=False)
check(st == 403 and b["error"]["code"] == "csrf", "a change without the CSRF token: 403")
st, b, _ = coord.req("GET", "/api/me")
check(st == 200 and b["login"] == "dieuphoi" and len(b["csrf_token"]) == 64, "GET /api/me gives the user and the CSRF token")

# --- machines: API tokens, alerts ----------------------------------------
admin = Session("quantri", pw["quantri"])
st, b, _ = admin.req("POST", "/api/tokens", {"name": "telecom scanner", "user_id": coord.user["id"]})
check(st == 201 and b["token"].startswith("cg_"), "an administrator makes an API token")
engine = Session(bearer=b["token"])
alert = {"kind": "telecom.bypass", "source": "telecom.scan", "source_ref": "telecom.bypass:84912000001",
         "score": 0.97, "title": "SIM box nghi vấn 84912000001", "observed_at": "2026-11-20T10:00:00",
         "district": "MTO", "detail": {"reasons": ["no_incoming_calls"], "evidence": {"moc": 412}}}
st, b, _ = engine.req("POST", "/api/alerts", alert)
check(st == 201 and b["created"] is True, "a bearer token posts an alert without CSRF: 201")
first = b.get("id")
st, b, _ = engine.req("POST", "/api/alerts", alert)
check(st == 200 and b["created"] is False and b["id"] == first, "the same alert again: 200, the same id, no twin")
st, b, _ = engine.req("POST", "/api/alerts", [dict(alert, source_ref="x:%d" % i) for i in range(3)] + [alert])
check(st == 201 and b == {"received": 4, "created": 3}, "a batch of 4 with one already known creates 3")
st, b, _ = engine.req("POST", "/api/alerts", [alert, dict(alert, score=3)])
check(st == 400 and "score" in b["error"]["message"], "a batch with a bad score is refused whole: 400 naming score")
st, b, _ = engine.req("POST", "/api/alerts", dict(alert, observed_at="yesterday", source_ref="y"))
check(st == 400 and b["error"]["field"] == "observed_at", "a bad time: 400 naming observed_at")
st, b, _ = anon.req("POST", "/api/tips", raw=b'{"category": "postal.drugs", "text": ', headers={"Content-Type": "application/json"})
check(st == 400 and b["error"]["code"] == "invalid_json", "malformed JSON: 400")
def curl_status(path, data, *headers):
    """Status of a POST of data through curl, which waits for the server's
    word before sending a large body, as browsers and real clients do."""
    f = os.path.join(os.environ["TMP"], "body")
    open(f, "wb").write(data)
    args = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@" + f]
    for h in headers:
        args += ["-H", h]
    return int(subprocess.run(args + [os.environ["BASE"] + path], capture_output=True, text=True).stdout or 0)
st = curl_status("/api/tips", b'{"t": "' + b"a" * (1024 * 1024 + 10) + b'"}', "Content-Type: application/json")
check(st == 413, "a JSON body over 1 MiB: 413 (%d)" % st)

# --- who may do what -------------------------------------------------------
police = Session("congan", pw["congan"]); viettel = Session("viettel", pw["viettel"])
viewer = Session("mytho", pw["mytho"]); market = Session("qltt", pw["qltt"])
st, b, _ = viettel.req("POST", "/api/alerts/%d/dismiss" % first, {"reason": "không"})
check(st in (403, 404), "an enterprise cannot triage the department's alerts (%d)" % st)
st, b, _ = police.req("POST", "/api/stops", {"org": "VIETTEL", "target_kind": "service", "target": "0912000001", "reason": "x"})
check(st == 403, "an investigator cannot order a stop: 403")
st, b, _ = viettel.req("POST", "/api/cases", {"violation": "telecom.bypass", "title": "x"})
check(st == 403, "an enterprise cannot open a case: 403")
st, b, _ = viewer.req("POST", "/api/cases", {"violation": "telecom.bypass", "title": "x"})
check(st == 403, "a viewer cannot open a case: 403")
st, b, _ = admin.req("POST", "/api/alerts/%d/case" % first, {})
check(st == 403, "an administrator does not triage: 403")

# --- an alert walked to closure ---------------------------------------------
st, b, _ = coord.req("POST", "/api/alerts/%d/case" % first, {})
check(st == 201 and b["case_id"] > 0, "the coordinator opens a case from the alert")
cid = b["case_id"]
st, b, _ = coord.req("POST", "/api/alerts/%d/case" % first, {})
check(st == 409, "triaging the same alert twice: 409")
st, b, _ = police.req("GET", "/api/cases/%d" % cid)
check(st in (403, 404), "the police do not see the case before it is handed to them (%d)" % st)
st, b, _ = coord.req("POST", "/api/cases/%d/handover" % cid, {"to_org": "CA", "reason": "Chuyển Công an điều tra"})
check(st == 200, "the coordinator hands the lead to the police")
st, b, _ = coord.req("POST", "/api/cases/%d/subjects" % cid, {"kind": "msisdn", "value": "0912000001"})
check(st == 201 or st == 403, "subjects named (%d)" % st)
st, b, _ = market.req("GET", "/api/cases/%d" % cid)
check(st in (403, 404), "market surveillance, not on the case, does not see it (%d)" % st)
content = ("Biên bản kiểm tra " * 500).encode()
st, b, _ = police.req("POST", "/api/cases/%d/evidence?name=bi%%C3%%AAn-b%%E1%%BA%%A3n.txt" % cid, raw=content, headers={"Content-Type": "text/plain"})
check(st == 201 and b["sha256"] == hashlib.sha256(content).hexdigest() and b["size"] == len(content), "the police upload evidence; the SHA-256 is the file's")
eid = b.get("id")
st, got, r = police.req("GET", "/api/evidence/%d/content" % eid)
check(st == 200 and got == content and "filename*=UTF-8''bi%C3%AAn-b%E1%BA%A3n.txt" in r.getheader("Content-Disposition"), "the download is the same bytes, with its Vietnamese name")
st, b, _ = police.req("POST", "/api/evidence/%d/verify" % eid, {})
check(st == 200 and b["intact"] is True, "the evidence verifies")
st, b, _ = police.req("GET", "/api/evidence/%d" % eid)
check(st == 200 and [c["action"] for c in b["custody"]][:1] == ["add"] and "export" in [c["action"] for c in b["custody"]], "the chain of custody records add and export")
big = b"x" * 100001
st = curl_status("/api/cases/%d/evidence?name=big.bin" % cid, big, "Cookie: " + police.cookie, "X-CSRF-Token: " + police.csrf)
check(st == 413, "an upload over the limit: 413 (%d)" % st)
st, b, _ = police.req("POST", "/api/cases/%d/evidence?name=big.bin" % cid, raw=iter([big[:50000], big[50000:]]), headers={"Transfer-Encoding": "chunked"})
check(st == 413, "a chunked upload over the limit (no length announced): 413")
left = os.listdir(os.environ["DB"] + ".files/tmp") if os.path.isdir(os.environ["DB"] + ".files/tmp") else []
check(left == [], "nothing of the refused uploads stays on disk (%s)" % left)
for to in ["verifying", "investigating", "handled"]:
    st, b, _ = police.req("POST", "/api/cases/%d/status" % cid, {"status": to})
    check(st == 200, "the police move the case to %s" % to)
st, b, _ = police.req("POST", "/api/cases/%d/status" % cid, {"status": "new"})
check(st == 409, "an illegal move (handled -> new): 409")
st, b, _ = police.req("POST", "/api/cases/%d/outcomes" % cid, {"kind": "fine", "amount_vnd": 25000000, "description": "Phạt hành chính"})
check(st == 201, "an outcome: a fine in VND")
st, b, _ = police.req("POST", "/api/cases/%d/status" % cid, {"status": "closed"})
check(st == 200, "the police close the case")
st, b, _ = coord.req("GET", "/api/cases/%d" % cid)
kinds = [e["kind"] for e in b.get("timeline", [])]
check(st == 200 and b["status"] == "closed" and b["lead"]["code"] == "CA" and any(o["role"] == "former_lead" for o in b["orgs"]),
      "the department, former lead, still reads the closed case led by the police")
check(len(kinds) >= 5, "the timeline tells the story (%s)" % kinds)
st, b, _ = coord.req("GET", "/api/audit?log=access&limit=5")
check(st == 200 and any(e["action"] == "case.view" and e["object"] == "case:%d" % cid and e["user_id"] == coord.user["id"] for e in b["items"]),
      "the department's view of a case led by the police is in the access log")
st, b, _ = coord.req("GET", "/api/audit?limit=5")
check(st == 200 and not any(e["action"] == "case.view" for e in b["items"]), "the audit log holds the changes")
st, b, _ = coord.req("GET", "/api/audit?log=views")
check(st == 400 and b["error"].get("field") == "log", "an unknown log: 400 naming the field")
st, b, _ = viewer.req("POST", "/api/cases/%d/notes" % cid, {"body": "x"})
check(st in (403, 404), "a viewer changes nothing (%d)" % st)

# --- stop orders ------------------------------------------------------------------
st, b, _ = coord.req("POST", "/api/stops", {"org": "VIETTEL", "target_kind": "service", "target": "0912000001", "reason": "SIM box", "case_id": cid})
check(st == 201, "the coordinator orders VIETTEL to stop a SIM")
sid = b["id"]
st, b, _ = police.req("POST", "/api/stops/%d/ack" % sid, {})
check(st == 403, "only the enterprise addressed acknowledges: 403 for the police")
st, b, _ = viettel.req("POST", "/api/stops/%d/ack" % sid, {})
check(st == 200 and b["status"] == "acknowledged", "VIETTEL acknowledges")
st, b, _ = viettel.req("POST", "/api/stops/%d/done" % sid, {"report": "Đã khóa thuê bao"})
check(st == 200 and b["status"] == "done", "VIETTEL reports it done")

# --- tips ----------------------------------------------------------------------------
st, b, _ = anon.req("POST", "/api/tips", {"category": "postal.drugs", "text": "Có người gửi ma túy qua bưu cục Mỹ Tho"})
check(st == 201 and len(b["tracking_code"]) == 23, "a citizen files a tip anonymously: 201 with a tracking code")
code = b["tracking_code"]
st, b, _ = anon.req("GET", "/api/tips/" + code)
check(st == 200 and set(b) == {"tracking_code", "status", "received_at"} and b["status"] == "received", "the tip's status shows the status only")
st, b, _ = anon.req("POST", "/api/tips/%s/files?name=anh.jpg" % code, raw=b"\xff\xd8\xff" + b"0" * 100, headers={"Content-Type": "image/jpeg"})
check(st == 201, "a citizen attaches a photo to the tip")
st, b, _ = anon.req("POST", "/api/tips", {"category": "nonsense", "text": "x"})
check(st == 400 and b["error"]["field"] == "category", "a tip with an unknown category: 400 naming it")
statuses = [anon.req("POST", "/api/tips", {"category": "other", "text": "tin %d" % i})[0] for i in range(6)]
check(statuses[-1] == 429, "tips from one address are rate-limited: %s" % statuses)
st, b, _ = anon.req("GET", "/api/tips/ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ")
check(st == 404, "an unknown tracking code: 404")

# --- bulletins ----------------------------------------------------------------------
st, b, _ = coord.req("POST", "/api/bulletins", {"title": "Thủ đoạn giả danh nhân viên bưu điện", "body": "Đối tượng gọi điện báo có bưu phẩm ...", "kinds": ["postal.contraband"], "audience": "public"})
check(st == 201 and b["status"] == "draft", "the coordinator writes a draft bulletin")
pub = b["id"]
st, b, _ = coord.req("POST", "/api/bulletins", {"title": "SIM box mới", "body": "Dấu hiệu ...", "kinds": ["telecom.bypass"], "audience": "enterprises"})
ent = b["id"]
st, b, _ = viettel.req("POST", "/api/bulletins", {"title": "x", "body": "y", "audience": "public"})
check(st == 403, "an enterprise cannot write bulletins: 403")
st, b, _ = coord.req("POST", "/api/bulletins", {"title": "x", "body": "y", "audience": "public", "kinds": ["nonsense"]})
check(st == 400 and b["error"]["field"] == "kinds", "an unknown violation code: 400 naming kinds")
st, b, _ = anon.req("GET", "/api/bulletins/%d" % pub)
check(st == 404, "a draft is not public")
for i in (pub, ent):
    st, b, _ = coord.req("POST", "/api/bulletins/%d/publish" % i, {})
    check(st == 200, "the coordinator publishes bulletin %d" % i)
st, b, _ = anon.req("GET", "/api/bulletins")
ids = [x["id"] for x in b["items"]]
check(st == 200 and pub in ids and ent not in ids, "without login: the public bulletin only")
st, b, _ = anon.req("GET", "/api/bulletins/%d" % pub)
check(st == 200 and b["body"].startswith("Đối tượng"), "a public bulletin reads without login")
st, b, _ = viettel.req("GET", "/api/bulletins")
check({pub, ent} <= {x["id"] for x in b["items"]}, "an enterprise reads the bulletins for enterprises too")
st, b, _ = coord.req("POST", "/api/bulletins/%d/withdraw" % pub, {"reason": "Đã có bản tin mới"})
st2, _, _ = anon.req("GET", "/api/bulletins/%d" % pub)
check(st == 200 and st2 == 404, "a withdrawn bulletin is no longer public")

# --- the store does not answer -----------------------------------------------------
db = sqlite3.connect(os.environ["DB"], timeout=1, isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
st, b, _ = engine.req("POST", "/api/alerts", dict(alert, source_ref="while-locked"))
db.execute("ROLLBACK"); db.close()
check(st == 503, "a store locked past its busy timeout: 503 (%d)" % st)
st, b, _ = engine.req("POST", "/api/alerts", dict(alert, source_ref="while-locked"))
check(st == 201, "the same alert once the store answers again: 201, nothing half-written before")
done()
PY
