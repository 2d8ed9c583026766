/* subject.c: the subjects of cases (people, numbers, devices, items,
 * addresses), normalised so that the same one matches across cases, and the
 * watch list that open cases make for the engines. */
#include "cases/subject.h"
#include "cases/access.h"
#include "cases/audit.h"
#include "cases/case.h"
#include "cases/util.h"

#include "core/phone.h"
#include "core/text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"id_number", "phone",  "name",   "address",
                                    "imei",      "msisdn", "item_id"};

int subject_kind_valid(const char *kind)
{
    for (size_t i = 0; kind && i < CG_ARRAY_LEN(kinds); i++)
        if (!strcmp(kind, kinds[i]))
            return 1;
    return 0;
}

int subject_normalize(const char *kind, const char *value, buf *out, cg_err *err)
{
    buf_reset(out);
    if (!subject_kind_valid(kind))
        return cg_err_set(err, CG_EINVAL, "subject: field 'kind': '%s' is not a subject kind",
                          kind ? kind : "");
    if (util_blank(value))
        return cg_err_set(err, CG_EINVAL, "subject: field 'value' is empty");
    size_t len = strlen(value);
    if (!text_utf8_valid(value, len))
        return cg_err_set(err, CG_EINVAL, "subject: field 'value' is not valid UTF-8");
    if (!strcmp(kind, "phone") || !strcmp(kind, "msisdn")) {
        char e164[PHONE_MAX + 1];
        const char *why = NULL;
        if (phone_normalize(value, len, e164, &why) < 0)
            return cg_err_set(err, CG_EINVAL, "subject: field 'value': not a phone number: %s",
                              why ? why : "invalid");
        buf_puts(out, e164);
        return 0;
    }
    if (!strcmp(kind, "imei") || !strcmp(kind, "id_number")) {
        for (const char *p = value; *p; p++) {
            if (isdigit((unsigned char)*p))
                buf_putc(out, *p);
            else if (*p != ' ' && *p != '-' && *p != '.')
                return cg_err_set(err, CG_EINVAL, "subject: field 'value': %s has only digits",
                                  !strcmp(kind, "imei") ? "an IMEI" : "an id number");
        }
        if (!strcmp(kind, "imei") && out->len != 14 && out->len != 15)
            return cg_err_set(err, CG_EINVAL,
                              "subject: field 'value': an IMEI has 14 or 15 "
                              "digits");
        if (!strcmp(kind, "id_number") && (out->len < 8 || out->len > 12))
            return cg_err_set(err, CG_EINVAL,
                              "subject: field 'value': an id number has 8 to 12 digits");
        return 0;
    }
    if (!strcmp(kind, "item_id")) {
        for (const char *p = value; *p; p++)
            if (!isspace((unsigned char)*p))
                buf_putc(out, (char)toupper((unsigned char)*p));
        return 0;
    }
    buf folded = BUF_INIT;
    text_fold(value, len, &folded);
    int space = 1;
    for (size_t i = 0; i < folded.len; i++) {
        char ch = folded.p[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == ',') {
            space = 1;
            continue;
        }
        if (space && out->len)
            buf_putc(out, ' ');
        space = 0;
        buf_putc(out, ch);
    }
    buf_free(&folded);
    if (!out->len)
        return cg_err_set(err, CG_EINVAL, "subject: field 'value' is empty once folded");
    return 0;
}

int subject_add(store *s, const actor *a, int64_t case_id, const char *kind, const char *value,
                const char *label, int64_t *id, cg_err *err)
{
    buf norm = BUF_INIT;
    int rc = subject_normalize(kind, value, &norm, err);
    if (rc) {
        buf_free(&norm);
        return rc;
    }
    store_conn *c;
    if ((rc = store_acquire(s, &c, err))) {
        buf_free(&norm);
        return rc;
    }
    if ((rc = store_begin(c, err))) {
        store_release(c);
        buf_free(&norm);
        return rc;
    }
    int64_t sid = 0;
    if ((rc = access_case_conn(c, a, case_id, ACCESS_WRITE, NULL, err)))
        goto out;
    store_stmt *q = store_prep(c,
                               "INSERT INTO subject(case_id, kind, value, label, created_at) "
                               "VALUES (?,?,?,?,?) ON CONFLICT(case_id, kind, value) DO NOTHING",
                               err);
    if (!q) {
        rc = util_code(err, CG_EUNAVAIL);
        goto out;
    }
    store_bind_i64(q, 1, case_id);
    store_bind_text(q, 2, kind);
    store_bind_text(q, 3, norm.p);
    store_bind_text(q, 4, util_blank(label) ? value : label);
    store_bind_i64(q, 5, util_now());
    if ((rc = store_step(q, err)) < 0)
        goto out;
    rc = 0;
    int fresh = store_changes(c) > 0;
    q = store_prep(c, "SELECT id FROM subject WHERE case_id = ? AND kind = ? AND value = ?", err);
    if (!q) {
        rc = util_code(err, CG_EUNAVAIL);
        goto out;
    }
    store_bind_i64(q, 1, case_id);
    store_bind_text(q, 2, kind);
    store_bind_text(q, 3, norm.p);
    if ((rc = store_step(q, err)) != STORE_ROW) {
        rc = rc < 0 ? rc : CG_EUNAVAIL;
        goto out;
    }
    rc = 0;
    sid = store_col_i64(q, 0);
    store_done(q);
    if (fresh) {
        buf t = BUF_INIT, d = BUF_INIT;
        buf_printf(&t, "Thêm đối tượng (%s): %s", kind, util_blank(label) ? value : label);
        buf_putc(&d, '{');
        util_json_i64(&d, 1, "subject_id", sid);
        util_json_str(&d, 0, "kind", kind);
        util_json_str(&d, 0, "value", norm.p);
        buf_putc(&d, '}');
        rc = case_event_conn(c, case_id, a, util_now(), "case.subject", t.p, err);
        if (!rc) {
            char obj[48];
            snprintf(obj, sizeof obj, "case:%lld", (long long)case_id);
            rc = audit_append(c, a, "case.subject", obj, d.p, err);
        }
        buf_free(&t);
        buf_free(&d);
    }
out:
    buf_free(&norm);
    rc = util_tx_end(c, rc, err);
    if (!rc && id)
        *id = sid;
    return rc;
}

