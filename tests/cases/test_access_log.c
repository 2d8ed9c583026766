/* test_access_log.c: the access log's writer for servers: entries from many
 * threads land once each, in one intact chain, every caller is told, and a
 * closing writer refuses new entries after writing those it took. */
#include "cases/audit.h"
#include "store/store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>

#define THREADS 8
#define PER_THREAD 200

typedef struct told {
    pthread_mutex_t mu;
    int ok, failed;
} told;

static void done(void *arg, int rc, const cg_err *err)
{
    told *t = arg;
    pthread_mutex_lock(&t->mu);
    if (rc) {
        t->failed++;
        fprintf(stderr, "view failed: %s\n", err ? err->msg : "?");
    } else {
        t->ok++;
    }
    pthread_mutex_unlock(&t->mu);
}

typedef struct job {
    audit_writer *w;
    told *t;
    int n;
} job;

static void *add_views(void *arg)
{
    job *j = arg;
    for (int i = 0; i < PER_THREAD; i++) {
        actor a = {.user_id = 10 + j->n, .org_id = 3, .role = ROLE_COORDINATOR};
        char obj[32];
        snprintf(obj, sizeof obj, "case:%d", j->n * 1000 + i);
        assert_int_equal(audit_writer_add(j->w, &a, "case.view", obj, NULL, done, j->t), 0);
    }
    return NULL;
}

static void views_from_many_threads_land_once_in_one_chain(void **state)
{
    (void)state;
    char dir[] = "/tmp/cg-access-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/c.db", dir);
    store *s;
    cg_err e;
    assert_int_equal(store_open(path, &s, &e), 0);
    audit_writer *w;
    assert_int_equal(audit_writer_new(s, &w, &e), 0);
    told t = {PTHREAD_MUTEX_INITIALIZER, 0, 0};
    pthread_t th[THREADS];
    job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (job){w, &t, i};
        assert_int_equal(pthread_create(&th[i], NULL, add_views, &jobs[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    audit_writer_close(w);
    /* Everything queued before the close was written and its caller told. */
    assert_int_equal(t.ok, THREADS * PER_THREAD);
    assert_int_equal(t.failed, 0);
    actor a = actor_system();
    assert_int_equal(audit_writer_add(w, &a, "case.view", "case:1", NULL, done, &t), CG_EUNAVAIL);
    audit_writer_free(w);
    int64_t n = 0, bad = 0;
    assert_int_equal(audit_verify(s, AUDIT_ACCESS, &n, &bad, &e), 0);
    assert_int_equal(n, THREADS * PER_THREAD);
    store_conn *c;
    assert_int_equal(store_acquire_log(s, &c, &e), 0);
    store_stmt *q = store_prep(c, "SELECT count(DISTINCT object) FROM access_log", &e);
    assert_int_equal(store_step(q, &e), STORE_ROW);
    assert_int_equal(store_col_i64(q, 0), THREADS * PER_THREAD);
    store_release(c);
    store_close(s);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(views_from_many_threads_land_once_in_one_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
