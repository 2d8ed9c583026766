"""client.py: a small HTTP client for the API tests: sessions with the
cookie and the CSRF token, JSON in and out, and the demo users' passwords
read from what `canhgac serve --demo` printed."""
import http.client, json, os, re, sys, urllib.parse

BASE = os.environ["BASE"]
HOST = urllib.parse.urlparse(BASE).netloc

def passwords():
    out = {}
    for line in open(os.environ["SERVE_OUT"], encoding="utf-8"):
        m = re.match(r"\s+(\w+)\s+\w+\s+[\w-]+\s+(\S{16})$", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out

class Session:
    def __init__(self, login=None, password=None, bearer=None):
        self.cookie = None; self.csrf = None; self.bearer = bearer
        if login:
            st, body, _ = self.req("POST", "/api/login", {"login": login, "password": password})
            assert st == 200, (login, st, body)
            self.csrf = body["csrf_token"]; self.user = body["user"]

    def req(self, method, path, body=None, raw=None, headers=None, csrf=True):
        c = http.client.HTTPConnection(HOST, timeout=30)
        h = dict(headers or {})
        if self.cookie: h["Cookie"] = self.cookie
        if self.bearer: h["Authorization"] = "Bearer " + self.bearer
        if self.csrf and csrf and method != "GET": h["X-CSRF-Token"] = self.csrf
        data = raw
        if body is not None:
            data = json.dumps(body).encode(); h["Content-Type"] = "application/json"
        c.request(method, path, body=data, headers=h,
                  encode_chunked=h.get("Transfer-Encoding") == "chunked")
        r = c.getresponse(); payload = r.read()
        sc = r.getheader("Set-Cookie")
        if sc and sc.startswith("cg_session="):
            self.cookie = sc.split(";")[0]
        ct = r.getheader("Content-Type") or ""
        out = json.loads(payload) if "json" in ct and payload else payload
        c.close()
        return r.status, out, r

failures = []
def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)

def done():
    print("%d failed" % len(failures))
    sys.exit(1 if failures else 0)
