/* report.c: computing the period report from the store (a handful of
 * grouped counts per period, each on a time index) and writing it as JSON,
 * CSV and XLSX. */
#include "reports/report.h"

#include "cases/alert.h"
#include "core/ts.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* Scope parameters of every query: ?3 = 0 province, 1 district ?4, 2 the
 * organisation ?5. Time range ?1..?2. */
#define CASE_SCOPE                                                                                 \
    " AND (?3 = 0 OR (?3 = 1 AND c.district = ?4) OR (?3 = 2 AND EXISTS (SELECT 1 FROM case_org "  \
    "co WHERE co.case_id = c.id AND co.org_id = ?5)))"
#define ALERT_SCOPE " AND (?3 = 0 OR (?3 = 1 AND a.district = ?4) OR (?3 = 2 AND a.org_id = ?5))"
#define STOP_SCOPE                                                                                 \
    " AND (?3 = 0 OR (?3 = 1 AND EXISTS (SELECT 1 FROM cases c WHERE c.id = s.case_id AND "        \
    "c.district = ?4)) OR (?3 = 2 AND (s.org_id = ?5 OR EXISTS (SELECT 1 FROM case_org co WHERE "  \
    "co.case_id = s.case_id AND co.org_id = ?5))))"

static const char Q_ALERTS_BY_KIND[] = "SELECT a.kind, count(*) FROM alert a WHERE a.created_at >= "
                                       "?1 AND a.created_at < ?2" ALERT_SCOPE " GROUP BY a.kind";
static const char Q_ALERTS_BY_DISTRICT[] =
    "SELECT coalesce(a.district, ''), count(*) FROM alert a WHERE a.created_at >= ?1 AND "
    "a.created_at < ?2" ALERT_SCOPE " GROUP BY a.district";
static const char Q_CASES_BY_VIOLATION[] =
    "SELECT c.violation, count(*) FROM cases c WHERE c.created_at >= ?1 AND c.created_at < "
    "?2" CASE_SCOPE " GROUP BY c.violation";
static const char Q_CASES_BY_LEAD[] =
    "SELECT o.code, o.name, count(*) FROM cases c JOIN org o ON o.id = c.lead_org WHERE "
    "c.created_at >= ?1 AND c.created_at < ?2" CASE_SCOPE " GROUP BY c.lead_org";
static const char Q_CASES_BY_DISTRICT[] =
    "SELECT coalesce(c.district, ''), count(*) FROM cases c WHERE c.created_at >= ?1 AND "
    "c.created_at < ?2" CASE_SCOPE " GROUP BY c.district";
static const char Q_CASES_CLOSED[] =
    "SELECT count(*) FROM cases c WHERE c.closed_at >= ?1 AND c.closed_at < ?2" CASE_SCOPE;
static const char Q_OUTCOMES[] =
    "SELECT o.kind, count(*), coalesce(sum(o.amount_vnd), 0) FROM case_outcome o JOIN cases c ON "
    "c.id = o.case_id WHERE o.at >= ?1 AND o.at < ?2" CASE_SCOPE " GROUP BY o.kind";
static const char Q_STOPS[] =
    "SELECT count(*), coalesce(sum(s.status = 'done'), 0), coalesce(sum(s.status <> 'done' AND "
    "s.due_at < ?6), 0) FROM stop_order s WHERE s.ordered_at >= ?1 AND s.ordered_at < "
    "?2" STOP_SCOPE;
static const char Q_DISTRICTS[] = "SELECT code, name FROM district";

typedef struct scope {
    int kind; /* 0 province, 1 district, 2 organisation */
    const char *district;
    int64_t org_id;
    int64_t now;
} scope;

static const char *outcome_name(const char *k)
{
    if (!strcmp(k, "fine"))
        return "Phạt tiền";
    if (!strcmp(k, "seizure"))
        return "Tịch thu tang vật, phương tiện";
    if (!strcmp(k, "prosecution"))
        return "Khởi tố";
    if (!strcmp(k, "warning"))
        return "Cảnh cáo";
    return k;
}

