/* bulletin.c: bulletins on criminals' methods: drafts, publication to the
 * enterprises or the public, withdrawal; who may read which. */
#include "cases/bulletin.h"

#include "cases/alert.h"
#include "cases/audit.h"
#include "cases/util.h"
#include "core/text.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int may_write(const actor *a)
{
    return a && (a->role == ROLE_COORDINATOR || a->role == ROLE_ADMIN);
}

/* 0 everyone (published public), 1 organisations (published), 2 editors (all). */
static int reader_level(const actor *a)
{
    if (!a)
        return 0;
    return may_write(a) ? 2 : 1;
}

int bulletin_create(store *s, const actor *a, const char *title, const char *body,
                    const char *kinds_json, const char *audience, int64_t *id, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (!may_write(a))
        return cg_err_set(err, CG_EPERM,
                          "bulletin: only the department's coordinators write bulletins");
    if (util_blank(title) || strlen(title) > 300 || !text_utf8_valid(title, strlen(title)))
        return cg_err_set(err, CG_EINVAL, "title: empty, over 300 bytes or not UTF-8");
    if (util_blank(body) || strlen(body) > 100000 || !text_utf8_valid(body, strlen(body)))
        return cg_err_set(err, CG_EINVAL, "body: empty, over 100,000 bytes or not UTF-8");
    if (!audience || (strcmp(audience, "enterprises") && strcmp(audience, "public")))
        return cg_err_set(err, CG_EINVAL, "audience: enterprises or public");
    json_error_t je;
    json_t *k = json_loads(kinds_json ? kinds_json : "[]", 0, &je);
    if (!k || !json_is_array(k)) {
        json_decref(k);
        return cg_err_set(err, CG_EINVAL, "kinds: a list of violation codes");
    }
    size_t i;
    json_t *v;
    json_array_foreach(k, i, v)
    {
        if (!json_is_string(v) || !alert_kind_valid(json_string_value(v))) {
            int rc = cg_err_set(err, CG_EINVAL, "kinds: '%s' is not a violation code",
                                json_is_string(v) ? json_string_value(v) : "?");
            json_decref(k);
            return rc;
        }
    }
    char *kinds = json_dumps(k, JSON_COMPACT);
    json_decref(k);
    int64_t now = util_now();
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *q = store_prep(c,
                               "INSERT INTO bulletin(title, body, kinds, audience, status, "
                               "author, org_id, created_at) VALUES (?,?,?,?,'draft',?,?,?)",
                               err);
    if (!q) {
        free(kinds);
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    }
    store_bind_text(q, 1, title);
    store_bind_text(q, 2, body);
    store_bind_text(q, 3, kinds);
    store_bind_text(q, 4, audience);
    if (a->user_id)
        store_bind_i64(q, 5, a->user_id);
    else
        store_bind_null(q, 5);
    if (a->org_id)
        store_bind_i64(q, 6, a->org_id);
    else
        store_bind_null(q, 6);
    store_bind_i64(q, 7, now);
    rc = store_step(q, err);
    store_done(q);
    free(kinds);
    if (rc < 0)
        return util_tx_end(c, rc, err);
    int64_t bid = store_last_id(c);
    char obj[48];
    snprintf(obj, sizeof obj, "bulletin:%lld", (long long)bid);
    buf d = BUF_INIT;
    buf_putc(&d, '{');
    util_json_str(&d, 1, "audience", audience);
    buf_putc(&d, '}');
    rc = audit_append(c, a, "bulletin.create", obj, d.p, err);
    buf_free(&d);
    rc = util_tx_end(c, rc, err);
    if (!rc && id)
        *id = bid;
    return rc;
}

static int move(store *s, const actor *a, int64_t id, int publish, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (!may_write(a))
        return cg_err_set(err, CG_EPERM, "bulletin: only the department's coordinators publish");
    int64_t now = util_now();
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *q = store_prep(c, "SELECT status FROM bulletin WHERE id = ?", err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, id);
    rc = store_step(q, err);
    char status[16] = "";
    if (rc == STORE_ROW)
        snprintf(status, sizeof status, "%s", store_col_text(q, 0));
    store_done(q);
    if (rc == STORE_DONE)
        return util_tx_end(
            c, cg_err_set(err, CG_ENOTFOUND, "bulletin %lld: not found", (long long)id), err);
    if (rc < 0)
        return util_tx_end(c, rc, err);
    if (publish ? !strcmp(status, "published") : strcmp(status, "published"))
        return util_tx_end(
            c, cg_err_set(err, CG_ECONFLICT, "bulletin %lld: it is %s", (long long)id, status),
            err);
    q = store_prep(c,
                   publish
                       ? "UPDATE bulletin SET status = 'published', published_at = ?, "
                         "withdrawn_at = NULL WHERE id = ?"
                       : "UPDATE bulletin SET status = 'withdrawn', withdrawn_at = ? WHERE id = ?",
                   err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, now);
    store_bind_i64(q, 2, id);
    rc = store_step(q, err);
    store_done(q);
    if (rc < 0)
        return util_tx_end(c, rc, err);
    char obj[48];
    snprintf(obj, sizeof obj, "bulletin:%lld", (long long)id);
    rc = audit_append(c, a, publish ? "bulletin.publish" : "bulletin.withdraw", obj, NULL, err);
    return util_tx_end(c, rc, err);
}

