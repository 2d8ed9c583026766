/* report.c: the period report: figures and tables over three periods, in
 * the actor's scope, and its JSON, CSV and XLSX forms (see report.h). */
#include "reports/report.h"

#include "cases/alert.h"
#include "core/ts.h"
#include "store/store.h"

#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VN_OFF (TS_VN_OFFSET_MIN * 60)

static int code_or(const cg_err *err, int fallback)
{
    return err && err->code ? err->code : fallback;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

static int64_t local_midnight(int y, int m)
{
    return ts_from_civil(y, m, 1, 0, 0, 0) - VN_OFF;
}

int report_period(const char *kind, int year, int n, int64_t *from, int64_t *to, cg_err *err)
{
    if (year < 1970 || year > 9999)
        return cg_err_set(err, CG_EINVAL, "report: field 'year': %d is out of range", year);
    int m0, months;
    if (kind && !strcmp(kind, "month")) {
        if (n < 1 || n > 12)
            return cg_err_set(err, CG_EINVAL, "report: field 'month' must be 1..12, not %d", n);
        m0 = n, months = 1;
    } else if (kind && !strcmp(kind, "quarter")) {
        if (n < 1 || n > 4)
            return cg_err_set(err, CG_EINVAL, "report: field 'quarter' must be 1..4, not %d", n);
        m0 = 3 * (n - 1) + 1, months = 3;
    } else if (kind && !strcmp(kind, "year")) {
        m0 = 1, months = 12;
    } else {
        return cg_err_set(err, CG_EINVAL,
                          "report: field 'period' must be month, quarter or year, not '%s'",
                          kind ? kind : "");
    }
    int m1 = m0 + months, y1 = year;
    if (m1 > 12)
        m1 -= 12, y1++;
    *from = local_midnight(year, m0);
    *to = local_midnight(y1, m1);
    return 0;
}

int64_t report_year_before(int64_t t)
{
    int y, mo, d, h, mi, s;
    ts_to_civil(t, TS_VN_OFFSET_MIN, &y, &mo, &d, &h, &mi, &s);
    y--;
    if (d > days_in_month(y, mo))
        d = days_in_month(y, mo);
    return ts_from_civil(y, mo, d, h, mi, s) - VN_OFF;
}

/* The start of the period before [from, to): for whole calendar months
 * (a month, a quarter, a year: both ends at local midnight on the 1st) as
 * many months before, so that March is compared with February and 2025 with
 * 2024 whatever their lengths; otherwise the same length just before. */
static int64_t previous_from(int64_t from, int64_t to)
{
    int y0, m0, d0, h0, mi0, s0, y1, m1, d1, h1, mi1, s1;
    ts_to_civil(from, TS_VN_OFFSET_MIN, &y0, &m0, &d0, &h0, &mi0, &s0);
    ts_to_civil(to, TS_VN_OFFSET_MIN, &y1, &m1, &d1, &h1, &mi1, &s1);
    if (d0 == 1 && d1 == 1 && !(h0 | mi0 | s0 | h1 | mi1 | s1)) {
        int months = (y1 - y0) * 12 + (m1 - m0);
        int m = (y0 * 12 + (m0 - 1)) - months;
        return local_midnight(m / 12, m % 12 + 1);
    }
    return from - (to - from);
}

/* ---- tables ---- */

static report_line *line_get(report_table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i].key, key))
            return &t->v[i];
    t->v = cg_realloc(t->v, (t->n + 1) * sizeof *t->v);
    report_line *l = &t->v[t->n++];
    memset(l, 0, sizeof *l);
    l->key = cg_strdup(key);
    return l;
}

static void table_free(report_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].key);
        free(t->v[i].label);
    }
    free(t->v);
}

static int line_cmp(const void *pa, const void *pb)
{
    const report_line *a = pa, *b = pb;
    for (int p = 0; p < REPORT_NPERIODS; p++)
        if (a->count[p] != b->count[p])
            return a->count[p] > b->count[p] ? -1 : 1;
    return strcmp(a->key, b->key);
}