static report_row *table_row(report_table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->rows[i].key, key))
            return &t->rows[i];
    t->rows = cg_realloc(t->rows, (t->n + 1) * sizeof *t->rows);
    report_row *r = &t->rows[t->n++];
    memset(r, 0, sizeof *r);
    snprintf(r->key, sizeof r->key, "%s", key);
    return r;
}

static int cmp_rows(const void *a, const void *b)
{
    const report_row *x = a, *y = b;
    int64_t dx = x->cases + x->alerts, dy = y->cases + y->alerts;
    if (dx != dy)
        return dx > dy ? -1 : 1;
    return strcmp(x->key, y->key);
}

static store_stmt *prep(store_conn *c, const char *sql, const scope *sc, int64_t from, int64_t to,
                        cg_err *err)
{
    store_stmt *q = store_prep(c, sql, err);
    if (!q)
        return NULL;
    store_bind_i64(q, 1, from);
    store_bind_i64(q, 2, to);
    store_bind_i64(q, 3, sc->kind);
    store_bind_text(q, 4, sc->district ? sc->district : "");
    store_bind_i64(q, 5, sc->org_id);
    if (sql == Q_STOPS)
        store_bind_i64(q, 6, sc->now);
    return q;
}

/* Run a grouped count: column 0 the key, the count in column ncol-1 added to
 * the row's cases (which = 0) or alerts (which = 1); for the lead query the
 * name is column 1. */
static int grouped(store_conn *c, const char *sql, const scope *sc, report_period *p,
                   report_table *t, int which, int named, cg_err *err)
{
    store_stmt *q = prep(c, sql, sc, p->from, p->to, err);
    if (!q)
        return CG_EUNAVAIL;
    int rc;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        const char *key = store_col_text(q, 0);
        report_row *r = table_row(t, key ? key : "");
        if (named && store_col_text(q, 1))
            snprintf(r->name, sizeof r->name, "%s", store_col_text(q, 1));
        int64_t n = store_col_i64(q, named ? 2 : 1);
        if (which)
            r->alerts += n;
        else
            r->cases += n;
    }
    store_done(q);
    return rc < 0 ? rc : 0;
}

