/* test_report_demo.c: the period report on the demo province's year of
 * history: every table adds up to its total, the totals match the rows,
 * and the districts' own reports add up to the province's district table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases/demo.h"
#include "reports/report.h"

static char dir[64], db[128];
static store *S;
static int64_t NOW;

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/cgrep.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, sizeof db, "%s/demo.db", dir);
    cg_err e;
    if (store_open(db, &S, &e))
        return -1;
    NOW = (int64_t)time(NULL);
    demo_user users[DEMO_USERS];
    size_t n;
    if (demo_load(S, NOW, 365, 7, users, &n, &e)) {
        fprintf(stderr, "demo_load: %s\n", e.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(S);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int64_t sql1(const char *fmt, int64_t from, int64_t to)
{
    char sql[400];
    snprintf(sql, sizeof sql, fmt, (long long)from, (long long)to);
    store_conn *c;
    cg_err e;
    assert_int_equal(store_acquire(S, &c, &e), 0);
    store_stmt *q = store_prep(c, sql, &e);
    assert_non_null(q);
    assert_int_equal(store_step(q, &e), STORE_ROW);
    int64_t n = store_col_i64(q, 0);
    store_done(q);
    store_release(c);
    return n;
}

static int64_t sum(const report_table *t, int p)
{
    int64_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += t->v[i].count[p];
    return n;
}

static void year_adds_up(void **state)
{
    (void)state;
    cg_err e;
    actor coord = actor_system();
    coord.role = ROLE_COORDINATOR;
    coord.user_id = 1;
    /* The last six months and the six before: a mid-day start exercises the
     * part days, the previous period is inside the history too. */
    int64_t from = NOW - 182 * 86400 - 3600 * 5, to = NOW + 60;
    report *r;
    assert_int_equal(report_compute(S, &coord, from, to, &r, &e), 0);
    for (int p = 0; p < REPORT_NPERIODS; p++) {
        assert_int_equal(sum(&r->by_violation, p), r->fig[p].cases_opened);
        assert_int_equal(sum(&r->by_agency, p), r->fig[p].cases_opened);
        assert_int_equal(sum(&r->by_district, p), r->fig[p].cases_opened);
        int64_t outcomes =
            r->fig[p].fines + r->fig[p].seizures + r->fig[p].prosecutions + r->fig[p].warnings;
        assert_int_equal(sum(&r->by_outcome, p), outcomes);
        const char *q_cases = "SELECT count(*) FROM cases WHERE created_at >= %lld AND "
                              "created_at < %lld";
        assert_int_equal(r->fig[p].cases_opened, sql1(q_cases, r->from[p], r->to[p]));
        assert_int_equal(r->fig[p].cases_closed,
                         sql1("SELECT count(*) FROM cases WHERE closed_at >= %lld AND "
                              "closed_at < %lld",
                              r->from[p], r->to[p]));
        assert_int_equal(r->fig[p].alerts, sql1("SELECT count(*) FROM alert WHERE created_at >= "
                                                "%lld AND created_at < %lld",
                                                r->from[p], r->to[p]));
        assert_int_equal(r->fig[p].fines_vnd,
                         sql1("SELECT coalesce(sum(amount_vnd), 0) FROM case_outcome WHERE "
                              "kind = 'fine' AND at >= %lld AND at < %lld",
                              r->from[p], r->to[p]));
    }
    assert_true(r->fig[REPORT_CUR].cases_opened > 0);
    assert_true(r->fig[REPORT_PREV].cases_opened > 0);
    assert_true(r->fig[REPORT_CUR].fines_vnd > 0);

    /* Each district committee's own report: its district's line of the
     * province's table. */
    int64_t districts = 0;
    for (size_t i = 0; i < r->by_district.n; i++) {
        const report_line *l = &r->by_district.v[i];
        if (!*l->key)
            continue;
        actor d = coord;
        d.role = ROLE_VIEWER;
        d.org_kind = ORG_DISTRICT;
        d.org_id = -1;
        snprintf(d.district, sizeof d.district, "%s", l->key);
        report *rd;
        assert_int_equal(report_compute(S, &d, from, to, &rd, &e), 0);
        assert_int_equal(rd->fig[REPORT_CUR].cases_opened, l->count[REPORT_CUR]);
        assert_string_equal(rd->scope, l->label);
        districts += rd->fig[REPORT_CUR].cases_opened;
        report_free(rd);
    }
    const report_line *none = NULL;
    for (size_t i = 0; i < r->by_district.n; i++)
        if (!*r->by_district.v[i].key)
            none = &r->by_district.v[i];
    assert_int_equal(districts + (none ? none->count[REPORT_CUR] : 0),
                     r->fig[REPORT_CUR].cases_opened);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(year_adds_up),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
