/* bulletin.c: bulletins on criminals' methods: drafts, publication to the
 * enterprises or the public, withdrawal; who sees which (see bulletin.h). */
#include "cases/bulletin.h"
#include "cases/alert.h"
#include "cases/audit.h"
#include "cases/util.h"

#include "core/text.h"

#include <stdio.h>
#include <string.h>

#define TITLE_MAX 300
#define BODY_MAX 100000
#define EXCERPT 300

static int is_editor(const actor *a)
{
    return a && (a->role == ROLE_COORDINATOR || (a->user_id == 0 && a->role == ROLE_ADMIN));
}

/* Sees drafts and withdrawn bulletins. */
static int is_staff(const actor *a)
{
    return a && (a->role == ROLE_COORDINATOR || a->role == ROLE_ADMIN);
}

static int valid_audience(const char *s)
{
    return s && (!strcmp(s, "enterprises") || !strcmp(s, "public"));
}

static int valid_status(const char *s)
{
    return s && (!strcmp(s, "draft") || !strcmp(s, "published") || !strcmp(s, "withdrawn"));
}

/* Check in and write the normalised violation list (codes joined by ","). */
static int check(const bulletin_in *in, buf *codes, cg_err *err)
{
    if (util_blank(in->title))
        return cg_err_set(err, CG_EINVAL, "bulletin: field 'title' is empty");
    if (strlen(in->title) > TITLE_MAX)
        return cg_err_set(err, CG_EINVAL, "bulletin: field 'title' is longer than %d bytes",
                          TITLE_MAX);
    if (util_blank(in->body))
        return cg_err_set(err, CG_EINVAL, "bulletin: field 'body' is empty");
    if (strlen(in->body) > BODY_MAX)
        return cg_err_set(err, CG_EINVAL, "bulletin: field 'body' is longer than %d bytes",
                          BODY_MAX);
    if (!text_utf8_valid(in->title, strlen(in->title)) ||
        !text_utf8_valid(in->body, strlen(in->body)))
        return cg_err_set(err, CG_EINVAL, "bulletin: field '%s' is not valid UTF-8",
                          text_utf8_valid(in->title, strlen(in->title)) ? "body" : "title");
    if (!valid_audience(in->audience))
        return cg_err_set(err, CG_EINVAL,
                          "bulletin: field 'audience' must be enterprises or public, not '%s'",
                          in->audience ? in->audience : "");
    const char *p = in->violations ? in->violations : "";
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *q = p;
        while (*q && *q != ',' && *q != ' ')
            q++;
        if (q > p) {
            char code[64];
            if ((size_t)(q - p) >= sizeof code)
                return cg_err_set(err, CG_EINVAL,
                                  "bulletin: field 'violations': a code is too long");
            memcpy(code, p, (size_t)(q - p));
            code[q - p] = 0;
            if (!alert_kind_valid(code))
                return cg_err_set(err, CG_EINVAL,
                                  "bulletin: field 'violations': '%s' is not a violation code",
                                  code);
            char probe[66];
            snprintf(probe, sizeof probe, ",%s,", code);
            buf tmp = BUF_INIT;
            buf_printf(&tmp, ",%s,", codes->len ? codes->p : "");
            int dup = strstr(tmp.p, probe) != NULL;
            buf_free(&tmp);
            if (!dup) {
                if (codes->len)
                    buf_putc(codes, ',');
                buf_puts(codes, code);
            }
        }
        p = q;
    }
    buf_putc(codes, 0);
    codes->len--;
    return 0;
}

static void detail_of(buf *d, const bulletin_in *in)
{
    buf_putc(d, '{');
    util_json_str(d, 1, "title", in->title);
    util_json_str(d, 0, "audience", in->audience);
    util_json_str(d, 0, "violations", in->violations ? in->violations : "");
    buf_putc(d, '}');
}

/* Check in (its violation codes into *codes) and open a write transaction
 * on a connection *c. On failure nothing is open and *codes is freed. */
