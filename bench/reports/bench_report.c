/* bench_report.c: time the period report (and search, when built) on a
 * bulk store: fills it on first use, then computes the yearly, quarterly and
 * monthly reports of the province and of one district and one agency. */
#include "cases/demo.h"
#include "cases/org.h"
#include "cases/search.h"
#include "reports/report.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int64_t count(store *s, const char *sql)
{
    cg_err e;
    store_conn *c;
    int64_t n = -1;
    if (store_acquire(s, &c, &e))
        return -1;
    store_stmt *q = store_prep(c, sql, &e);
    if (q && store_step(q, &e) == STORE_ROW)
        n = store_col_i64(q, 0);
    if (q)
        store_done(q);
    store_release(c);
    return n;
}

static void progress(void *ctx, int64_t done, int64_t total)
{
    (void)ctx;
    fprintf(stderr, "\rfilling: %lld / %lld", (long long)done, (long long)total);
}

static int time_report(store *s, const actor *a, const char *who, const char *kind, int n, int year)
{
    cg_err e;
    int64_t from, to;
    if (report_period(kind, year, n, &from, &to, &e))
        return fprintf(stderr, "%s\n", e.msg), 1;
    double best = 1e9, first = 0;
    report *r = NULL;
    for (int i = 0; i < 3; i++) {
        double t0 = now_ms();
        if (report_compute(s, a, from, to, &r, &e))
            return fprintf(stderr, "report: %s\n", e.msg), 1;
        double t = now_ms() - t0;
        if (!i)
            first = t;
        if (t < best)
            best = t;
        if (i < 2)
            report_free(r);
    }
    printf("report %-8s %-8s %d/%d: %8.1f ms first, %8.1f ms best of 3; cases opened %lld, "
           "alerts %lld\n",
           who, kind, n, year, first, best, (long long)r->fig[REPORT_CUR].cases_opened,
           (long long)r->fig[REPORT_CUR].alerts);
    report_free(r);
    return 0;
}

static void time_search(store *s, const actor *a, const char *who, const char *q)
{
    cg_err e;
    buf b = BUF_INIT;
    double t0 = now_ms();
    int rc = search_json(s, a, q, 10, &b, &e);
    double t = now_ms() - t0;
    if (rc)
        printf("search %-8s '%s': error %s\n", who, q, e.msg);
    else
        printf("search %-8s %-24s: %8.1f ms, %zu bytes of results\n", who, q, t, b.len);
    buf_free(&b);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_report DB [CASES ALERTS]\n");
        return 2;
    }
    int64_t n_cases = argc > 2 ? atoll(argv[2]) : 1000000;
    int64_t n_alerts = argc > 3 ? atoll(argv[3]) : 1000000;
    cg_err e;
    store *s;
    double t0 = now_ms();
    if (store_open(argv[1], &s, &e))
        return fprintf(stderr, "%s\n", e.msg), 1;
    printf("store open (with migrations): %.0f ms\n", now_ms() - t0);
    int64_t have = count(s, "SELECT count(*) FROM cases");
    if (have < n_cases) {
        int64_t now = (int64_t)time(NULL);
        if (count(s, "SELECT count(*) FROM org") == 0 && demo_province(s, &e))
            return fprintf(stderr, "%s\n", e.msg), 1;
        t0 = now_ms();
        if (demo_bulk_fill(s, n_cases - have, n_alerts, now, 42, progress, NULL, &e))
            return fprintf(stderr, "\n%s\n", e.msg), 1;
        fprintf(stderr, "\n");
        printf("filled %lld cases, %lld alerts in %.1f s\n", (long long)(n_cases - have),
               (long long)n_alerts, (now_ms() - t0) / 1e3);
    }
    printf("store: %lld cases, %lld alerts, %lld outcomes\n",
           (long long)count(s, "SELECT count(*) FROM cases"),
           (long long)count(s, "SELECT count(*) FROM alert"),
           (long long)count(s, "SELECT count(*) FROM case_outcome"));
    actor coord = actor_system();
    coord.role = ROLE_COORDINATOR;
    coord.user_id = 1;
    int64_t tmin = count(s, "SELECT min(created_at) FROM cases");
    int64_t tmax = count(s, "SELECT max(created_at) FROM cases");
    struct tm tm;
    time_t tt = (time_t)(tmax + 7 * 3600);
    gmtime_r(&tt, &tm);
    int year = tm.tm_year + 1900, month = tm.tm_mon + 1;
    printf("cases span %lld days\n", (long long)((tmax - tmin) / 86400));
    int rc = time_report(s, &coord, "province", "year", 0, year);
    rc |= time_report(s, &coord, "province", "year", 0, year - 1);
    rc |= time_report(s, &coord, "province", "quarter", (month - 1) / 3 + 1, year);
    rc |= time_report(s, &coord, "province", "month", month, year);
    actor police = coord;
    police.role = ROLE_INVESTIGATOR;
    police.org_kind = ORG_POLICE;
    police.org_id = count(s, "SELECT lead_org FROM cases GROUP BY lead_org "
                             "ORDER BY count(*) DESC LIMIT 1");
    rc |= time_report(s, &police, "agency", "year", 0, year);
    actor district = coord;
    district.role = ROLE_INSPECTOR;
    district.org_kind = ORG_DISTRICT;
    district.org_id = count(s, "SELECT id FROM org WHERE kind = 'district_committee' LIMIT 1");
    store_conn *c;
    if (!store_acquire(s, &c, &e)) {
        store_stmt *q = store_prep(c, "SELECT district FROM org WHERE id = ?", &e);
        if (q) {
            store_bind_i64(q, 1, district.org_id);
            if (store_step(q, &e) == STORE_ROW && store_col_text(q, 0))
                snprintf(district.district, sizeof district.district, "%s", store_col_text(q, 0));
            store_done(q);
        }
        store_release(c);
    }
    rc |= time_report(s, &district, "district", "year", 0, year);
    if (getenv("BENCH_SEARCH")) {
        const char *qs[] = {"lua dao", "Trộm cắp cước",   "VV-2026-0001",
                            "0912",    "bưu kiện ma túy", "buu kien chua hang cam"};
        for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
            time_search(s, &coord, "province", qs[i]);
            time_search(s, &police, "agency", qs[i]);
        }
    }
    store_close(s);
    return rc;
}