static void table_sort(report_table *t)
{
    if (t->n > 1)
        qsort(t->v, t->n, sizeof *t->v, line_cmp);
}

void report_free(report *r)
{
    if (!r)
        return;
    table_free(&r->by_violation);
    table_free(&r->by_agency);
    table_free(&r->by_district);
    table_free(&r->by_outcome);
    free(r);
}

/* ---- scope ---- */

enum { SCOPE_ALL = 0, SCOPE_DISTRICT = 1, SCOPE_ORG = 2, SCOPE_ENTERPRISE = 3 };

static int scope_of(const actor *a)
{
    if ((a->user_id == 0 && a->role == ROLE_ADMIN) || a->role == ROLE_COORDINATOR ||
        a->role == ROLE_ADMIN)
        return SCOPE_ALL;
    if (a->role == ROLE_REPORTER || org_kind_is_enterprise(a->org_kind))
        return SCOPE_ENTERPRISE;
    if (a->org_kind == ORG_DISTRICT && a->district[0])
        return SCOPE_DISTRICT;
    return SCOPE_ORG;
}

/* The scope filter on a cases row aliased c: ?3 mode, ?4 district, ?5 org. */
#define CASE_SCOPE "(?3 = 0 OR (?3 = 1 AND c.district = ?4) OR (?3 = 2 AND c.lead_org = ?5))"

static void bind_scope(store_stmt *q, int64_t from, int64_t to, int mode, const actor *a)
{
    store_bind_i64(q, 1, from);
    store_bind_i64(q, 2, to);
    store_bind_i64(q, 3, mode);
    store_bind_text(q, 4, a->district);
    store_bind_i64(q, 5, a->org_id);
}

/* ---- compute ---- */

/* Add one (violation, organisation, district) count to the current
 * figures and tables of period p. */
static void add_cases(report *r, int p, const char *violation, int64_t org, const char *district,
                      int64_t n)
{
    if (!n)
        return;
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)org);
    line_get(&r->by_violation, violation)->count[p] += n;
    line_get(&r->by_agency, key)->count[p] += n;
    line_get(&r->by_district, district ? district : "")->count[p] += n;
    r->fig[p].cases_opened += n;
}

/* Cases opened in [lo, hi), read from the cases themselves (a part day at
 * either end of the period). */
static int cases_opened(store_conn *c, report *r, int p, int mode, const actor *a, int64_t lo,
                        int64_t hi, cg_err *err)
{
    store_stmt *q = store_prep(c,
                               "SELECT c.violation, c.lead_org, c.district, count(*) FROM cases c "
                               "INDEXED BY cases_created "
                               "WHERE c.created_at >= ?1 AND c.created_at < ?2 AND " CASE_SCOPE
                               " GROUP BY c.violation, c.lead_org, c.district",
                               err);
    if (!q)
        return code_or(err, CG_EUNAVAIL);
    bind_scope(q, lo, hi, mode, a);
    int rc;
    while ((rc = store_step(q, err)) == STORE_ROW)
        add_cases(r, p, store_col_text(q, 0), store_col_i64(q, 1), store_col_text(q, 2),
                  store_col_i64(q, 3));
    store_done(q);
    return rc < 0 ? rc : 0;
}

/* The scope filter on stat_day: ?3 mode, ?4 district, ?5 org. */
#define STAT_SCOPE "(?3 = 0 OR (?3 = 1 AND district = ?4) OR (?3 IN (2, 3) AND org_id = ?5))"

/* Whole local days [d0, d1) from the daily counts: cases opened (tables),
 * cases closed and alerts (totals). */
