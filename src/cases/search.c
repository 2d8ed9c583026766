/* search.c: one query across cases, alerts and subjects through the
 * full-text indexes of folded text, in the actor's scope (see search.h). */
#include "cases/search.h"
#include "cases/util.h"

#include "core/text.h"

#include <string.h>

#define Q_MAX 200
#define TOKENS_MAX 8

enum { SCOPE_ALL = 0, SCOPE_DISTRICT = 1, SCOPE_ORG = 2, SCOPE_OWN_ALERTS = 3 };

static int scope_of(const actor *a)
{
    if (a->role == ROLE_COORDINATOR || a->role == ROLE_ADMIN)
        return SCOPE_ALL;
    if (a->role == ROLE_REPORTER || org_kind_is_enterprise(a->org_kind))
        return SCOPE_OWN_ALERTS;
    if (a->org_kind == ORG_DISTRICT && a->district[0])
        return SCOPE_DISTRICT;
    return SCOPE_ORG;
}

static int is_tok(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80;
}

/* A query that is only a phone number as people type one: digits, spaces,
 * + - . ( ); its digits in d (at least 3). */
static int phone_digits(const char *q, char *d, size_t n)
{
    size_t k = 0;
    for (const char *p = q; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (k + 1 >= n)
                return 0;
            d[k++] = *p;
        } else if (!strchr(" +-.()", *p)) {
            return 0;
        }
    }
    d[k] = 0;
    return k >= 3;
}

/* The FTS5 expression: every folded word as a prefix, all required; a phone
 * number as its digits in the national and the international form. */
static int build(const char *q, buf *folded, buf *expr, cg_err *err)
{
    size_t len = strlen(q);
    if (len == 0 || len > Q_MAX)
        return cg_err_set(err, CG_EINVAL, "search: field 'q' must have 1 to %d bytes", Q_MAX);
    if (!text_utf8_valid(q, len))
        return cg_err_set(err, CG_EINVAL, "search: field 'q' is not valid UTF-8");
    text_fold(q, len, folded);
    buf_putc(folded, 0);
    folded->len--;
    char d[48];
    if (phone_digits(q, d, sizeof d)) {
        buf_printf(expr, "(\"%s\"*", d);
        if (d[0] == '0' && d[1] == '0' && d[2])
            buf_printf(expr, " OR \"%s\"*", d + 2);
        else if (d[0] == '0' && d[1] != '0')
            buf_printf(expr, " OR \"84%s\"*", d + 1);
        else if (d[0] == '8' && d[1] == '4' && d[2])
            buf_printf(expr, " OR \"0%s\"*", d + 2);
        buf_putc(expr, ')');
        return 0;
    }
    /* Whole words but the last, which may be the start of one (as people
     * type): a prefix needs the index to merge every word it starts, which
     * is slow for short, common prefixes. */
    int n = 0;
    const unsigned char *p = (const unsigned char *)folded->p;
    while (*p && n < TOKENS_MAX) {
        while (*p && !is_tok(*p))
            p++;
        const unsigned char *s = p;
        while (*p && is_tok(*p))
            p++;
        if (p > s) {
            buf_printf(expr, "%s\"%.*s\"", n ? " " : "", (int)(p - s), (const char *)s);
            n++;
        }
    }
    if (!n)
        return cg_err_set(err, CG_EINVAL, "search: field 'q' has no letter or digit");
    buf_putc(expr, '*');
    return 0;
}

static void bind_common(store_stmt *q, const char *expr, int mode, const actor *a, int limit)
{
    store_bind_text(q, 1, expr);
    store_bind_i64(q, 2, mode);
    store_bind_text(q, 3, a->district);
    store_bind_i64(q, 4, a->org_id);
    store_bind_i64(q, 5, limit);
}

/* The cases a sees: ?2 mode, ?3 district, ?4 organisation. */
#define CASE_SEEN                                                                                  \
    "(?2 = 0 OR (?2 = 1 AND c.district = ?3) OR EXISTS (SELECT 1 FROM case_org o "                 \
    "WHERE o.case_id = c.id AND o.org_id = ?4))"

/* A query that is (the start of) a case code, "VV-2026-0001": its upper
 * case form in code, and the first code after every code it starts, in
 * next. Every case has such a code, so its words would match every case:
 * the unique index on the code answers instead. */
static int code_prefix(const char *q, char code[32], char next[32])
{
    while (*q == ' ')
        q++;
    size_t n = strlen(q);
    while (n && q[n - 1] == ' ')
        n--;
    if (n < 4 || n >= 32 ||
        !((q[0] == 'v' || q[0] == 'V') && (q[1] == 'v' || q[1] == 'V') && q[2] == '-' &&
          q[3] >= '0' && q[3] <= '9'))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = q[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-'))
            return 0;
        code[i] = next[i] = ch;
    }
    code[n] = next[n] = 0;
    next[n - 1]++;
    return 1;
}

