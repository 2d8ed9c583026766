/* api_session.c: the API's entry and housekeeping: health, login and
 * logout, the caller's own account, organisations, districts, users, API
 * tokens, the violation codes, the audit log. */
#include "http/api.h"

#include "cases/alert.h"
#include "cases/audit.h"
#include "cases/auth.h"

#include <stdio.h>
#include <string.h>

void api_healthz(http_req *r)
{
    cg_err err;
    if (store_ping(r->s, &err)) {
        http_error(r, 503, "unavailable", NULL, "the store does not answer: %s", err.msg);
        return;
    }
    buf_puts(&r->out, "{\"status\":\"ok\"}");
    http_json(r, 200);
}

static void session_cookie(http_req *r, const char *token, int max_age)
{
    snprintf(r->cookie, sizeof r->cookie,
             "cg_session=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s", token, max_age,
             r->cfg->secure_cookies ? "; Secure" : "");
}

/* The user as user_get_json writes it, with the CSRF token of a cookie
 * session added inside the object. */
static int user_with_csrf(http_req *r, int64_t user_id, const char *session, cg_err *err)
{
    size_t start = r->out.len;
    int rc = user_get_json(r->s, user_id, &r->out, err);
    if (rc)
        return rc;
    if (session && r->out.len > start && r->out.p[r->out.len - 1] == '}') {
        char csrf[65];
        http_csrf_token(session, csrf);
        r->out.len--;
        buf_printf(&r->out, ",\"csrf_token\":\"%s\"}", csrf);
    }
    return 0;
}

void api_login(http_req *r)
{
    const char *login, *password;
    if (http_body_str(r, "login", 1, &login) || http_body_str(r, "password", 1, &password))
        return;
    char token[AUTH_TOKEN_LEN + 1];
    actor who;
    int64_t retry = 0;
    cg_err err;
    int rc = auth_login(r->s, login, password, r->now, token, &who, &retry, &err);
    if (rc == CG_EAUTH && retry > 0) {
        r->retry_after = retry;
        http_error(r, 429, "too_many_attempts", "password",
                   "too many failed logins for this account: wait %lld s", (long long)retry);
        return;
    }
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    char csrf[65];
    http_csrf_token(token, csrf);
    buf_puts(&r->out, "{\"user\":");
    rc = user_get_json(r->s, who.user_id, &r->out, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, ",\"csrf_token\":\"%s\",\"expires_in\":%d}", csrf, AUTH_SESSION_TTL);
    session_cookie(r, token, AUTH_SESSION_TTL);
    http_json(r, 200);
}