/* Cases naming (kind, value) other than except, with visibility for a. */
static int cases_naming(store_conn *c, const actor *a, const char *kind, const char *value,
                        int64_t except, int hide, buf *out, int *count, cg_err *err)
{
    store_stmt *q = store_prep(c,
                               "SELECT DISTINCT c.id, c.code, c.title, c.status FROM subject s "
                               "JOIN cases c ON c.id = s.case_id WHERE s.kind = ? AND "
                               "s.value = ? AND s.case_id <> ? ORDER BY c.id DESC LIMIT 200",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_text(q, 1, kind);
    store_bind_text(q, 2, value);
    store_bind_i64(q, 3, except);
    /* Collect first: the access check uses the same connection. */
    struct row {
        int64_t id;
        char *code, *title, *status;
    } *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            rows = cg_realloc(rows, cap * sizeof *rows);
        }
        rows[n].id = store_col_i64(q, 0);
        rows[n].code = cg_strdup(store_col_text(q, 1));
        rows[n].title = cg_strdup(store_col_text(q, 2));
        rows[n].status = cg_strdup(store_col_text(q, 3));
        n++;
    }
    int shown = 0;
    for (size_t i = 0; i < n; i++) {
        cg_err ignored;
        int visible =
            rc >= 0 && access_case_conn(c, a, rows[i].id, ACCESS_READ, NULL, &ignored) == 0;
        if (rc >= 0 && (visible || !hide)) {
            buf_puts(out, shown++ ? ",{" : "{");
            util_json_i64(out, 1, "id", rows[i].id);
            util_json_str(out, 0, "code", visible ? rows[i].code : NULL);
            util_json_str(out, 0, "title", visible ? rows[i].title : NULL);
            util_json_str(out, 0, "status", rows[i].status);
            buf_puts(out, visible ? ",\"visible\":true}" : ",\"visible\":false}");
        }
        free(rows[i].code);
        free(rows[i].title);
        free(rows[i].status);
    }
    free(rows);
    *count = shown;
    return rc < 0 ? rc : 0;
}

int subject_matches_json(store *s, const actor *a, int64_t subject_id, buf *out, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, "SELECT case_id, kind, value FROM subject WHERE id = ?", err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_i64(q, 1, subject_id);
    rc = store_step(q, err);
    if (rc != STORE_ROW) {
        store_release(c);
        return rc < 0
                   ? rc
                   : cg_err_set(err, CG_ENOTFOUND, "subject %lld not found", (long long)subject_id);
    }
    int64_t cid = store_col_i64(q, 0);
    char *kind = cg_strdup(store_col_text(q, 1)), *value = cg_strdup(store_col_text(q, 2));
    store_done(q);
    if (!(rc = access_case_conn(c, a, cid, ACCESS_READ, NULL, err))) {
        buf_putc(out, '{');
        util_json_str(out, 1, "kind", kind);
        util_json_str(out, 0, "value", value);
        buf_puts(out, ",\"cases\":[");
        int count = 0;
        rc = cases_naming(c, a, kind, value, cid, 0, out, &count, err);
        buf_printf(out, "],\"count\":%d}", count);
    }
    free(kind);
    free(value);
    store_release(c);
    return rc;
}

int subject_search_json(store *s, const actor *a, const char *kind, const char *value, buf *out,
                        cg_err *err)
{
    if (!a || a->role == ROLE_REPORTER || a->role == ROLE_NONE)
        return cg_err_set(err, CG_EPERM, "subjects: your role does not search cases");
    buf norm = BUF_INIT;
    int rc = subject_normalize(kind, value, &norm, err);
    if (rc) {
        buf_free(&norm);
        return rc;
    }
    store_conn *c;
    if ((rc = store_acquire(s, &c, err))) {
        buf_free(&norm);
        return rc;
    }
    buf_putc(out, '{');
    util_json_str(out, 1, "kind", kind);
    util_json_str(out, 0, "value", norm.p);
    buf_puts(out, ",\"items\":[");
    int count = 0;
    rc = cases_naming(c, a, kind, norm.p, 0, 1, out, &count, err);
    buf_puts(out, "]}");
    store_release(c);
    buf_free(&norm);
    return rc;
}

int subject_watchlist(store *s,
                      void (*fn)(void *ctx, const char *kind, const char *value, const char *note),
                      void *ctx, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c,
                               "SELECT s.kind, s.value, c.id, c.code, c.title FROM subject s "
                               "JOIN cases c ON c.id = s.case_id WHERE c.status <> 'closed' "
                               "ORDER BY s.id",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    buf note = BUF_INIT;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        buf_reset(&note);
        buf_printf(&note, "Vụ việc #%lld (%s): %s", (long long)store_col_i64(q, 2),
                   store_col_text(q, 3), store_col_text(q, 4));
        fn(ctx, store_col_text(q, 0), store_col_text(q, 1), note.p);
    }
    buf_free(&note);
    store_release(c);
    return rc < 0 ? rc : 0;
}
