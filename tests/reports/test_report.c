/* test_report.c: the period report on a small province with known figures:
 * totals, tables that add up, the three periods, each role's scope, and the
 * JSON, CSV and XLSX forms (the workbook is read back from its sheet XML). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/ts.h"

#include "cases/fixture.c"

#include "cases/alert.h"
#include "cases/case.h"
#include "cases/stop.h"
#include "reports/report.h"

static fixture *F;
static int64_t NOW, FROM, TO;

static int64_t mkcase(const actor *a, const char *violation, const char *district, const char *lead,
                      int64_t created_at)
{
    cg_err e;
    case_in in = {violation, "Vụ việc thử", "Dữ kiện", district, lead};
    int64_t id;
    assert_int_equal(case_create(F->s, a, &in, &id, &e), 0);
    if (created_at) {
        char sql[160];
        snprintf(sql, sizeof sql, "UPDATE cases SET created_at = %lld WHERE id = %lld",
                 (long long)created_at, (long long)id);
        store_conn *c;
        assert_int_equal(store_acquire(F->s, &c, &e), 0);
        assert_int_equal(store_exec(c, sql, &e), 0);
        store_release(c);
    }
    return id;
}

static void exec(const char *sql)
{
    cg_err e;
    store_conn *c;
    assert_int_equal(store_acquire(F->s, &c, &e), 0);
    if (store_exec(c, sql, &e))
        fail_msg("%s: %s", sql, e.msg);
    store_release(c);
}

static int setup(void **state)
{
    (void)state;
    F = fixture_new();
    cg_err e;
    NOW = (int64_t)time(NULL);
    FROM = NOW - 10 * 86400;
    TO = NOW + 86400;
    /* Current period: two cases of the police in Mỹ Tho (bypass twice is not
     * needed: one bypass, one drugs), one of the market in Cái Bè. */
    mkcase(&F->coord, "telecom.bypass", "MTO", "CA", 0);
    mkcase(&F->coord, "postal.drugs", "MTO", "CA", 0);
    int64_t m = mkcase(&F->market, "postal.contraband", "CBE", NULL, 0);
    /* Previous period (10 days before FROM), and a year before. */
    mkcase(&F->police, "telecom.bypass", "MTO", NULL, NOW - 15 * 86400);
    mkcase(&F->police, "it.attack", NULL, NULL, report_year_before(NOW));
    /* The market's case: fined, goods seized, closed. */
    assert_int_equal(case_outcome_add(F->s, &F->market, m, "fine", 15000000, "Phạt", NULL, &e), 0);
    assert_int_equal(
        case_outcome_add(F->s, &F->market, m, "seizure", 2500000, "Tạm giữ 40 thẻ", NULL, &e), 0);
    const char *path[] = {"verifying", "inspecting", "handled", "closed"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(case_set_status(F->s, &F->market, m, path[i], NULL, &e), 0);
    /* Alerts: two for the police in Mỹ Tho, one for the post office. */
    alert_in al[] = {
        {"telecom.bypass", "test", "r1", 0.9, "Cuộc gọi bất thường", NULL, NOW, "CA", "MTO"},
        {"telecom.bypass", "test", "r2", 0.8, "Cuộc gọi bất thường", NULL, NOW, "CA", "MTO"},
        {"postal.drugs", "test", "r3", 0.7, "Bưu kiện nghi vấn", NULL, NOW, "BD", "CBE"},
    };
    size_t created;
    assert_int_equal(alert_ingest(F->s, al, 3, &created, &e), 0);
    /* Stop orders to the telecom: one done, one overdue. */
    stop_in s1 = {"VT", "service", "0912345678", "Chặn thuê bao", 0, NOW + 3600};
    stop_in s2 = {"VT", "service", "0912345679", "Chặn thuê bao", 0, NOW + 3600};
    int64_t id1, id2;
    assert_int_equal(stop_order_create(F->s, &F->coord, &s1, &id1, &e), 0);
    assert_int_equal(stop_order_create(F->s, &F->coord, &s2, &id2, &e), 0);
    assert_int_equal(stop_order_done(F->s, &F->telecom, id1, "Đã chặn", &e), 0);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE stop_order SET due_at = %lld WHERE id = %lld",
             (long long)(NOW - 60), (long long)id2);
    exec(sql);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_free(F);
    return 0;
}

static const report_line *find(const report_table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i].key, key))
            return &t->v[i];
    return NULL;
}

static int64_t sum(const report_table *t, int p)
{
    int64_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += t->v[i].count[p];
    return n;
}