static int from_days(store_conn *c, report *r, int p, int mode, const actor *a, int64_t d0,
                     int64_t d1, cg_err *err)
{
    store_stmt *q = store_prep(c,
                               "SELECT metric, kind, org_id, district, sum(n) FROM stat_day "
                               "WHERE metric IN ('case_opened', 'case_closed', 'alert') "
                               "AND day >= ?1 AND day < ?2 AND " STAT_SCOPE
                               " GROUP BY metric, kind, org_id, district",
                               err);
    if (!q)
        return code_or(err, CG_EUNAVAIL);
    bind_scope(q, d0, d1, mode, a);
    int rc;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        const char *metric = store_col_text(q, 0);
        int64_t n = store_col_i64(q, 4);
        if (!strcmp(metric, "alert"))
            r->fig[p].alerts += n;
        else if (mode == SCOPE_ENTERPRISE)
            continue;
        else if (!strcmp(metric, "case_closed"))
            r->fig[p].cases_closed += n;
        else {
            const char *d = store_col_text(q, 3);
            add_cases(r, p, store_col_text(q, 1), store_col_i64(q, 2), d && *d ? d : NULL, n);
        }
    }
    store_done(q);
    return rc < 0 ? rc : 0;
}

static int count_one(store_conn *c, const char *sql, int64_t lo, int64_t hi, int mode,
                     const actor *a, int64_t extra, int64_t *out, cg_err *err)
{
    store_stmt *q = store_prep(c, sql, err);
    if (!q)
        return code_or(err, CG_EUNAVAIL);
    bind_scope(q, lo, hi, mode, a);
    store_bind_i64(q, 6, extra);
    int rc = store_step(q, err);
    if (rc == STORE_ROW)
        *out = store_col_i64(q, 0);
    store_done(q);
    return rc < 0 ? rc : 0;
}

static int outcomes(store_conn *c, report *r, int p, int mode, const actor *a, cg_err *err)
{
    if (mode == SCOPE_ENTERPRISE)
        return 0;
    const char *sql = mode == SCOPE_ALL
                          ? "SELECT kind, count(*), sum(amount_vnd) FROM case_outcome "
                            "WHERE at >= ?1 AND at < ?2 GROUP BY kind"
                          : "SELECT o.kind, count(*), sum(o.amount_vnd) FROM case_outcome o "
                            "JOIN cases c ON c.id = o.case_id "
                            "WHERE o.at >= ?1 AND o.at < ?2 AND " CASE_SCOPE " GROUP BY o.kind";
    store_stmt *q = store_prep(c, sql, err);
    if (!q)
        return code_or(err, CG_EUNAVAIL);
    bind_scope(q, r->from[p], r->to[p], mode, a);
    int rc;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        const char *kind = store_col_text(q, 0);
        int64_t n = store_col_i64(q, 1), vnd = store_col_i64(q, 2);
        report_line *l = line_get(&r->by_outcome, kind);
        l->count[p] += n;
        l->vnd[p] += vnd;
        report_figures *f = &r->fig[p];
        if (!strcmp(kind, "fine"))
            f->fines += n, f->fines_vnd += vnd;
        else if (!strcmp(kind, "seizure"))
            f->seizures += n, f->seizures_vnd += vnd;
        else if (!strcmp(kind, "prosecution"))
            f->prosecutions += n;
        else if (!strcmp(kind, "warning"))
            f->warnings += n;
    }
    store_done(q);
    return rc < 0 ? rc : 0;
}

/* Stop orders in scope: all; of the district's / the organisation's cases;
 * addressed to the enterprise. ?6 is the end of the overdue window. */
#define STOP_FROM                                                                                  \
    "FROM stop_order s LEFT JOIN cases c ON c.id = s.case_id WHERE "                               \
    "(?3 = 0 OR (?3 = 1 AND c.district = ?4) OR (?3 = 2 AND c.lead_org = ?5) "                     \
    "OR (?3 = 3 AND s.org_id = ?5)) AND "

/* Cases opened and closed, alerts, in a part of a day [lo, hi). */
static int from_rows(store_conn *c, report *r, int p, int mode, const actor *a, int64_t lo,
                     int64_t hi, cg_err *err)
{
    report_figures *f = &r->fig[p];
    int64_t n = 0;
    int rc = 0;
    if (mode != SCOPE_ENTERPRISE) {
        rc = cases_opened(c, r, p, mode, a, lo, hi, err);
        if (!rc)
            rc = count_one(c,
                           "SELECT count(*) FROM cases c INDEXED BY cases_closed "
                           "WHERE c.closed_at >= ?1 AND c.closed_at < ?2 AND " CASE_SCOPE,
                           lo, hi, mode, a, 0, &n, err);
        f->cases_closed += n;
    }
    n = 0;
    if (!rc)
        rc = count_one(c,
                       "SELECT count(*) FROM alert INDEXED BY alert_created "
                       "WHERE created_at >= ?1 AND created_at < ?2 AND " STAT_SCOPE,
                       lo, hi, mode, a, 0, &n, err);
    f->alerts += n;
    return rc;
}