static int begin_edit(store *s, const bulletin_in *in, buf *codes, store_conn **c, cg_err *err)
{
    int rc = check(in, codes, err);
    if (!rc && !(rc = store_acquire(s, c, err)) && (rc = store_begin(*c, err)))
        store_release(*c);
    if (rc)
        buf_free(codes);
    return rc;
}

int bulletin_create(store *s, const actor *a, const bulletin_in *in, int64_t *id, cg_err *err)
{
    if (!is_editor(a))
        return cg_err_set(err, CG_EPERM,
                          "bulletin: only the department's coordinators write "
                          "bulletins");
    buf codes = BUF_INIT;
    store_conn *c;
    int rc = begin_edit(s, in, &codes, &c, err);
    if (rc)
        return rc;
    int64_t now = util_now();
    store_stmt *q = store_prep(c,
                               "INSERT INTO bulletin(title, body, violations, audience, status, "
                               "author, created_at, updated_at) VALUES (?,?,?,?,'draft',?,?,?)",
                               err);
    if (!q)
        rc = util_code(err, CG_EUNAVAIL);
    else {
        store_bind_text(q, 1, in->title);
        store_bind_text(q, 2, in->body);
        store_bind_text(q, 3, codes.p ? codes.p : "");
        store_bind_text(q, 4, in->audience);
        if (a->user_id)
            store_bind_i64(q, 5, a->user_id);
        else
            store_bind_null(q, 5);
        store_bind_i64(q, 6, now);
        store_bind_i64(q, 7, now);
        rc = store_step(q, err);
        store_done(q);
        rc = rc < 0 ? rc : 0;
    }
    int64_t bid = store_last_id(c);
    if (!rc) {
        char obj[48];
        snprintf(obj, sizeof obj, "bulletin:%lld", (long long)bid);
        buf d = BUF_INIT;
        detail_of(&d, in);
        rc = audit_append(c, a, "bulletin.create", obj, d.p, err);
        buf_free(&d);
    }
    buf_free(&codes);
    rc = util_tx_end(c, rc, err);
    if (!rc && id)
        *id = bid;
    return rc;
}

/* Read the status of bulletin id on c: CG_ENOTFOUND when there is none. */
static int status_of(store_conn *c, int64_t id, char status[16], cg_err *err)
{
    store_stmt *q = store_prep(c, "SELECT status FROM bulletin WHERE id = ?", err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, id);
    int rc = store_step(q, err);
    if (rc == STORE_ROW)
        snprintf(status, 16, "%s", store_col_text(q, 0));
    store_done(q);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return cg_err_set(err, CG_ENOTFOUND, "bulletin %lld not found", (long long)id);
    return 0;
}

int bulletin_update(store *s, const actor *a, int64_t id, const bulletin_in *in, cg_err *err)
{
    if (!is_editor(a))
        return cg_err_set(err, CG_EPERM,
                          "bulletin: only the department's coordinators edit "
                          "bulletins");
    buf codes = BUF_INIT;
    store_conn *c;
    int rc = begin_edit(s, in, &codes, &c, err);
    if (rc)
        return rc;
    char st[16];
    rc = status_of(c, id, st, err);
    if (!rc && !strcmp(st, "published"))
        rc = cg_err_set(err, CG_ECONFLICT,
                        "bulletin %lld is published: withdraw it before editing it", (long long)id);
    if (!rc) {
        store_stmt *q = store_prep(c,
                                   "UPDATE bulletin SET title = ?, body = ?, violations = ?, "
                                   "audience = ?, updated_at = ? WHERE id = ?",
                                   err);
        if (!q)
            rc = util_code(err, CG_EUNAVAIL);
        else {
            store_bind_text(q, 1, in->title);
            store_bind_text(q, 2, in->body);
            store_bind_text(q, 3, codes.p ? codes.p : "");
            store_bind_text(q, 4, in->audience);
            store_bind_i64(q, 5, util_now());
            store_bind_i64(q, 6, id);
            rc = store_step(q, err);
            store_done(q);
            rc = rc < 0 ? rc : 0;
        }
    }
    if (!rc) {
        char obj[48];
        snprintf(obj, sizeof obj, "bulletin:%lld", (long long)id);
        buf d = BUF_INIT;
        detail_of(&d, in);
        rc = audit_append(c, a, "bulletin.update", obj, d.p, err);
        buf_free(&d);
    }
    buf_free(&codes);
    return util_tx_end(c, rc, err);
}