static int compute_period(store_conn *c, const scope *sc, report_period *p, cg_err *err)
{
    int rc;
    if ((rc = grouped(c, Q_ALERTS_BY_KIND, sc, p, &p->by_violation, 1, 0, err)) ||
        (rc = grouped(c, Q_CASES_BY_VIOLATION, sc, p, &p->by_violation, 0, 0, err)) ||
        (rc = grouped(c, Q_CASES_BY_LEAD, sc, p, &p->by_agency, 0, 1, err)) ||
        (rc = grouped(c, Q_CASES_BY_DISTRICT, sc, p, &p->by_district, 0, 0, err)) ||
        (rc = grouped(c, Q_ALERTS_BY_DISTRICT, sc, p, &p->by_district, 1, 0, err)))
        return rc;
    for (size_t i = 0; i < p->by_violation.n; i++) {
        report_row *r = &p->by_violation.rows[i];
        const char *vi = alert_kind_name_vi(r->key);
        snprintf(r->name, sizeof r->name, "%s", vi ? vi : r->key);
        p->alerts += r->alerts;
        p->cases_opened += r->cases;
    }
    store_stmt *q = prep(c, Q_CASES_CLOSED, sc, p->from, p->to, err);
    if (!q)
        return CG_EUNAVAIL;
    if ((rc = store_step(q, err)) == STORE_ROW)
        p->cases_closed = store_col_i64(q, 0);
    store_done(q);
    if (rc < 0)
        return rc;
    if (!(q = prep(c, Q_OUTCOMES, sc, p->from, p->to, err)))
        return CG_EUNAVAIL;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        const char *k = store_col_text(q, 0);
        report_row *r = table_row(&p->by_outcome, k ? k : "");
        snprintf(r->name, sizeof r->name, "%s", outcome_name(r->key));
        r->cases = store_col_i64(q, 1);
        r->amount_vnd = store_col_i64(q, 2);
        if (!strcmp(r->key, "fine"))
            p->fines_vnd += r->amount_vnd;
        else if (!strcmp(r->key, "seizure"))
            p->seizures += r->cases;
        else if (!strcmp(r->key, "prosecution"))
            p->prosecutions += r->cases;
        else if (!strcmp(r->key, "warning"))
            p->warnings += r->cases;
    }
    store_done(q);
    if (rc < 0)
        return rc;
    if (!(q = prep(c, Q_STOPS, sc, p->from, p->to, err)))
        return CG_EUNAVAIL;
    if ((rc = store_step(q, err)) == STORE_ROW) {
        p->stops_issued = store_col_i64(q, 0);
        p->stops_done = store_col_i64(q, 1);
        p->stops_overdue = store_col_i64(q, 2);
    }
    store_done(q);
    if (rc < 0)
        return rc;
    if (!(q = store_prep(c, Q_DISTRICTS, err)))
        return CG_EUNAVAIL;
    while ((rc = store_step(q, err)) == STORE_ROW)
        for (size_t i = 0; i < p->by_district.n; i++)
            if (!strcmp(p->by_district.rows[i].key, store_col_text(q, 0)))
                snprintf(p->by_district.rows[i].name, sizeof p->by_district.rows[i].name, "%s",
                         store_col_text(q, 1));
    store_done(q);
    for (size_t i = 0; i < p->by_district.n; i++)
        if (!p->by_district.rows[i].key[0])
            snprintf(p->by_district.rows[i].name, sizeof p->by_district.rows[i].name,
                     "Không rõ địa bàn");
    report_table *tabs[] = {&p->by_violation, &p->by_agency, &p->by_district, &p->by_outcome};
    for (size_t i = 0; i < CG_ARRAY_LEN(tabs); i++)
        if (tabs[i]->n)
            qsort(tabs[i]->rows, tabs[i]->n, sizeof *tabs[i]->rows, cmp_rows);
    return rc < 0 ? rc : 0;
}

/* "YYYY-MM-DD" -> the Unix second its day starts in Vietnam. */
static int day_start(const char *day, const char *field, int *y, int *m, int *d, int64_t *t,
                     cg_err *err)
{
    char tail;
    if (!day || sscanf(day, "%4d-%2d-%2d%c", y, m, d, &tail) != 3 || strlen(day) != 10 || *m < 1 ||
        *m > 12 || *d < 1 || *d > 31)
        return cg_err_set(err, CG_EINVAL, "%s: give a day as YYYY-MM-DD, not '%.20s'", field,
                          day ? day : "");
    *t = ts_from_civil(*y, *m, *d, 0, 0, 0) - TS_VN_OFFSET_MIN * 60;
    return 0;
}

int report_compute(store *s, const actor *a, const char *from_day, const char *to_day, int64_t now,
                   report *out, cg_err *err)
{
    memset(out, 0, sizeof *out);
    int fy, fm, fd, ty, tm, td;
    int64_t from, to;
    int rc;
    if ((rc = day_start(from_day, "from", &fy, &fm, &fd, &from, err)) ||
        (rc = day_start(to_day, "to", &ty, &tm, &td, &to, err)))
        return rc;
    to += 86400; /* the last day is included */
    if (to <= from)
        return cg_err_set(err, CG_EINVAL, "to: the period ends before it starts");
    if (to - from > 20LL * 366 * 86400)
        return cg_err_set(err, CG_EINVAL, "to: a report covers at most 20 years");

    scope sc = {0, a->district, a->org_id, now};
    if (a->role == ROLE_ADMIN || a->role == ROLE_COORDINATOR || a->org_kind == ORG_DEPARTMENT) {
        snprintf(out->scope, sizeof out->scope, "Toàn tỉnh");
    } else if (a->org_kind == ORG_DISTRICT && a->district[0]) {
        sc.kind = 1;
        snprintf(out->scope, sizeof out->scope, "Địa bàn %s", a->district);
    } else {
        sc.kind = 2;
        snprintf(out->scope, sizeof out->scope, "Đơn vị %s", a->login);
    }
    out->cur.from = from;
    out->cur.to = to;
    out->prev.from = from - (to - from);
    out->prev.to = from;
    out->yoy.from = ts_from_civil(fy - 1, fm, fd, 0, 0, 0) - TS_VN_OFFSET_MIN * 60;
    out->yoy.to = ts_from_civil(ty - 1, tm, td, 0, 0, 0) - TS_VN_OFFSET_MIN * 60 + 86400;

    store_conn *c;
    if ((rc = store_acquire(s, &c, err)))
        return rc;
    /* One snapshot for the three periods, so that the figures agree. */
    if (!(rc = store_begin_read(c, err))) {
        rc = compute_period(c, &sc, &out->cur, err);
        if (!rc)
            rc = compute_period(c, &sc, &out->prev, err);
        if (!rc)
            rc = compute_period(c, &sc, &out->yoy, err);
        store_rollback(c);
    }
    store_release(c);
    if (rc)
        report_free(out);
    return rc;
}