/* The local day number of t (days since 1970-01-01 in Asia/Ho_Chi_Minh). */
static int64_t day_of(int64_t t)
{
    int64_t x = t + VN_OFF;
    return x >= 0 ? x / 86400 : -((-x + 86399) / 86400);
}

static int period_figures(store_conn *c, report *r, int p, int mode, const actor *a, int64_t now,
                          cg_err *err)
{
    report_figures *f = &r->fig[p];
    int64_t from = r->from[p], to = r->to[p];
    /* Whole days from the daily counts, the part days at the ends from the
     * rows themselves. */
    int64_t d0 = day_of(from - 1) + 1, d1 = day_of(to);
    int64_t t0 = d0 * 86400 - VN_OFF, t1 = d1 * 86400 - VN_OFF;
    int rc;
    if (d0 >= d1) {
        rc = from_rows(c, r, p, mode, a, from, to, err);
    } else {
        rc = from_days(c, r, p, mode, a, d0, d1, err);
        if (!rc && from < t0)
            rc = from_rows(c, r, p, mode, a, from, t0, err);
        if (!rc && t1 < to)
            rc = from_rows(c, r, p, mode, a, t1, to, err);
    }
    if (!rc)
        rc = outcomes(c, r, p, mode, a, err);
    if (!rc)
        rc = count_one(c, "SELECT count(*) " STOP_FROM "s.ordered_at >= ?1 AND s.ordered_at < ?2",
                       from, to, mode, a, 0, &f->stops_issued, err);
    if (!rc)
        rc = count_one(c, "SELECT count(*) " STOP_FROM "s.done_at >= ?1 AND s.done_at < ?2", from,
                       to, mode, a, 0, &f->stops_done, err);
    int64_t until = to < now ? to : now;
    if (!rc)
        rc = count_one(c,
                       "SELECT count(*) " STOP_FROM "s.ordered_at >= ?1 AND s.ordered_at < ?2 "
                       "AND s.due_at < ?6 AND (s.done_at IS NULL OR s.done_at > s.due_at)",
                       from, to, mode, a, until, &f->stops_overdue, err);
    return rc;
}

static const char *outcome_label(const char *k)
{
    if (!strcmp(k, "fine"))
        return "Phạt tiền";
    if (!strcmp(k, "seizure"))
        return "Tạm giữ, tịch thu tang vật";
    if (!strcmp(k, "prosecution"))
        return "Khởi tố";
    if (!strcmp(k, "warning"))
        return "Cảnh cáo";
    return k;
}

/* Labels: violation names, organisation codes and names, district names;
 * the agency table is keyed by org id until here, then by org code. */
