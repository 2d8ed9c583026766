/* test_demo.c: the demo province and its year of history; the bulk filler
 * and keyset pagination over what it fills. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases/alert.h"
#include "cases/audit.h"
#include "cases/auth.h"
#include "cases/case.h"
#include "cases/demo.h"
#include "cases/stop.h"

static char dir[64], db[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/cgdemo.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, sizeof db, "%s/demo.db", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int64_t count(store *s, const char *sql)
{
    store_conn *c;
    cg_err e;
    assert_int_equal(store_acquire(s, &c, &e), 0);
    store_stmt *q = store_prep(c, sql, &e);
    assert_non_null(q);
    assert_int_equal(store_step(q, &e), STORE_ROW);
    int64_t n = store_col_i64(q, 0);
    store_release(c);
    return n;
}

static void demo_province_has_a_year_of_history(void **state)
{
    (void)state;
    store *s;
    cg_err e;
    assert_int_equal(store_open(db, &s, &e), 0);
    demo_user users[DEMO_USERS];
    size_t n = 0;
    int64_t now = 1795000000;
    int rc = demo_load(s, now, 365, 42, users, &n, &e);
    if (rc)
        fprintf(stderr, "demo_load: %s\n", e.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(n, DEMO_USERS);
    assert_int_equal(count(s, "SELECT count(*) FROM district"), 11);
    assert_int_equal(count(s, "SELECT count(*) FROM org WHERE kind = 'district_committee'"), 11);
    assert_int_equal(count(s, "SELECT count(DISTINCT role) FROM app_user"), 6);
    assert_int_equal(count(s, "SELECT count(*) FROM cases"), 365);
    assert_int_equal(count(s, "SELECT count(*) FROM alert"), 365 * 6);
    assert_int_equal(count(s, "SELECT count(DISTINCT kind) FROM alert"), 13);
    assert_true(count(s, "SELECT count(*) FROM cases WHERE status = 'closed'") > 100);
    assert_true(count(s, "SELECT count(*) FROM cases WHERE status = 'new'") > 0);
    assert_true(count(s, "SELECT count(*) FROM case_outcome WHERE kind = 'fine'") > 50);
    assert_int_equal(count(s, "SELECT count(*) FROM cases WHERE created_at > 1795000000 OR "
                              "created_at < 1795000000 - 365 * 86400"),
                     0);
    assert_int_equal(demo_load(s, now, 365, 42, users, &n, &e), CG_ECONFLICT);
    assert_int_equal(audit_verify(s, AUDIT_CHANGES, NULL, NULL, &e), 0);
    /* A generated password logs in; the coordinator sees cases; the
     * enterprise sees its stop order, overdue. */
    char tok[AUTH_TOKEN_LEN + 1];
    actor who;
    assert_string_equal(users[1].login, "dieuphoi");
    assert_int_equal(auth_login(s, users[1].login, users[1].password, now, tok, &who, NULL, &e), 0);
    buf b = BUF_INIT;
    assert_int_equal(case_list_json(s, &who, NULL, &b, &e), 0);
    assert_non_null(strstr(b.p, "VV-"));
    buf_reset(&b);
    actor viettel = who;
    viettel.role = ROLE_REPORTER;
    viettel.org_kind = ORG_TELECOM;
    assert_int_equal(org_find(s, "VIETTEL", &viettel.org_id, &e), 0);
    assert_int_equal(stop_order_list_json(s, &viettel, NULL, now, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"overdue\":true"));
    buf_free(&b);
    store_close(s);
}

static int64_t walk(store *s, const actor *a, const char *status)
{
    cg_err e;
    int64_t seen = 0, before = 0, prev = INT64_MAX;
    for (;;) {
        buf b = BUF_INIT;
        case_filter f = {.status = status, .before = before, .limit = 200};
        assert_int_equal(case_list_json(s, a, &f, &b, &e), 0);
        for (const char *p = strstr(b.p, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":")) {
            if (p[-1] == ':')
                continue; /* the lead organisation inside an item */
            int64_t id = strtoll(p + 6, NULL, 10);
            assert_true(id < prev);
            prev = id;
            seen++;
        }
        const char *next = strstr(b.p, "\"next\":");
        int more = next && next[7] != 'n';
        before = more ? strtoll(next + 7, NULL, 10) : 0;
        buf_free(&b);
        if (!more)
            return seen;
    }
}

static void bulk_fill_and_keyset_pages(void **state)
{
    (void)state;
    store *s;
    cg_err e;
    assert_int_equal(store_open(db, &s, &e), 0);
    int64_t c0 = count(s, "SELECT count(*) FROM cases");
    int64_t a0 = count(s, "SELECT count(*) FROM alert");
    assert_int_equal(demo_bulk_fill(s, 3000, 15000, 1795000000, 7, NULL, NULL, &e), 0);
    assert_int_equal(count(s, "SELECT count(*) FROM cases") - c0, 3000);
    assert_int_equal(count(s, "SELECT count(*) FROM alert") - a0, 15000);
    assert_int_equal(count(s, "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM "
                              "case_org co WHERE co.case_id = c.id AND co.role = 'lead')"),
                     0);
    /* Walk whole case lists page by page: every case the organisation may
     * see, once, newest first. */
    actor police = actor_system();
    police.user_id = 999;
    police.role = ROLE_INVESTIGATOR;
    police.org_kind = ORG_POLICE;
    assert_int_equal(org_find(s, "CA", &police.org_id, &e), 0);
    assert_int_equal(walk(s, &police, NULL),
                     count(s, "SELECT count(*) FROM case_org WHERE org_id = "
                              "(SELECT id FROM org WHERE code = 'CA')"));
    actor caibe = police;
    caibe.role = ROLE_VIEWER;
    caibe.org_kind = ORG_DISTRICT;
    snprintf(caibe.district, sizeof caibe.district, "CBE");
    assert_int_equal(org_find(s, "UB-CBE", &caibe.org_id, &e), 0);
    assert_int_equal(walk(s, &caibe, NULL),
                     count(s, "SELECT count(*) FROM cases WHERE district = 'CBE' OR id IN "
                              "(SELECT case_id FROM case_org WHERE org_id = "
                              "(SELECT id FROM org WHERE code = 'UB-CBE'))"));
    assert_int_equal(walk(s, &caibe, "closed"),
                     count(s, "SELECT count(*) FROM cases WHERE status = 'closed' AND "
                              "(district = 'CBE' OR id IN (SELECT case_id FROM case_org WHERE "
                              "org_id = (SELECT id FROM org WHERE code = 'UB-CBE')))"));
    assert_int_equal(audit_verify(s, AUDIT_CHANGES, NULL, NULL, &e), 0);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_province_has_a_year_of_history),
        cmocka_unit_test(bulk_fill_and_keyset_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