static void province(void **state)
{
    (void)state;
    cg_err e;
    report *r;
    assert_int_equal(report_compute(F->s, &F->coord, FROM, TO, &r, &e), 0);
    assert_string_equal(r->scope, "Toàn tỉnh");
    const report_figures *c = &r->fig[REPORT_CUR];
    assert_int_equal(c->cases_opened, 3);
    assert_int_equal(c->cases_closed, 1);
    assert_int_equal(c->alerts, 3);
    assert_int_equal(c->fines, 1);
    assert_int_equal(c->fines_vnd, 15000000);
    assert_int_equal(c->seizures, 1);
    assert_int_equal(c->seizures_vnd, 2500000);
    assert_int_equal(c->prosecutions, 0);
    assert_int_equal(c->stops_issued, 2);
    assert_int_equal(c->stops_done, 1);
    assert_int_equal(c->stops_overdue, 1);
    assert_int_equal(r->fig[REPORT_PREV].cases_opened, 1);
    assert_int_equal(r->fig[REPORT_YEAR_AGO].cases_opened, 1);
    assert_int_equal(r->fig[REPORT_PREV].alerts, 0);
    for (int p = 0; p < REPORT_NPERIODS; p++) {
        assert_int_equal(sum(&r->by_violation, p), r->fig[p].cases_opened);
        assert_int_equal(sum(&r->by_agency, p), r->fig[p].cases_opened);
        assert_int_equal(sum(&r->by_district, p), r->fig[p].cases_opened);
    }
    const report_line *l = find(&r->by_violation, "telecom.bypass");
    assert_non_null(l);
    assert_int_equal(l->count[REPORT_CUR], 1);
    assert_int_equal(l->count[REPORT_PREV], 1);
    assert_string_equal(l->label, "Trộm cắp cước viễn thông quốc tế");
    l = find(&r->by_agency, "CA");
    assert_non_null(l);
    assert_int_equal(l->count[REPORT_CUR], 2);
    assert_string_equal(l->label, "Công an tỉnh");
    l = find(&r->by_district, "");
    assert_non_null(l);
    assert_int_equal(l->count[REPORT_YEAR_AGO], 1);
    l = find(&r->by_outcome, "fine");
    assert_non_null(l);
    assert_int_equal(l->vnd[REPORT_CUR], 15000000);
    /* Sorted by the current count: the police first. */
    assert_string_equal(r->by_agency.v[0].key, "CA");
    report_free(r);
}

static void scopes(void **state)
{
    (void)state;
    cg_err e;
    report *r;
    assert_int_equal(report_compute(F->s, &F->district_a, FROM, TO, &r, &e), 0);
    assert_string_equal(r->scope, "Thành phố Mỹ Tho");
    assert_int_equal(r->fig[REPORT_CUR].cases_opened, 2);
    assert_int_equal(r->fig[REPORT_CUR].alerts, 2);
    assert_int_equal(r->fig[REPORT_CUR].fines, 0);
    assert_int_equal(r->by_district.n, 1);
    report_free(r);

    assert_int_equal(report_compute(F->s, &F->market, FROM, TO, &r, &e), 0);
    assert_string_equal(r->scope, "Cục Quản lý thị trường");
    assert_int_equal(r->fig[REPORT_CUR].cases_opened, 1);
    assert_int_equal(r->fig[REPORT_CUR].fines_vnd, 15000000);
    assert_int_equal(r->fig[REPORT_CUR].alerts, 0);
    assert_int_equal(r->fig[REPORT_CUR].stops_issued, 0);
    report_free(r);

    assert_int_equal(report_compute(F->s, &F->telecom, FROM, TO, &r, &e), 0);
    assert_int_equal(r->fig[REPORT_CUR].cases_opened, 0);
    assert_int_equal(r->fig[REPORT_CUR].stops_issued, 2);
    assert_int_equal(r->fig[REPORT_CUR].stops_overdue, 1);
    assert_int_equal(r->by_violation.n, 0);
    report_free(r);

    assert_int_equal(report_compute(F->s, &F->postal, FROM, TO, &r, &e), 0);
    assert_int_equal(r->fig[REPORT_CUR].alerts, 1);
    assert_int_equal(r->fig[REPORT_CUR].stops_issued, 0);
    report_free(r);

    actor nobody;
    memset(&nobody, 0, sizeof nobody);
    assert_int_equal(report_compute(F->s, &nobody, FROM, TO, &r, &e), CG_EPERM);
    assert_null(r);
    assert_int_equal(report_compute(F->s, &F->coord, TO, FROM, &r, &e), CG_EINVAL);
    assert_non_null(strstr(e.msg, "'to'"));
}