static int labels(store_conn *c, report *r, const actor *a, int mode, cg_err *err)
{
    for (size_t i = 0; i < r->by_violation.n; i++) {
        const char *vi = alert_kind_name_vi(r->by_violation.v[i].key);
        r->by_violation.v[i].label = cg_strdup(vi ? vi : r->by_violation.v[i].key);
    }
    for (size_t i = 0; i < r->by_outcome.n; i++)
        r->by_outcome.v[i].label = cg_strdup(outcome_label(r->by_outcome.v[i].key));
    store_stmt *q = store_prep(c, "SELECT code, name FROM org WHERE id = ?", err);
    if (!q)
        return code_or(err, CG_EUNAVAIL);
    for (size_t i = 0; i < r->by_agency.n; i++) {
        report_line *l = &r->by_agency.v[i];
        store_bind_i64(q, 1, strtoll(l->key, NULL, 10));
        int rc = store_step(q, err);
        if (rc < 0)
            return rc;
        if (rc == STORE_ROW) {
            char *code = cg_strdup(store_col_text(q, 0));
            l->label = cg_strdup(store_col_text(q, 1));
            free(l->key);
            l->key = code;
        } else {
            l->label = cg_strdup(l->key);
        }
        store_done(q);
    }
    store_stmt *d = store_prep(c, "SELECT name FROM district WHERE code = ?", err);
    if (!d)
        return code_or(err, CG_EUNAVAIL);
    for (size_t i = 0; i < r->by_district.n; i++) {
        report_line *l = &r->by_district.v[i];
        if (!*l->key) {
            l->label = cg_strdup("Chưa xác định địa bàn");
            continue;
        }
        store_bind_text(d, 1, l->key);
        int rc = store_step(d, err);
        if (rc < 0)
            return rc;
        l->label = cg_strdup(rc == STORE_ROW ? store_col_text(d, 0) : l->key);
        store_done(d);
    }
    if (mode == SCOPE_ALL) {
        snprintf(r->scope, sizeof r->scope, "Toàn tỉnh");
        return 0;
    }
    store_stmt *o = mode == SCOPE_DISTRICT
                        ? store_prep(c, "SELECT name FROM district WHERE code = ?", err)
                        : store_prep(c, "SELECT name FROM org WHERE id = ?", err);
    if (!o)
        return code_or(err, CG_EUNAVAIL);
    if (mode == SCOPE_DISTRICT)
        store_bind_text(o, 1, a->district);
    else
        store_bind_i64(o, 1, a->org_id);
    int rc = store_step(o, err);
    if (rc == STORE_ROW)
        snprintf(r->scope, sizeof r->scope, "%s", store_col_text(o, 0));
    store_done(o);
    return rc < 0 ? rc : 0;
}

int report_compute(store *s, const actor *a, int64_t from, int64_t to, report **out, cg_err *err)
{
    *out = NULL;
    if (!a || a->role == ROLE_NONE)
        return cg_err_set(err, CG_EPERM, "report: not allowed");
    if (from >= to)
        return cg_err_set(err, CG_EINVAL, "report: field 'to' must come after 'from'");
    if (to - from > 10LL * 366 * 86400)
        return cg_err_set(err, CG_EINVAL,
                          "report: the period from 'from' to 'to' exceeds 10 years");
    report *r = cg_calloc(1, sizeof *r);
    r->from[REPORT_CUR] = from;
    r->to[REPORT_CUR] = to;
    r->from[REPORT_PREV] = previous_from(from, to);
    r->to[REPORT_PREV] = from;
    r->from[REPORT_YEAR_AGO] = report_year_before(from);
    r->to[REPORT_YEAR_AGO] = report_year_before(to);
    r->computed_at = (int64_t)time(NULL);
    int mode = scope_of(a);
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc) {
        free(r);
        return rc;
    }
    rc = store_begin_read(c, err);
    for (int p = 0; !rc && p < REPORT_NPERIODS; p++) {
        /* A yearly report's previous period is the year before: same figures. */
        if (p == REPORT_YEAR_AGO && r->from[p] == r->from[REPORT_PREV] &&
            r->to[p] == r->to[REPORT_PREV]) {
            r->fig[p] = r->fig[REPORT_PREV];
            report_table *ts[] = {&r->by_violation, &r->by_agency, &r->by_district, &r->by_outcome};
            for (size_t t = 0; t < 4; t++)
                for (size_t i = 0; i < ts[t]->n; i++) {
                    ts[t]->v[i].count[p] = ts[t]->v[i].count[REPORT_PREV];
                    ts[t]->v[i].vnd[p] = ts[t]->v[i].vnd[REPORT_PREV];
                }
            continue;
        }
        rc = period_figures(c, r, p, mode, a, r->computed_at, err);
    }
    if (!rc)
        rc = labels(c, r, a, mode, err);
    store_rollback(c);
    store_release(c);
    if (rc) {
        report_free(r);
        return rc;
    }
    table_sort(&r->by_violation);
    table_sort(&r->by_agency);
    table_sort(&r->by_district);
    table_sort(&r->by_outcome);
    *out = r;
    return 0;
}