/* Move id from one of the statuses in from (space-separated) to to. */
static int move(store *s, const actor *a, int64_t id, const char *from, const char *to,
                const char *action, const char *reason, cg_err *err)
{
    if (!is_editor(a))
        return cg_err_set(err, CG_EPERM,
                          "bulletin: only the department's coordinators %s "
                          "bulletins",
                          !strcmp(to, "published") ? "publish" : "withdraw");
    UTIL_TX_BEGIN(s, c, err);
    char st[16];
    rc = status_of(c, id, st, err);
    if (!rc) {
        char probe[20];
        snprintf(probe, sizeof probe, " %s ", st);
        char set[64];
        snprintf(set, sizeof set, " %s ", from);
        if (!strstr(set, probe))
            rc = cg_err_set(err, CG_ECONFLICT, "bulletin %lld is %s: it cannot become %s",
                            (long long)id, st, to);
    }
    if (!rc) {
        store_stmt *q =
            !strcmp(to, "published")
                ? store_prep(c,
                             "UPDATE bulletin SET status = 'published', published_at = ?1, "
                             "withdrawn_at = NULL, updated_at = ?1 WHERE id = ?2",
                             err)
                : store_prep(c,
                             "UPDATE bulletin SET status = 'withdrawn', withdrawn_at = ?1, "
                             "updated_at = ?1 WHERE id = ?2",
                             err);
        if (!q)
            rc = util_code(err, CG_EUNAVAIL);
        else {
            store_bind_i64(q, 1, util_now());
            store_bind_i64(q, 2, id);
            rc = store_step(q, err);
            store_done(q);
            rc = rc < 0 ? rc : 0;
        }
    }
    if (!rc) {
        char obj[48];
        snprintf(obj, sizeof obj, "bulletin:%lld", (long long)id);
        buf d = BUF_INIT;
        buf_putc(&d, '{');
        util_json_str(&d, 1, "from", st);
        util_json_str(&d, 0, "to", to);
        if (reason)
            util_json_str(&d, 0, "reason", reason);
        buf_putc(&d, '}');
        rc = audit_append(c, a, action, obj, d.p, err);
        buf_free(&d);
    }
    return util_tx_end(c, rc, err);
}

int bulletin_publish(store *s, const actor *a, int64_t id, cg_err *err)
{
    return move(s, a, id, "draft withdrawn", "published", "bulletin.publish", NULL, err);
}

int bulletin_withdraw(store *s, const actor *a, int64_t id, const char *reason, cg_err *err)
{
    if (is_editor(a) && util_blank(reason))
        return cg_err_set(err, CG_EINVAL, "bulletin %lld: field 'reason' is empty", (long long)id);
    return move(s, a, id, "published", "withdrawn", "bulletin.withdraw", reason, err);
}

static void json_codes(buf *b, const char *codes)
{
    buf_puts(b, ",\"violations\":[");
    const char *p = codes ? codes : "";
    int first = 1;
    while (*p) {
        const char *q = strchr(p, ',');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n) {
            if (!first)
                buf_putc(b, ',');
            buf_json_str(b, p, n);
            first = 0;
        }
        p += n;
        if (*p == ',')
            p++;
    }
    buf_putc(b, ']');
}

/* 1 when a may see a bulletin of this status and audience. */
static int may_see(const actor *a, const char *status, const char *audience)
{
    if (is_staff(a))
        return 1;
    if (strcmp(status, "published"))
        return 0;
    return a && a->role != ROLE_NONE ? 1 : !strcmp(audience, "public");
}