void report_free(report *r)
{
    report_period *ps[] = {&r->cur, &r->prev, &r->yoy};
    for (size_t i = 0; i < 3; i++) {
        free(ps[i]->by_violation.rows);
        free(ps[i]->by_agency.rows);
        free(ps[i]->by_district.rows);
        free(ps[i]->by_outcome.rows);
    }
    memset(r, 0, sizeof *r);
}

/* ---- writers ---------------------------------------------------------- */

static void day_of(int64_t t, char out[11])
{
    int y, m, d, h, mi, s;
    ts_to_civil(t, TS_VN_OFFSET_MIN, &y, &m, &d, &h, &mi, &s);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static void json_rows(buf *o, const char *name, const report_table *t, int alerts, int outcome)
{
    buf_printf(o, ",\"%s\":[", name);
    for (size_t i = 0; i < t->n; i++) {
        const report_row *r = &t->rows[i];
        buf_puts(o, i ? ",{\"code\":" : "{\"code\":");
        buf_json_str(o, r->key, strlen(r->key));
        buf_puts(o, outcome ? ",\"name\":" : (alerts == 2 ? ",\"name_vi\":" : ",\"name\":"));
        buf_json_str(o, r->name, strlen(r->name));
        if (outcome)
            buf_printf(o, ",\"count\":%lld,\"amount_vnd\":%lld}", (long long)r->cases,
                       (long long)r->amount_vnd);
        else if (alerts)
            buf_printf(o, ",\"cases\":%lld,\"alerts\":%lld}", (long long)r->cases,
                       (long long)r->alerts);
        else
            buf_printf(o, ",\"cases\":%lld}", (long long)r->cases);
    }
    buf_puts(o, "]");
}

static void json_period(buf *o, const report_period *p)
{
    char f[11], t[11];
    day_of(p->from, f);
    day_of(p->to - 1, t);
    buf_printf(
        o,
        "{\"from\":\"%s\",\"to\":\"%s\",\"totals\":{\"alerts\":%lld,\"cases_opened\":%lld,"
        "\"cases_closed\":%lld,\"fines_vnd\":%lld,\"seizures\":%lld,\"prosecutions\":%lld,"
        "\"warnings\":%lld,\"stops_issued\":%lld,\"stops_done\":%lld,\"stops_overdue\":%lld}",
        f, t, (long long)p->alerts, (long long)p->cases_opened, (long long)p->cases_closed,
        (long long)p->fines_vnd, (long long)p->seizures, (long long)p->prosecutions,
        (long long)p->warnings, (long long)p->stops_issued, (long long)p->stops_done,
        (long long)p->stops_overdue);
    json_rows(o, "by_violation", &p->by_violation, 2, 0);
    json_rows(o, "by_agency", &p->by_agency, 0, 0);
    json_rows(o, "by_district", &p->by_district, 1, 0);
    json_rows(o, "by_outcome", &p->by_outcome, 0, 1);
    buf_puts(o, "}");
}

void report_json(const report *r, buf *o)
{
    char f[11], t[11];
    day_of(r->cur.from, f);
    day_of(r->cur.to - 1, t);
    buf_puts(o, "{\"scope\":");
    buf_json_str(o, r->scope, strlen(r->scope));
    buf_printf(o, ",\"from\":\"%s\",\"to\":\"%s\",\"current\":", f, t);
    json_period(o, &r->cur);
    buf_puts(o, ",\"previous\":");
    json_period(o, &r->prev);
    buf_puts(o, ",\"year_before\":");
    json_period(o, &r->yoy);
    buf_puts(o, "}");
}

/* The figures a report lists, as (label, value in each period). */
typedef struct figure {
    const char *label;
    size_t off;
} figure;

#define FIG(l, f)                                                                                  \
    {                                                                                              \
        l, offsetof(report_period, f)                                                              \
    }
static const figure totals[] = {
    FIG("Tin báo, cảnh báo tiếp nhận", alerts),
    FIG("Vụ việc mở mới", cases_opened),
    FIG("Vụ việc kết thúc", cases_closed),
    FIG("Tiền phạt (đồng)", fines_vnd),
    FIG("Lượt tịch thu tang vật", seizures),
    FIG("Vụ khởi tố", prosecutions),
    FIG("Lượt cảnh cáo", warnings),
    FIG("Yêu cầu ngăn chặn khẩn cấp", stops_issued),
    FIG("Yêu cầu ngăn chặn đã thực hiện", stops_done),
    FIG("Yêu cầu ngăn chặn quá hạn", stops_overdue),
};

static int64_t fig(const report_period *p, const figure *f)
{
    return *(const int64_t *)((const char *)p + f->off);
}

static void csv_field(buf *o, const char *s)
{
    buf_putc(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(o, '"');
        buf_putc(o, *s);
    }
    buf_putc(o, '"');
}

/* Table w of a period: 0 violation, 1 agency, 2 district, 3 outcome. */
static const report_table *period_table(const report_period *p, size_t w)
{
    switch (w) {
    case 0: return &p->by_violation;
    case 1: return &p->by_agency;
    case 2: return &p->by_district;
    default: return &p->by_outcome;
    }
}

/* The row of key in t, or NULL. */
static const report_row *find_row(const report_table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->rows[i].key, key))
            return &t->rows[i];
    return NULL;
}

