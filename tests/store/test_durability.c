/* test_durability.c: the store under kill -9 and under many threads:
 * everything reported committed survives, nothing is half-written, the
 * audit chain stays one chain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases/alert.h"
#include "cases/audit.h"
#include "cases/case.h"
#include "cases/org.h"
#include "store/store.h"

static char dir[64], db[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/cgstore.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, sizeof db, "%s/store.db", dir);
    store *s;
    cg_err e;
    if (store_open(db, &s, &e))
        return -1;
    actor sys = actor_system();
    int rc = org_district_add(s, &sys, "MTO", "Thành phố Mỹ Tho", &e) ||
             org_create(s, &sys, "STTTT", "Sở TTTT", ORG_DEPARTMENT, NULL, NULL, &e) ||
             org_create(s, &sys, "CA", "Công an tỉnh", ORG_POLICE, NULL, NULL, &e);
    store_close(s);
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* One row per counted kind with a simple query. */
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

/* The child: alternately ingest an alert and open a case, reporting each
 * committed id ('a' or 'c' and the id) through the pipe, until killed. */
static void writer_child(int fd)
{
    store *s;
    cg_err e;
    if (store_open(db, &s, &e))
        _exit(3);
    actor sys = actor_system();
    char ref[64], line[64];
    for (int i = 0;; i++) {
        if (i % 2 == 0) {
            snprintf(ref, sizeof ref, "crash:%d", i);
            alert_in a = {"telecom.bypass", "crash.test", ref,  0.7,  "Cảnh báo",
                          "{\"i\":1}",      1790000000,   NULL, "MTO"};
            int64_t id = 0;
            if (alert_ingest_as(s, &sys, &a, 1, NULL, &id, &e))
                _exit(4);
            snprintf(line, sizeof line, "a %lld\n", (long long)id);
        } else {
            case_in in = {"postal.drugs", "Vụ việc thử", "Nội dung", "MTO", "CA"};
            int64_t id = 0;
            if (case_create(s, &sys, &in, &id, &e))
                _exit(5);
            snprintf(line, sizeof line, "c %lld\n", (long long)id);
        }
        if (write(fd, line, strlen(line)) < 0)
            _exit(6);
    }
}

static void kill_9_loses_nothing_committed(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        writer_child(p[1]);
    }
    close(p[1]);
    FILE *in = fdopen(p[0], "r");
    int64_t alerts[4096], cases[4096];
    size_t na = 0, nc = 0;
    char kind;
    long long id;
    /* Let it commit a good number, then kill it in the middle of a write. */
    while (na + nc < 300 && fscanf(in, " %c %lld", &kind, &id) == 2) {
        if (kind == 'a' && na < 4096)
            alerts[na++] = id;
        else if (kind == 'c' && nc < 4096)
            cases[nc++] = id;
    }
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));
    /* Whatever it reported after we stopped counting is committed too. */
    while (fscanf(in, " %c %lld", &kind, &id) == 2) {
        if (kind == 'a' && na < 4096)
            alerts[na++] = id;
        else if (kind == 'c' && nc < 4096)
            cases[nc++] = id;
    }
    fclose(in);
    assert_true(na + nc >= 300);

    store *s;
    cg_err e;
    assert_int_equal(store_open(db, &s, &e), 0);
    assert_int_equal(store_integrity_check(s, &e), 0);
    int64_t checked = 0;
    assert_int_equal(audit_verify(s, AUDIT_CHANGES, &checked, NULL, &e), 0);
    assert_int_equal(audit_verify(s, AUDIT_ACCESS, NULL, NULL, &e), 0);
    actor sys = actor_system();
    for (size_t i = 0; i < na; i++) {
        buf b = BUF_INIT;
        assert_int_equal(alert_get_json(s, &sys, alerts[i], &b, &e), 0);
        buf_free(&b);
    }
    for (size_t i = 0; i < nc; i++) {
        buf b = BUF_INIT;
        assert_int_equal(case_get_json(s, &sys, cases[i], &b, &e), 0);
        assert_non_null(strstr(b.p, "\"role\":\"lead\""));
        buf_free(&b);
    }
    /* Nothing half-written: each alert has its audit entry, each case its
     * lead row, its creation event and its code. */
    assert_int_equal(count(s, "SELECT count(*) FROM alert"),
                     count(s, "SELECT count(*) FROM audit WHERE action = 'alert.ingest'"));
    int64_t ncases = count(s, "SELECT count(*) FROM cases");
    assert_int_equal(ncases, count(s, "SELECT count(*) FROM audit WHERE action = 'case.create'"));
    assert_int_equal(ncases, count(s, "SELECT count(*) FROM case_org WHERE role = 'lead'"));
    assert_int_equal(ncases,
                     count(s, "SELECT count(*) FROM case_event WHERE kind = 'case.create'"));
    assert_int_equal(0, count(s, "SELECT count(*) FROM cases WHERE code LIKE 'pending-%'"));
    assert_true(count(s, "SELECT count(*) FROM alert") >= (int64_t)na);
    store_close(s);
}