void api_logout(http_req *r)
{
    cg_err err;
    int rc = auth_token_revoke(r->s, r->token, r->now, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    if (r->cookie_session)
        session_cookie(r, "", 0);
    buf_puts(&r->out, "{\"logged_out\":true}");
    http_json(r, 200);
}

void api_me(http_req *r)
{
    cg_err err;
    int rc = user_with_csrf(r, r->who.user_id, r->cookie_session ? r->token : NULL, &err);
    if (rc)
        http_fail(r, rc, &err);
    else
        http_json(r, 200);
}

void api_me_password(http_req *r)
{
    const char *old_pw, *new_pw;
    if (http_body_str(r, "old_password", 0, &old_pw) ||
        http_body_str(r, "new_password", 1, &new_pw))
        return;
    cg_err err;
    int rc = auth_set_password(r->s, &r->who, r->who.user_id, old_pw, new_pw, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_puts(&r->out, "{\"changed\":true}");
    http_json(r, 200);
}

void api_orgs(http_req *r)
{
    cg_err err;
    int rc = org_list_json(r->s, &r->out, &err);
    if (rc)
        http_fail(r, rc, &err);
    else
        http_json(r, 200);
}

void api_org_create(http_req *r)
{
    const char *code, *name, *kind, *district;
    if (http_body_str(r, "code", 1, &code) || http_body_str(r, "name", 1, &name) ||
        http_body_str(r, "kind", 1, &kind) || http_body_str(r, "district", 0, &district))
        return;
    org_kind k = org_kind_parse(kind);
    if (k == ORG_NONE) {
        http_error(r, 400, "invalid", "kind", "kind: unknown organisation kind '%s'", kind);
        return;
    }
    int64_t id;
    cg_err err;
    int rc = org_create(r->s, &r->who, code, name, k, district, &id, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld}", (long long)id);
    http_json(r, 201);
}

void api_districts(http_req *r)
{
    cg_err err;
    int rc = org_district_list_json(r->s, &r->out, &err);
    if (rc)
        http_fail(r, rc, &err);
    else
        http_json(r, 200);
}

void api_users(http_req *r)
{
    int64_t before, limit;
    if (http_query_int(r, "before", 0, &before) || http_query_int(r, "limit", 0, &limit))
        return;
    cg_err err;
    int rc = user_list_json(r->s, &r->who, before, (int)(limit > 200 ? 200 : limit), &r->out, &err);
    if (rc)
        http_fail(r, rc, &err);
    else
        http_json(r, 200);
}

void api_user_create(http_req *r)
{
    const char *org, *login, *name, *role, *password;
    if (http_body_str(r, "org", 1, &org) || http_body_str(r, "login", 1, &login) ||
        http_body_str(r, "name", 1, &name) || http_body_str(r, "role", 1, &role) ||
        http_body_str(r, "password", 1, &password))
        return;
    org_role ro = org_role_parse(role);
    if (ro == ROLE_NONE) {
        http_error(r, 400, "invalid", "role", "role: unknown role '%s'", role);
        return;
    }
    int64_t id;
    cg_err err;
    int rc = user_create(r->s, &r->who, org, login, name, ro, password, &id, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld}", (long long)id);
    http_json(r, 201);
}

void api_user_get(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    if (id != r->who.user_id && r->who.role != ROLE_ADMIN && r->who.role != ROLE_COORDINATOR) {
        http_error(r, 403, "forbidden", NULL,
                   "only administrators and coordinators see other users");
        return;
    }
    cg_err err;
    int rc = user_get_json(r->s, id, &r->out, &err);
    if (rc)
        http_fail(r, rc, &err);
    else
        http_json(r, 200);
}

static void set_disabled(http_req *r, int disabled)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    cg_err err;
    int rc = user_set_disabled(r->s, &r->who, id, disabled, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld,\"disabled\":%s}", (long long)id,
               disabled ? "true" : "false");
    http_json(r, 200);
}

void api_user_disable(http_req *r)
{
    set_disabled(r, 1);
}

void api_user_enable(http_req *r)
{
    set_disabled(r, 0);
}

void api_token_create(http_req *r)
{
    const char *name;
    int64_t user_id, ttl;
    if (http_body_str(r, "name", 1, &name) ||
        http_body_int(r, "user_id", 0, r->who.user_id, &user_id) ||
        http_body_int(r, "ttl_seconds", 0, 0, &ttl))
        return;
    if (ttl < 0) {
        http_error(r, 400, "invalid", "ttl_seconds", "ttl_seconds: must be >= 0");
        return;
    }
    char token[AUTH_TOKEN_LEN + 1];
    cg_err err;
    int rc = auth_api_token_create(r->s, &r->who, user_id, name, ttl, r->now, token, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"token\":\"%s\",\"user_id\":%lld}", token, (long long)user_id);
    http_json(r, 201);
}

void api_kinds(http_req *r)
{
    buf_puts(&r->out, "[");
    const char *code;
    for (size_t i = 0; (code = alert_kind_at(i)); i++) {
        const char *vi = alert_kind_name_vi(code);
        buf_puts(&r->out, i ? ",{\"code\":" : "{\"code\":");
        buf_json_str(&r->out, code, strlen(code));
        buf_puts(&r->out, ",\"name_vi\":");
        buf_json_str(&r->out, vi ? vi : "", vi ? strlen(vi) : 0);
        buf_puts(&r->out, "}");
    }
    buf_puts(&r->out, "]");
    http_json(r, 200);
}

void api_audit(http_req *r)
{
    int64_t before, limit;
    if (http_query_int(r, "before", 0, &before) || http_query_int(r, "limit", 100, &limit))
        return;
    const char *log = http_query(r, "log");
    if (log && strcmp(log, "changes") && strcmp(log, "access")) {
        http_error(r, 400, "invalid", "log", "log: give \"changes\" or \"access\"");
        return;
    }
    cg_err err;
    int rc = audit_list_json(r->s, &r->who,
                             log && !strcmp(log, "access") ? AUDIT_ACCESS : AUDIT_CHANGES, before,
                             (int)(limit > 500 ? 500
                                   : limit     ? limit
                                               : 100),
                             &r->out, &err);
    if (rc)
        http_fail(r, rc, &err);
    else
        http_json(r, 200);
}
