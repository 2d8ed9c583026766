/* api_bulletins.c: bulletins on criminals' methods: the department writes,
 * publishes and withdraws them; public ones are read without login. */
#include "http/api.h"

#include "cases/bulletin.h"

#include <stdio.h>

void api_bulletins(http_req *r)
{
    int64_t before, limit;
    if (http_query_int(r, "before", 0, &before) || http_query_int(r, "limit", 50, &limit))
        return;
    cg_err err;
    int rc = bulletin_list_json(r->s, r->authed ? &r->who : NULL, http_query(r, "status"),
                                http_query(r, "audience"), before, (int)(limit > 200 ? 200 : limit),
                                &r->out, &err);
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

void api_bulletin_create(http_req *r)
{
    const char *title, *body, *audience;
    if (http_body_str(r, "title", 1, &title) || http_body_str(r, "body", 1, &body) ||
        http_body_str(r, "audience", 1, &audience))
        return;
    json_t *k = json_object_get(r->json, "kinds");
    if (k && !json_is_null(k) && !json_is_array(k)) {
        http_error(r, 400, "invalid", "kinds", "kinds: a list of violation codes");
        return;
    }
    char *kinds = k && json_is_array(k) ? json_dumps(k, JSON_COMPACT) : NULL;
    int64_t id = 0;
    cg_err err;
    int rc = bulletin_create(r->s, &r->who, title, body, kinds, audience, &id, &err);
    free(kinds);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld,\"status\":\"draft\"}", (long long)id);
    http_json(r, 201);
}

static void move(http_req *r, int publish)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    cg_err err;
    int rc = publish ? bulletin_publish(r->s, &r->who, id, &err)
                     : bulletin_withdraw(r->s, &r->who, id, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld,\"status\":\"%s\"}", (long long)id,
               publish ? "published" : "withdrawn");
    http_json(r, 200);
}

void api_bulletin_publish(http_req *r)
{
    move(r, 1);
}

void api_bulletin_withdraw(http_req *r)
{
    move(r, 0);
}