int bulletin_publish(store *s, const actor *a, int64_t id, cg_err *err)
{
    return move(s, a, id, 1, err);
}

int bulletin_withdraw(store *s, const actor *a, int64_t id, cg_err *err)
{
    return move(s, a, id, 0, err);
}

#define VISIBLE " (?1 = 2 OR (b.status = 'published' AND (?1 = 1 OR b.audience = 'public')))"

static void row_json(buf *out, store_stmt *q, int full)
{
    buf_putc(out, '{');
    util_json_i64(out, 1, "id", store_col_i64(q, 0));
    util_json_col_str(out, 0, "title", q, 1);
    buf_puts(out, ",\"kinds\":");
    const char *k = store_col_text(q, 2);
    buf_puts(out, k && *k ? k : "[]");
    util_json_col_str(out, 0, "audience", q, 3);
    util_json_col_str(out, 0, "status", q, 4);
    util_json_col_str(out, 0, "author", q, 5);
    util_json_col_i64(out, 0, "created_at", q, 6);
    util_json_col_i64(out, 0, "published_at", q, 7);
    if (full) {
        util_json_col_i64(out, 0, "withdrawn_at", q, 8);
        util_json_col_str(out, 0, "body", q, 9);
    }
    buf_putc(out, '}');
}

int bulletin_list_json(store *s, const actor *a, const char *status, const char *audience,
                       int64_t before, int limit, buf *out, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    limit = util_limit(limit, 50, 200);
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c,
                               "SELECT b.id, b.title, b.kinds, b.audience, b.status, o.name, "
                               "b.created_at, b.published_at FROM bulletin b LEFT JOIN org o ON "
                               "o.id = b.org_id WHERE" VISIBLE
                               " AND (?2 IS NULL OR b.status = ?2) AND (?3 IS NULL OR "
                               "b.audience = ?3) AND (?4 = 0 OR b.id < ?4) ORDER BY b.id DESC "
                               "LIMIT ?5",
                               err);
    if (!q) {
        store_release(c);
        return CG_EUNAVAIL;
    }
    store_bind_i64(q, 1, reader_level(a));
    store_bind_text(q, 2, status && *status ? status : NULL);
    store_bind_text(q, 3, audience && *audience ? audience : NULL);
    store_bind_i64(q, 4, before);
    store_bind_i64(q, 5, limit + 1);
    buf_puts(out, "{\"items\":[");
    int n = 0;
    int64_t last = 0;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        if (n == limit) {
            rc = STORE_ROW;
            break;
        }
        if (n++)
            buf_putc(out, ',');
        last = store_col_i64(q, 0);
        row_json(out, q, 0);
    }
    int more = rc == STORE_ROW;
    store_done(q);
    store_release(c);
    if (rc < 0)
        return rc;
    if (more)
        buf_printf(out, "],\"next\":%lld}", (long long)last);
    else
        buf_puts(out, "],\"next\":null}");
    return 0;
}

int bulletin_get_json(store *s, const actor *a, int64_t id, buf *out, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q =
        store_prep(c,
                   "SELECT b.id, b.title, b.kinds, b.audience, b.status, o.name, "
                   "b.created_at, b.published_at, b.withdrawn_at, b.body FROM bulletin "
                   "b LEFT JOIN org o ON o.id = b.org_id WHERE" VISIBLE " AND b.id = ?2",
                   err);
    if (!q) {
        store_release(c);
        return CG_EUNAVAIL;
    }
    store_bind_i64(q, 1, reader_level(a));
    store_bind_i64(q, 2, id);
    rc = store_step(q, err);
    if (rc == STORE_ROW)
        row_json(out, q, 1);
    else if (rc == STORE_DONE)
        rc = cg_err_set(err, CG_ENOTFOUND, "bulletin %lld: not found", (long long)id);
    store_done(q);
    store_release(c);
    return rc < 0 ? rc : 0;
}