/* ---- JSON ---- */

static const char *const pname[] = {"current", "previous", "year_ago"};

static void jkey(buf *b, const char *k)
{
    buf_json_str(b, k, strlen(k));
    buf_putc(b, ':');
}

static void json_figures(const report_figures *f, buf *b)
{
    buf_printf(b,
               "{\"alerts\":%lld,\"cases_opened\":%lld,\"cases_closed\":%lld,\"fines\":%lld,"
               "\"fines_vnd\":%lld,\"seizures\":%lld,\"seizures_vnd\":%lld,"
               "\"prosecutions\":%lld,\"warnings\":%lld,\"stops_issued\":%lld,"
               "\"stops_done\":%lld,\"stops_overdue\":%lld}",
               (long long)f->alerts, (long long)f->cases_opened, (long long)f->cases_closed,
               (long long)f->fines, (long long)f->fines_vnd, (long long)f->seizures,
               (long long)f->seizures_vnd, (long long)f->prosecutions, (long long)f->warnings,
               (long long)f->stops_issued, (long long)f->stops_done, (long long)f->stops_overdue);
}

static void json_table(const report_table *t, int vnd, buf *b)
{
    buf_putc(b, '[');
    for (size_t i = 0; i < t->n; i++) {
        const report_line *l = &t->v[i];
        if (i)
            buf_putc(b, ',');
        buf_putc(b, '{');
        jkey(b, "key");
        buf_json_str(b, l->key, strlen(l->key));
        buf_putc(b, ',');
        jkey(b, "label");
        buf_json_str(b, l->label, strlen(l->label));
        for (int p = 0; p < REPORT_NPERIODS; p++)
            buf_printf(b, ",\"%s\":%lld", pname[p], (long long)l->count[p]);
        if (vnd) {
            buf_puts(b, ",\"vnd\":{");
            for (int p = 0; p < REPORT_NPERIODS; p++)
                buf_printf(b, "%s\"%s\":%lld", p ? "," : "", pname[p], (long long)l->vnd[p]);
            buf_putc(b, '}');
        }
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
}

void report_json(const report *r, buf *b)
{
    buf_putc(b, '{');
    jkey(b, "scope");
    buf_json_str(b, r->scope, strlen(r->scope));
    buf_printf(b, ",\"computed_at\":%lld,\"periods\":{", (long long)r->computed_at);
    for (int p = 0; p < REPORT_NPERIODS; p++)
        buf_printf(b, "%s\"%s\":{\"from\":%lld,\"to\":%lld}", p ? "," : "", pname[p],
                   (long long)r->from[p], (long long)r->to[p]);
    buf_puts(b, "},\"totals\":{");
    for (int p = 0; p < REPORT_NPERIODS; p++) {
        buf_printf(b, "%s\"%s\":", p ? "," : "", pname[p]);
        json_figures(&r->fig[p], b);
    }
    buf_puts(b, "},\"by_violation\":");
    json_table(&r->by_violation, 0, b);
    buf_puts(b, ",\"by_agency\":");
    json_table(&r->by_agency, 0, b);
    buf_puts(b, ",\"by_district\":");
    json_table(&r->by_district, 0, b);
    buf_puts(b, ",\"by_outcome\":");
    json_table(&r->by_outcome, 1, b);
    buf_putc(b, '}');
}

/* ---- the rows every export shares ---- */

typedef struct total_row {
    const char *label;
    size_t off; /* offset of the figure in report_figures */
} total_row;

#define TR(l, f)                                                                                   \
    {                                                                                              \
        l, offsetof(report_figures, f)                                                             \
    }
static const total_row totals[] = {
    TR("Tin báo, cảnh báo tiếp nhận", alerts),
    TR("Vụ việc mới phát sinh", cases_opened),
    TR("Vụ việc đã kết thúc", cases_closed),
    TR("Số quyết định phạt tiền", fines),
    TR("Tiền phạt (đồng)", fines_vnd),
    TR("Số vụ tạm giữ, tịch thu tang vật", seizures),
    TR("Trị giá tang vật (đồng)", seizures_vnd),
    TR("Số vụ khởi tố", prosecutions),
    TR("Số vụ cảnh cáo", warnings),
    TR("Lệnh ngăn chặn đã ban hành", stops_issued),
    TR("Lệnh ngăn chặn đã thực hiện", stops_done),
    TR("Lệnh ngăn chặn quá hạn", stops_overdue),
};

static int64_t fig(const report_figures *f, size_t off)
{
    int64_t v;
    memcpy(&v, (const char *)f + off, sizeof v);
    return v;
}

static const char *const period_vi[] = {"Kỳ này", "Kỳ trước", "Cùng kỳ năm trước"};

/* ---- CSV ---- */

static void csv_field(buf *b, const char *s)
{
    /* A text cell that a spreadsheet would read as a formula (an
     * organisation named "=HYPERLINK(...)") is made plain text. */
    if (strchr("=+-@", *s) && *s) {
        buf wrapped = BUF_INIT;
        buf_putc(&wrapped, '\'');
        buf_puts(&wrapped, s);
        csv_field(b, wrapped.p);
        buf_free(&wrapped);
        return;
    }
    if (!strpbrk(s, ",\"\r\n")) {
        buf_puts(b, s);
        return;
    }
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

static void csv_row(buf *b, const char *section, const char *key, const char *label,
                    const int64_t v[REPORT_NPERIODS])
{
    csv_field(b, section);
    buf_putc(b, ',');
    csv_field(b, key);
    buf_putc(b, ',');
    csv_field(b, label);
    for (int p = 0; p < REPORT_NPERIODS; p++)
        buf_printf(b, ",%lld", (long long)v[p]);
    buf_puts(b, "\r\n");
}

static void csv_table(buf *b, const char *section, const report_table *t, int vnd)
{
    for (size_t i = 0; i < t->n; i++) {
        csv_row(b, section, t->v[i].key, t->v[i].label, t->v[i].count);
        if (vnd) {
            char lab[256];
            snprintf(lab, sizeof lab, "%s (đồng)", t->v[i].label);
            csv_row(b, section, t->v[i].key, lab, t->v[i].vnd);
        }
    }
}

void report_csv(const report *r, buf *b)
{
    buf_puts(b, "\xEF\xBB\xBF");
    buf_puts(b, "Mục,Mã,Tên");
    for (int p = 0; p < REPORT_NPERIODS; p++)
        buf_printf(b, ",%s", period_vi[p]);
    buf_puts(b, "\r\n");
    for (size_t i = 0; i < CG_ARRAY_LEN(totals); i++) {
        int64_t v[REPORT_NPERIODS];
        for (int p = 0; p < REPORT_NPERIODS; p++)
            v[p] = fig(&r->fig[p], totals[i].off);
        csv_row(b, "Tổng hợp", "", totals[i].label, v);
    }
    csv_table(b, "Theo hành vi", &r->by_violation, 0);
    csv_table(b, "Theo cơ quan", &r->by_agency, 0);
    csv_table(b, "Theo địa bàn", &r->by_district, 0);
    csv_table(b, "Theo kết quả", &r->by_outcome, 1);
}

/* ---- XLSX ---- */

typedef struct xl {
    lxw_workbook *wb;
    lxw_format *head, *num, *title;
} xl;

static void xl_date(char out[16], int64_t t)
{
    int y, mo, d, h, mi, s;
    ts_to_civil(t, TS_VN_OFFSET_MIN, &y, &mo, &d, &h, &mi, &s);
    snprintf(out, 16, "%02d/%02d/%04d", d, mo, y);
}

/* Title rows and the header row; returns the first data row. */
static lxw_row_t xl_head(xl *x, lxw_worksheet *ws, const report *r, const char *title,
                         const char *const *cols, int ncols)
{
    char a[16], b[16], line[320];
    xl_date(a, r->from[REPORT_CUR]);
    xl_date(b, r->to[REPORT_CUR] - 1);
    worksheet_write_string(ws, 0, 0, title, x->title);
    snprintf(line, sizeof line, "Phạm vi: %s. Kỳ báo cáo: từ %s đến %s", r->scope, a, b);
    worksheet_write_string(ws, 1, 0, line, NULL);
    for (int i = 0; i < ncols; i++)
        worksheet_write_string(ws, 3, (lxw_col_t)i, cols[i], x->head);
    return 4;
}

static void xl_table(xl *x, const report *r, const char *sheet, const char *title,
                     const char *keyname, const report_table *t, int vnd)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet);
    const char *cols[] = {keyname,
                          "Tên",
                          period_vi[0],
                          period_vi[1],
                          period_vi[2],
                          "Tiền (đồng) kỳ này",
                          "Tiền (đồng) kỳ trước",
                          "Tiền (đồng) cùng kỳ năm trước"};
    lxw_row_t row = xl_head(x, ws, r, title, cols, vnd ? 8 : 5);
    worksheet_set_column(ws, 0, 0, 14, NULL);
    worksheet_set_column(ws, 1, 1, 48, NULL);
    worksheet_set_column(ws, 2, 7, 18, NULL);
    for (size_t i = 0; i < t->n; i++, row++) {
        worksheet_write_string(ws, row, 0, t->v[i].key, NULL);
        worksheet_write_string(ws, row, 1, t->v[i].label, NULL);
        for (int p = 0; p < REPORT_NPERIODS; p++) {
            worksheet_write_number(ws, row, (lxw_col_t)(2 + p), (double)t->v[i].count[p], x->num);
            if (vnd)
                worksheet_write_number(ws, row, (lxw_col_t)(5 + p), (double)t->v[i].vnd[p], x->num);
        }
    }
}