int bulletin_get_json(store *s, const actor *a, int64_t id, buf *out, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c,
                               "SELECT b.id, b.title, b.body, b.violations, b.audience, b.status, "
                               "b.created_at, b.updated_at, b.published_at, b.withdrawn_at, "
                               "u.id, u.name FROM bulletin b LEFT JOIN app_user u "
                               "ON u.id = b.author WHERE b.id = ?",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_i64(q, 1, id);
    rc = store_step(q, err);
    if (rc == STORE_ROW && may_see(a, store_col_text(q, 5), store_col_text(q, 4))) {
        buf_putc(out, '{');
        util_json_col_i64(out, 1, "id", q, 0);
        util_json_col_str(out, 0, "title", q, 1);
        util_json_col_str(out, 0, "body", q, 2);
        json_codes(out, store_col_text(q, 3));
        util_json_col_str(out, 0, "audience", q, 4);
        util_json_col_str(out, 0, "status", q, 5);
        util_json_col_i64(out, 0, "created_at", q, 6);
        util_json_col_i64(out, 0, "updated_at", q, 7);
        util_json_col_i64(out, 0, "published_at", q, 8);
        util_json_col_i64(out, 0, "withdrawn_at", q, 9);
        buf_puts(out, ",\"author\":");
        /* The author is named to staff only: the public page shows the
         * department, not a person. */
        if (store_col_is_null(q, 10) || !is_staff(a))
            buf_puts(out, "null");
        else {
            buf_putc(out, '{');
            util_json_col_i64(out, 1, "id", q, 10);
            util_json_col_str(out, 0, "name", q, 11);
            buf_putc(out, '}');
        }
        buf_putc(out, '}');
        rc = 0;
    } else if (rc >= 0) {
        rc = cg_err_set(err, CG_ENOTFOUND, "bulletin %lld not found", (long long)id);
    }
    store_done(q);
    store_release(c);
    return rc;
}

/* Cut s to at most n bytes on a UTF-8 boundary. */
static size_t utf8_cut(const char *s, size_t n)
{
    size_t len = strlen(s);
    if (len <= n)
        return len;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* One bulletin of the list, as util_page_json writes it. */
static void list_item(buf *out, store_stmt *q, void *ctx)
{
    (void)ctx;
    buf_putc(out, '{');
    util_json_col_i64(out, 1, "id", q, 0);
    util_json_col_str(out, 0, "title", q, 1);
    json_codes(out, store_col_text(q, 2));
    util_json_col_str(out, 0, "audience", q, 3);
    util_json_col_str(out, 0, "status", q, 4);
    util_json_col_i64(out, 0, "published_at", q, 5);
    util_json_col_i64(out, 0, "updated_at", q, 6);
    const char *body = store_col_text(q, 7);
    buf_puts(out, ",\"excerpt\":");
    buf_json_str(out, body ? body : "", body ? utf8_cut(body, EXCERPT) : 0);
    buf_putc(out, '}');
}

int bulletin_list_json(store *s, const actor *a, const bulletin_filter *f, buf *out, cg_err *err)
{
    bulletin_filter none = {0};
    if (!f)
        f = &none;
    if (f->status && !valid_status(f->status))
        return cg_err_set(err, CG_EINVAL,
                          "bulletins: field 'status' must be draft, published or withdrawn");
    if (f->audience && !valid_audience(f->audience))
        return cg_err_set(err, CG_EINVAL,
                          "bulletins: field 'audience' must be enterprises or public");
    const char *status = is_staff(a) ? f->status : "published";
    const char *audience = f->audience;
    if (!a || a->role == ROLE_NONE) {
        /* The public sees public bulletins only, whatever it asks for. */
        if (f->audience && strcmp(f->audience, "public")) {
            buf_puts(out, "{\"items\":[],\"next\":null}");
            return 0;
        }
        audience = "public";
    }
    int limit = util_limit(f->limit, 20, 100);
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q =
        store_prep(c,
                   "SELECT id, title, violations, audience, status, published_at, "
                   "updated_at, body FROM bulletin "
                   "WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR audience = ?2) "
                   "AND id < ?3 ORDER BY id DESC LIMIT ?4",
                   err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_text(q, 1, status);
    store_bind_text(q, 2, audience);
    store_bind_i64(q, 3, f->before > 0 ? f->before : INT64_MAX);
    store_bind_i64(q, 4, limit + 1);
    rc = util_page_json(q, limit, out, list_item, NULL, err);
    store_release(c);
    return rc < 0 ? rc : 0;
}