static int cases(store_conn *c, const char *text, const char *expr, int mode, const actor *a,
                 int limit, buf *out, cg_err *err)
{
    buf_puts(out, ",\"cases\":");
    if (mode == SCOPE_OWN_ALERTS) {
        buf_puts(out, "[]");
        return 0;
    }
    char code[32], next[32];
    int by_code = code_prefix(text, code, next);
    store_stmt *q =
        by_code ? store_prep(
                      c,
                      "SELECT c.id, c.code, c.title, c.violation, c.district, c.status, "
                      "c.updated_at FROM cases c WHERE c.code >= ?1 AND c.code < ?6 AND " CASE_SEEN
                      " ORDER BY c.code DESC LIMIT ?5",
                      err)
                : store_prep(c,
                             "SELECT c.id, c.code, c.title, c.violation, c.district, c.status, "
                             "c.updated_at FROM case_fts JOIN cases c ON c.id = case_fts.rowid "
                             "WHERE case_fts MATCH ?1 AND " CASE_SEEN
                             " ORDER BY case_fts.rowid DESC LIMIT ?5",
                             err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    bind_common(q, by_code ? code : expr, mode, a, limit);
    if (by_code)
        store_bind_text(q, 6, next);
    static const char *const cols[] = {"#id",      "code",   "title",      "violation",
                                       "district", "status", "#updated_at"};
    return util_rows_json(q, cols, CG_ARRAY_LEN(cols), out, err);
}

static int alerts(store_conn *c, const char *expr, int mode, const actor *a, int limit, buf *out,
                  cg_err *err)
{
    store_stmt *q = store_prep(c,
                               "SELECT l.id, l.kind, l.title, l.source, l.source_ref, l.status, "
                               "l.created_at, l.case_id FROM alert_fts "
                               "JOIN alert l ON l.id = alert_fts.rowid "
                               "WHERE alert_fts MATCH ?1 AND (?2 = 0 OR l.org_id = ?4) "
                               "ORDER BY alert_fts.rowid DESC LIMIT ?5",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    bind_common(q, expr, mode, a, limit);
    buf_puts(out, ",\"alerts\":");
    static const char *const cols[] = {"#id",        "kind",   "title",       "source",
                                       "source_ref", "status", "#created_at", "#case_id"};
    return util_rows_json(q, cols, CG_ARRAY_LEN(cols), out, err);
}

static int subjects(store_conn *c, const char *expr, int mode, const actor *a, int limit, buf *out,
                    cg_err *err)
{
    buf_puts(out, ",\"subjects\":");
    if (mode == SCOPE_OWN_ALERTS) {
        buf_puts(out, "[]");
        return 0;
    }
    store_stmt *q = store_prep(c,
                               "SELECT s.id, s.case_id, c.code, s.kind, s.value, s.label "
                               "FROM subject_fts JOIN subject s ON s.id = subject_fts.rowid "
                               "JOIN cases c ON c.id = s.case_id "
                               "WHERE subject_fts MATCH ?1 AND " CASE_SEEN
                               " ORDER BY subject_fts.rowid DESC LIMIT ?5",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    bind_common(q, expr, mode, a, limit);
    static const char *const cols[] = {"#id", "#case_id", "case_code", "kind", "value", "label"};
    return util_rows_json(q, cols, CG_ARRAY_LEN(cols), out, err);
}

int search_json(store *s, const actor *a, const char *q, int limit, buf *out, cg_err *err)
{
    if (!a || a->role == ROLE_NONE)
        return cg_err_set(err, CG_EPERM, "search: not allowed");
    buf folded = BUF_INIT, expr = BUF_INIT;
    int rc = build(q ? q : "", &folded, &expr, err);
    if (rc) {
        buf_free(&folded);
        buf_free(&expr);
        return rc;
    }
    limit = util_limit(limit, 10, 50);
    int mode = scope_of(a);
    store_conn *c;
    if (!(rc = store_acquire(s, &c, err))) {
        rc = store_begin_read(c, err);
        size_t mark = out->len;
        if (!rc) {
            buf_putc(out, '{');
            util_json_str(out, 1, "query", folded.p);
            rc = cases(c, q, expr.p, mode, a, limit, out, err);
        }
        if (!rc)
            rc = alerts(c, expr.p, mode, a, limit, out, err);
        if (!rc)
            rc = subjects(c, expr.p, mode, a, limit, out, err);
        if (!rc)
            buf_putc(out, '}');
        else
            out->len = mark; /* never a half-written answer */
        store_rollback(c);
        store_release(c);
    }
    buf_free(&folded);
    buf_free(&expr);
    return rc;
}