int report_xlsx(const report *r, const char *path, cg_err *err)
{
    xl x;
    x.wb = workbook_new(path);
    if (!x.wb)
        return cg_err_set(err, CG_EIO, "%s: cannot create the workbook", path);
    x.head = workbook_add_format(x.wb);
    format_set_bold(x.head);
    format_set_border(x.head, LXW_BORDER_THIN);
    format_set_text_wrap(x.head);
    x.num = workbook_add_format(x.wb);
    format_set_num_format(x.num, "#,##0");
    x.title = workbook_add_format(x.wb);
    format_set_bold(x.title);
    format_set_font_size(x.title, 14);

    lxw_worksheet *ws = workbook_add_worksheet(x.wb, "Tổng hợp");
    const char *cols[] = {"Chỉ tiêu", period_vi[0], period_vi[1], period_vi[2]};
    lxw_row_t row = xl_head(&x, ws, r, "Báo cáo tổng hợp tình hình vi phạm", cols, 4);
    worksheet_set_column(ws, 0, 0, 44, NULL);
    worksheet_set_column(ws, 1, 3, 18, NULL);
    for (size_t i = 0; i < CG_ARRAY_LEN(totals); i++, row++) {
        worksheet_write_string(ws, row, 0, totals[i].label, NULL);
        for (int p = 0; p < REPORT_NPERIODS; p++)
            worksheet_write_number(ws, row, (lxw_col_t)(1 + p),
                                   (double)fig(&r->fig[p], totals[i].off), x.num);
    }
    xl_table(&x, r, "Theo hành vi", "Vụ việc theo hành vi vi phạm", "Mã hành vi", &r->by_violation,
             0);
    xl_table(&x, r, "Theo cơ quan", "Vụ việc theo cơ quan chủ trì", "Mã cơ quan", &r->by_agency, 0);
    xl_table(&x, r, "Theo địa bàn", "Vụ việc theo địa bàn", "Mã địa bàn", &r->by_district, 0);
    xl_table(&x, r, "Theo kết quả", "Kết quả xử lý", "Loại", &r->by_outcome, 1);
    lxw_error e = workbook_close(x.wb);
    if (e != LXW_NO_ERROR)
        return cg_err_set(err, CG_EIO, "%s: cannot write the workbook: %s", path, lxw_strerror(e));
    return 0;
}