static void periods(void **state)
{
    (void)state;
    cg_err e;
    int64_t from, to;
    assert_int_equal(report_period("month", 2026, 2, &from, &to, &e), 0);
    char a[32], b[32];
    assert_string_equal(ts_format(from, TS_VN_OFFSET_MIN, a), "2026-02-01T00:00:00+07:00");
    assert_string_equal(ts_format(to, TS_VN_OFFSET_MIN, b), "2026-03-01T00:00:00+07:00");
    assert_int_equal(report_period("quarter", 2026, 4, &from, &to, &e), 0);
    assert_string_equal(ts_format(from, TS_VN_OFFSET_MIN, a), "2026-10-01T00:00:00+07:00");
    assert_string_equal(ts_format(to, TS_VN_OFFSET_MIN, b), "2027-01-01T00:00:00+07:00");
    assert_int_equal(report_period("year", 2025, 0, &from, &to, &e), 0);
    assert_string_equal(ts_format(from, TS_VN_OFFSET_MIN, a), "2025-01-01T00:00:00+07:00");
    assert_int_equal(report_period("week", 2025, 1, &from, &to, &e), CG_EINVAL);
    assert_non_null(strstr(e.msg, "period"));
    assert_int_equal(report_period("month", 2025, 13, &from, &to, &e), CG_EINVAL);
    int64_t leap = ts_from_civil(2028, 2, 29, 5, 0, 0) - 7 * 3600;
    assert_string_equal(ts_format(report_year_before(leap), TS_VN_OFFSET_MIN, a),
                        "2027-02-28T05:00:00+07:00");
    /* A month is compared with the month before, whatever its length. */
    report *m;
    assert_int_equal(report_period("month", 2026, 3, &from, &to, &e), 0);
    assert_int_equal(report_compute(F->s, &F->coord, from, to, &m, &e), 0);
    assert_string_equal(ts_format(m->from[REPORT_PREV], TS_VN_OFFSET_MIN, a),
                        "2026-02-01T00:00:00+07:00");
    assert_int_equal(m->to[REPORT_PREV], from);
    assert_string_equal(ts_format(m->from[REPORT_YEAR_AGO], TS_VN_OFFSET_MIN, a),
                        "2025-03-01T00:00:00+07:00");
    report_free(m);
    assert_int_equal(report_period("quarter", 2026, 1, &from, &to, &e), 0);
    assert_int_equal(report_compute(F->s, &F->coord, from, to, &m, &e), 0);
    assert_string_equal(ts_format(m->from[REPORT_PREV], TS_VN_OFFSET_MIN, a),
                        "2025-10-01T00:00:00+07:00");
    report_free(m);
    /* After a leap year too. */
    assert_int_equal(report_period("year", 2029, 0, &from, &to, &e), 0);
    assert_int_equal(report_compute(F->s, &F->coord, from, to, &m, &e), 0);
    assert_string_equal(ts_format(m->from[REPORT_PREV], TS_VN_OFFSET_MIN, a),
                        "2028-01-01T00:00:00+07:00");
    report_free(m);
    /* Any other range: the same length just before. */
    assert_int_equal(report_compute(F->s, &F->coord, FROM, TO, &m, &e), 0);
    assert_int_equal(m->from[REPORT_PREV], FROM - (TO - FROM));
    report_free(m);
    /* A yearly report: the previous period is the year before. */
    report *r;
    assert_int_equal(report_period("year", 2026, 0, &from, &to, &e), 0);
    assert_int_equal(report_compute(F->s, &F->coord, from, to, &r, &e), 0);
    assert_int_equal(r->from[REPORT_PREV], r->from[REPORT_YEAR_AGO]);
    assert_int_equal(r->to[REPORT_PREV], r->to[REPORT_YEAR_AGO]);
    report_free(r);
}

/* The daily counts follow every change: a hand-over moves the case to its
 * new lead in the agency table; a reopened case is no longer closed. */
