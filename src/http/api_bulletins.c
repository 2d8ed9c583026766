/* api_bulletins.c: bulletins on criminals' methods (the department writes,
 * publishes and withdraws them; public ones are read without login) and
 * search across cases, alerts and subjects. */
#include "http/api.h"

#include "cases/bulletin.h"
#include "cases/search.h"

#include <stdio.h>
#include <string.h>

void api_bulletins(http_req *r)
{
    int64_t before, limit;
    if (http_query_int(r, "before", 0, &before) || http_query_int(r, "limit", 20, &limit))
        return;
    bulletin_filter f = {http_query(r, "status"), http_query(r, "audience"), before,
                         (int)(limit > 100 ? 100 : limit)};
    if (f.status && !*f.status)
        f.status = NULL;
    if (f.audience && !*f.audience)
        f.audience = NULL;
    cg_err err;
    int rc = bulletin_list_json(r->s, r->authed ? &r->who : NULL, &f, &r->out, &err);
    if (rc)
        http_fail(r, rc, &err);
    else
        http_json(r, 200);
}

void api_bulletin_get(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    cg_err err;
    int rc = bulletin_get_json(r->s, r->authed ? &r->who : NULL, id, &r->out, &err);
    if (rc)
        http_fail(r, rc, &err);
    else
        http_json(r, 200);
}

/* The bulletin fields of the body; kinds (a list of violation codes) become
 * the comma-separated violations the library takes, in *owned. */
static int bulletin_body(http_req *r, bulletin_in *in, buf *owned)
{
    if (http_body_str(r, "title", 1, &in->title) || http_body_str(r, "body", 1, &in->body) ||
        http_body_str(r, "audience", 1, &in->audience))
        return -1;
    json_t *k = json_object_get(r->json, "kinds");
    if (k && !json_is_null(k) && !json_is_array(k)) {
        http_error(r, 400, "invalid", "kinds", "kinds: a list of violation codes");
        return -1;
    }
    size_t i;
    json_t *v;
    json_array_foreach(k, i, v)
    {
        if (!json_is_string(v)) {
            http_error(r, 400, "invalid", "kinds", "kinds: a list of violation codes");
            return -1;
        }
        if (i)
            buf_putc(owned, ',');
        buf_puts(owned, json_string_value(v));
    }
    in->violations = buf_cstr(owned);
    return 0;
}

/* The library names the field "violations"; the API calls it "kinds". */
static void fail_bulletin(http_req *r, int rc, cg_err *err)
{
    if (rc == CG_EINVAL && strstr(err->msg, "'violations'")) {
        http_error(r, 400, "invalid", "kinds", "%s", err->msg);
        return;
    }
    http_fail(r, rc, err);
}

void api_bulletin_create(http_req *r)
{
    bulletin_in in;
    buf owned = BUF_INIT;
    if (bulletin_body(r, &in, &owned)) {
        buf_free(&owned);
        return;
    }
    int64_t id = 0;
    cg_err err;
    int rc = bulletin_create(r->s, &r->who, &in, &id, &err);
    buf_free(&owned);
    if (rc) {
        fail_bulletin(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld,\"status\":\"draft\"}", (long long)id);
    http_json(r, 201);
}

void api_bulletin_update(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    bulletin_in in;
    buf owned = BUF_INIT;
    if (bulletin_body(r, &in, &owned)) {
        buf_free(&owned);
        return;
    }
    cg_err err;
    int rc = bulletin_update(r->s, &r->who, id, &in, &err);
    buf_free(&owned);
    if (rc) {
        fail_bulletin(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld}", (long long)id);
    http_json(r, 200);
}

void api_bulletin_publish(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    cg_err err;
    int rc = bulletin_publish(r->s, &r->who, id, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld,\"status\":\"published\"}", (long long)id);
    http_json(r, 200);
}

void api_bulletin_withdraw(http_req *r)
{
    int64_t id;
    const char *reason;
    if (http_param_id(r, 0, &id) || http_body_str(r, "reason", 1, &reason))
        return;
    cg_err err;
    int rc = bulletin_withdraw(r->s, &r->who, id, reason, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld,\"status\":\"withdrawn\"}", (long long)id);
    http_json(r, 200);
}

void api_search(http_req *r)
{
    const char *q = http_query(r, "q");
    int64_t limit;
    if (http_query_int(r, "limit", 10, &limit))
        return;
    cg_err err;
    int rc = search_json(r->s, &r->who, q ? q : "", (int)(limit > 50 ? 50 : limit), &r->out, &err);
    if (rc)
        http_fail(r, rc, &err);
    else
        http_json(r, 200);
}