/* Every key of table `which` across the three periods, current order first. */
static size_t union_keys(const report *r, size_t which, const report_row ***out)
{
    const report_period *ps[] = {&r->cur, &r->prev, &r->yoy};
    size_t n = 0, cap = 0;
    const report_row **rows = NULL;
    for (size_t p = 0; p < 3; p++) {
        const report_table *t = period_table(ps[p], which);
        for (size_t i = 0; i < t->n; i++) {
            size_t j;
            for (j = 0; j < n && strcmp(rows[j]->key, t->rows[i].key); j++)
                ;
            if (j < n)
                continue;
            if (n == cap)
                rows = cg_realloc(rows, (cap = cap ? 2 * cap : 16) * sizeof *rows);
            rows[n++] = &t->rows[i];
        }
    }
    *out = rows;
    return n;
}

static const char *const table_titles[] = {"Theo hành vi", "Theo cơ quan", "Theo địa bàn",
                                           "Theo kết quả"};

static int64_t row_value(const report_row *x)
{
    return x ? x->cases : 0;
}

void report_csv(const report *r, buf *o)
{
    char f[11], t[11];
    day_of(r->cur.from, f);
    day_of(r->cur.to - 1, t);
    buf_puts(o, "\xEF\xBB\xBF");
    buf_puts(o, "\"Mục\",\"Mã\",\"Chỉ tiêu\",\"Kỳ này\",\"Kỳ trước\",\"Cùng kỳ năm trước\"\r\n");
    for (size_t i = 0; i < CG_ARRAY_LEN(totals); i++) {
        buf_puts(o, "\"Tổng hợp\",\"\",");
        csv_field(o, totals[i].label);
        buf_printf(o, ",%lld,%lld,%lld\r\n", (long long)fig(&r->cur, &totals[i]),
                   (long long)fig(&r->prev, &totals[i]), (long long)fig(&r->yoy, &totals[i]));
    }
    for (size_t w = 0; w < 4; w++) {
        const report_row **keys;
        size_t n = union_keys(r, w, &keys);
        for (size_t i = 0; i < n; i++) {
            csv_field(o, table_titles[w]);
            buf_putc(o, ',');
            csv_field(o, keys[i]->key);
            buf_putc(o, ',');
            csv_field(o, keys[i]->name);
            const report_period *ps[] = {&r->cur, &r->prev, &r->yoy};
            for (size_t p = 0; p < 3; p++)
                buf_printf(o, ",%lld",
                           (long long)row_value(find_row(period_table(ps[p], w), keys[i]->key)));
            buf_puts(o, "\r\n");
        }
        free(keys);
    }
}