static void counts_follow_changes(void **state)
{
    (void)state;
    cg_err e;
    int64_t id = mkcase(&F->customs, "postal.trade_fraud", "CBE", NULL, 0);
    report *r;
    assert_int_equal(report_compute(F->s, &F->coord, FROM, TO, &r, &e), 0);
    int64_t closed = r->fig[REPORT_CUR].cases_closed;
    assert_int_equal(find(&r->by_agency, "HQ")->count[REPORT_CUR], 1);
    report_free(r);
    assert_int_equal(case_handover(F->s, &F->customs, id, "CA", "Chuyển công an", &e), 0);
    const char *path[] = {"verifying", "investigating", "handled", "closed"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(case_set_status(F->s, &F->police, id, path[i], NULL, &e), 0);
    assert_int_equal(report_compute(F->s, &F->coord, FROM, TO, &r, &e), 0);
    assert_null(find(&r->by_agency, "HQ"));
    assert_int_equal(find(&r->by_agency, "CA")->count[REPORT_CUR], 3);
    assert_int_equal(r->fig[REPORT_CUR].cases_closed, closed + 1);
    assert_int_equal(r->fig[REPORT_CUR].cases_opened, 4);
    report_free(r);
    assert_int_equal(case_set_status(F->s, &F->police, id, "verifying", "Có chứng cứ mới", &e), 0);
    /* Whole days only, from the daily counts, against the rows themselves. */
    int64_t d0 = (FROM + 25200) / 86400 + 1, d1 = (TO + 25200) / 86400;
    int64_t from = d0 * 86400 - 25200, to = d1 * 86400 - 25200;
    assert_int_equal(report_compute(F->s, &F->coord, from, to, &r, &e), 0);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM cases WHERE created_at >= %lld AND created_at < %lld)"
             " * 1000 + (SELECT count(*) FROM cases WHERE closed_at >= %lld AND closed_at < %lld)",
             (long long)from, (long long)to, (long long)from, (long long)to);
    store_conn *c;
    assert_int_equal(store_acquire(F->s, &c, &e), 0);
    store_stmt *q = store_prep(c, sql, &e);
    assert_int_equal(store_step(q, &e), STORE_ROW);
    int64_t want = store_col_i64(q, 0);
    store_done(q);
    store_release(c);
    assert_int_equal(r->fig[REPORT_CUR].cases_opened * 1000 + r->fig[REPORT_CUR].cases_closed,
                     want);
    report_free(r);
}

static void exports(void **state)
{
    (void)state;
    cg_err e;
    report *r;
    assert_int_equal(report_compute(F->s, &F->coord, FROM, TO, &r, &e), 0);
    buf b = BUF_INIT;
    report_json(r, &b);
    assert_non_null(strstr(b.p, "\"current\":{\"alerts\":3,\"cases_opened\":3,"));
    assert_non_null(strstr(b.p, "\"key\":\"fine\",\"label\":\"Phạt tiền\",\"current\":1"));
    assert_non_null(strstr(b.p, "\"scope\":\"Toàn tỉnh\""));
    buf_reset(&b);
    report_csv(r, &b);
    assert_memory_equal(b.p, "\xEF\xBB\xBF", 3);
    assert_non_null(strstr(b.p, "Tổng hợp,,Tiền phạt (đồng),15000000,0,0\r\n"));
    assert_non_null(strstr(b.p, "Theo cơ quan,CA,Công an tỉnh,2,1,1\r\n"));
    buf_free(&b);
    /* Names that a spreadsheet would run as formulas stay text; quotes and
     * commas are quoted. */
    free(r->by_agency.v[0].label);
    r->by_agency.v[0].label = cg_strdup("=HYPERLINK(\"http://x\",\"a, b\")");
    buf_init(&b);
    report_csv(r, &b);
    assert_non_null(strstr(b.p, ",CA,\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",2,1,1\r\n"));
    buf_free(&b);

    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/report.xlsx", F->dir);
    assert_int_equal(report_xlsx(r, path, &e), 0);
    assert_int_equal(report_xlsx(r, "/nonexistent-dir/x.xlsx", &e), CG_EIO);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/x.xlsx"));
    report_free(r);
    /* Read the workbook back: the fines row of "Tổng hợp" (row 9) holds the
     * figure as a number, and the sheet names are the Vietnamese ones. */
    char cmd[PATH_MAX + 900];
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import sys,zipfile,re\n"
             "z=zipfile.ZipFile(sys.argv[1])\n"
             "wb=z.read('xl/workbook.xml').decode()\n"
             "s=z.read('xl/worksheets/sheet1.xml').decode()\n"
             "m=re.search(r'<c r=\\\"B9\\\"[^>]*><v>([^<]*)</v>',s)\n"
             "n=re.findall(r'<sheet name=\\\"([^\\\"]*)\\\"',wb)\n"
             "f='#,##0' in z.read('xl/styles.xml').decode()\n"
             "print(m.group(1) if m else 'none', '|'.join(n), f)\" '%s'",
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[512] = "";
    if (!fgets(line, sizeof line, p))
        line[0] = 0;
    assert_int_equal(pclose(p), 0);
    assert_string_equal(
        line, "15000000 Tổng hợp|Theo hành vi|Theo cơ quan|Theo địa bàn|Theo kết quả True\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(province),
        cmocka_unit_test(scopes),
        cmocka_unit_test(periods),
        cmocka_unit_test(exports),
        cmocka_unit_test(counts_follow_changes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