struct worker {
    store *s;
    int n, id, failures;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    actor sys = actor_system();
    cg_err e;
    for (int i = 0; i < w->n; i++) {
        char ref[64];
        snprintf(ref, sizeof ref, "thread:%d:%d", w->id, i);
        /* Every thread also sends one shared reference: only one may win. */
        alert_in a[2] = {
            {"telecom.bypass", "thread.test", ref, 0.5, "t", NULL, 1, NULL, NULL},
            {"telecom.bypass", "thread.test", "shared", 0.5, "t", NULL, 1, NULL, NULL}};
        if (alert_ingest(w->s, a, 2, NULL, &e))
            w->failures++;
        if (i % 10 == 0) {
            case_in in = {"postal.drugs", "Vụ việc", NULL, NULL, "CA"};
            if (case_create(w->s, &sys, &in, NULL, &e))
                w->failures++;
        }
        buf b = BUF_INIT;
        alert_filter f = {.limit = 20};
        if (alert_inbox_json(w->s, &sys, &f, &b, &e))
            w->failures++;
        buf_free(&b);
    }
    return NULL;
}

static void many_threads_share_one_store(void **state)
{
    (void)state;
    store *s;
    cg_err e;
    assert_int_equal(store_open(db, &s, &e), 0);
    int64_t before = count(s, "SELECT count(*) FROM alert");
    pthread_t t[4];
    struct worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){s, 100, i, 0};
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
    assert_int_equal(count(s, "SELECT count(*) FROM alert") - before, 4 * 100 + 1);
    assert_int_equal(audit_verify(s, AUDIT_CHANGES, NULL, NULL, &e), 0);
    assert_int_equal(audit_verify(s, AUDIT_ACCESS, NULL, NULL, &e), 0);
    store_close(s);
}

static void a_store_locked_too_long_is_unavailable(void **state)
{
    (void)state;
    store *s;
    cg_err e;
    assert_int_equal(store_open(db, &s, &e), 0);
    /* Another process holds the write lock past the busy timeout. */
    store *other;
    assert_int_equal(store_open(db, &other, &e), 0);
    store_conn *c;
    assert_int_equal(store_acquire(other, &c, &e), 0);
    assert_int_equal(store_begin(c, &e), 0);
    alert_in a = {"telecom.bypass", "lock.test", "1", 0.5, "t", NULL, 1, NULL, NULL};
    assert_int_equal(alert_ingest(s, &a, 1, NULL, &e), CG_EUNAVAIL);
    store_rollback(c);
    store_release(c);
    store_close(other);
    /* Once the lock is gone the same call goes through. */
    size_t created = 0;
    assert_int_equal(alert_ingest(s, &a, 1, &created, &e), 0);
    assert_int_equal(created, 1);
    store_close(s);
}

/* What the migrations after the first one add, dropped in reverse. */
#define AFTER_V1                                                                                   \
    "DROP TABLE case_fts; DROP TABLE alert_fts; DROP TABLE subject_fts; DROP TRIGGER "             \
    "case_fts_ins; "                                                                               \
    "DROP TRIGGER case_fts_upd; DROP TRIGGER case_fts_del; DROP TRIGGER alert_fts_ins; "           \
    "DROP TRIGGER alert_fts_upd; DROP TRIGGER alert_fts_del; DROP TRIGGER subject_fts_ins; "       \
    "DROP TRIGGER subject_fts_upd; DROP TRIGGER subject_fts_del; "                                 \
    "DROP TRIGGER stat_case_ins; DROP TRIGGER stat_case_upd; DROP TRIGGER stat_case_del; "         \
    "DROP TRIGGER stat_alert_ins; DROP TRIGGER stat_alert_upd; DROP TABLE stat_day; "              \
    "DROP TABLE bulletin; DROP INDEX cases_created; DROP INDEX cases_closed; DROP INDEX "          \
    "alert_created; "                                                                              \
    "DROP INDEX case_outcome_at; DROP INDEX stop_order_ordered; DROP INDEX stop_order_done; "      \
    "DROP TABLE tip_file; DROP INDEX stop_order_case; "

static void migrations_apply_at_open(void **state)
{
    (void)state;
    store *s;
    cg_err e;
    assert_int_equal(store_open(db, &s, &e), 0);
    int latest = store_schema_version(s);
    assert_true(latest >= 3);
    /* Take the file back to version 1, as an older program left it. */
    store_conn *c;
    assert_int_equal(store_acquire(s, &c, &e), 0);
    assert_int_equal(store_exec(c, AFTER_V1 "PRAGMA user_version = 1;", &e), 0);
    store_release(c);
    store_close(s);
    assert_int_equal(store_open(db, &s, &e), 0);
    assert_int_equal(store_schema_version(s), latest);
    assert_int_equal(count(s, "SELECT count(*) FROM tip_file"), 0);
    /* A file from a newer program is refused, not damaged. */
    assert_int_equal(store_acquire(s, &c, &e), 0);
    assert_int_equal(store_exec(c, "PRAGMA user_version = 99;", &e), 0);
    store_release(c);
    store_close(s);
    assert_int_equal(store_open(db, &s, &e), CG_EINVAL);
    assert_non_null(strstr(e.msg, "newer"));
    assert_int_equal(store_open(db, &s, &e), CG_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kill_9_loses_nothing_committed),
        cmocka_unit_test(many_threads_share_one_store),
        cmocka_unit_test(a_store_locked_too_long_is_unavailable),
        /* Last: it leaves the file at a version from the future. */
        cmocka_unit_test(migrations_apply_at_open),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