int report_xlsx(const report *r, const char *path, cg_err *err)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return cg_err_set(err, CG_EIO, "report: cannot create %s", path);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_text_wrap(bold);
    lxw_format *num = workbook_add_format(wb);
    format_set_num_format(num, "#,##0");
    char f[11], t[11], title[400];
    day_of(r->cur.from, f);
    day_of(r->cur.to - 1, t);
    snprintf(title, sizeof title, "Báo cáo từ %s đến %s — %s", f, t, r->scope);

    lxw_worksheet *ws = workbook_add_worksheet(wb, "Tổng hợp");
    worksheet_set_column(ws, 0, 0, 42, NULL);
    worksheet_set_column(ws, 1, 3, 18, NULL);
    worksheet_write_string(ws, 0, 0, title, bold);
    static const char *const heads[] = {"Chỉ tiêu", "Kỳ này", "Kỳ trước", "Cùng kỳ năm trước"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(ws, 2, (lxw_col_t)c, heads[c], bold);
    for (size_t i = 0; i < CG_ARRAY_LEN(totals); i++) {
        lxw_row_t row = (lxw_row_t)(3 + i);
        worksheet_write_string(ws, row, 0, totals[i].label, NULL);
        worksheet_write_number(ws, row, 1, (double)fig(&r->cur, &totals[i]), num);
        worksheet_write_number(ws, row, 2, (double)fig(&r->prev, &totals[i]), num);
        worksheet_write_number(ws, row, 3, (double)fig(&r->yoy, &totals[i]), num);
    }
    for (size_t w = 0; w < 4; w++) {
        ws = workbook_add_worksheet(wb, table_titles[w]);
        worksheet_set_column(ws, 0, 0, 30, NULL);
        worksheet_set_column(ws, 1, 1, 50, NULL);
        worksheet_set_column(ws, 2, 5, 16, NULL);
        static const char *const h2[] = {
            "Mã", "Tên", "Kỳ này", "Kỳ trước", "Cùng kỳ năm trước", "Số tiền (đồng)"};
        for (int c = 0; c < (w == 3 ? 6 : 5); c++)
            worksheet_write_string(ws, 0, (lxw_col_t)c, h2[c], bold);
        const report_row **keys;
        size_t n = union_keys(r, w, &keys);
        for (size_t i = 0; i < n; i++) {
            lxw_row_t row = (lxw_row_t)(1 + i);
            worksheet_write_string(ws, row, 0, keys[i]->key, NULL);
            worksheet_write_string(ws, row, 1, keys[i]->name, NULL);
            const report_period *ps[] = {&r->cur, &r->prev, &r->yoy};
            for (size_t p = 0; p < 3; p++)
                worksheet_write_number(
                    ws, row, (lxw_col_t)(2 + p),
                    (double)row_value(find_row(period_table(ps[p], w), keys[i]->key)), num);
            if (w == 3) {
                const report_row *cur = find_row(&r->cur.by_outcome, keys[i]->key);
                worksheet_write_number(ws, row, 5, cur ? (double)cur->amount_vnd : 0, num);
            }
        }
        free(keys);
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return cg_err_set(err, CG_EIO, "report: writing %s: %s", path, lxw_strerror(e));
    return 0;
}
