/* test_scan.c: detection on a small province of traffic built here: two SIM
 * boxes (one naive, one that imitates people), and the hard negatives that
 * vendors warn about (a call centre, taxi drivers, M2M, ordinary people).
 * The boxes are found whole and nothing else is flagged; a test call proves
 * its SIM and its box. */
#include "telecom/scan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static int64_t uniform(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(next() % (uint64_t)(hi - lo));
}

#define DAY0 1793552400 /* 2026-11-02 00:00 +07:00, a Monday */
#define NORMALS 400

static int64_t at(int day, double hour)
{
    return DAY0 + day * 86400 + (int64_t)(hour * 3600);
}

static void rec(scan *s, cdr_type t, int64_t start, int64_t dur, uint64_t msisdn, uint64_t other,
                uint64_t imei, uint32_t cell)
{
    cdr_record r = {t,    start, dur, msisdn, other, 452040000000000ULL + msisdn % 1000000,
                    imei, cell,  0};
    scan_add(s, &r);
}

/* A call from a (ours) to b: a MOC for a and, when b is ours, a MTC for b. */
static void call(scan *s, int64_t t, uint64_t a, uint64_t b, int b_ours, uint64_t imei_a,
                 uint32_t cell_a)
{
    int64_t dur = uniform(0, 4) ? uniform(20, 400) : 0;
    rec(s, CDR_MOC, t, dur, a, b, imei_a, cell_a);
    if (b_ours)
        rec(s, CDR_MTC, t + 1, dur, b, a, 350000000000000ULL + b, (uint32_t)(b % 5000) + 1);
}

static uint64_t normal(int i)
{
    return 84910000000ULL + (uint64_t)i * 7;
}

typedef struct found {
    char json[64][2048];
    uint64_t msisdn[64];
    double score[64];
    int n;
} found;

static void emit(void *ctx, const char *json, double score, uint64_t msisdn, int64_t last)
{
    found *f = ctx;
    if (f->n < 64) {
        snprintf(f->json[f->n], sizeof f->json[0], "%s", json);
        f->msisdn[f->n] = msisdn;
        f->score[f->n] = score;
        f->n++;
    }
}

static const char *find(const found *f, uint64_t msisdn)
{
    for (int i = 0; i < f->n; i++)
        if (f->msisdn[i] == msisdn)
            return f->json[i];
    return NULL;
}

static void province(scan *s)
{
    /* Ordinary people: friends who call each other, by day. */
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < NORMALS; i++) {
            for (int k = 0; k < 3; k++) {
                int j = (i + 1 + (int)uniform(0, 8)) % NORMALS;
                call(s, at(d, 7 + uniform(0, 15)), normal(i), normal(j), 1,
                     350000000000000ULL + normal(i), (uint32_t)(i % 50) + 1);
            }
            rec(s, CDR_DATA, at(d, 12), 600, normal(i), 0, 350000000000000ULL + normal(i), 1);
        }
    /* Box 1, naive: 8 SIMs on 2 gateway IMEIs in one cell, calls day and
     * night to whoever the foreign callers dialled, nobody calls back. */
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < 8; i++)
            for (int k = 0; k < 60; k++) {
                uint64_t b = uniform(0, 2) ? normal((int)uniform(0, NORMALS))
                                           : 84980000000ULL + (uint64_t)uniform(0, 9999999);
                call(s, at(d, uniform(0, 24)), 84330000100ULL + i, b, b < 84980000000ULL,
                     861234560000000ULL + (uint64_t)(i / 4), 777);
            }
    /* Box 2 imitates people: its own IMEI per SIM, capped at 30 calls a
     * day, fake SMS and data, and its SIMs call each other. */
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < 6; i++) {
            uint64_t m = 84350000200ULL + i;
            for (int k = 0; k < 30; k++) {
                uint64_t b = uniform(0, 2) ? normal((int)uniform(0, NORMALS))
                                           : 84980000000ULL + (uint64_t)uniform(0, 9999999);
                call(s, at(d, uniform(6, 24)), m, b, b < 84980000000ULL, 359000000000000ULL + m,
                     888);
            }
            call(s, at(d, 10), m, 84350000200ULL + (i + 1) % 6, 0, 359000000000000ULL + m, 888);
            rec(s, CDR_MTC, at(d, 11), 60, m, 84350000200ULL + (i + 5) % 6, 359000000000000ULL + m,
                888);
            rec(s, CDR_SMS_MO, at(d, 12), 0, m, normal(i), 359000000000000ULL + m, 888);
            rec(s, CDR_DATA, at(d, 13), 300, m, 0, 359000000000000ULL + m, 888);
        }
    /* A call centre: 10 agents in one office calling customers on working
     * days; some customers call back. */
    for (int d = 0; d < 5; d++)
        for (int i = 0; i < 10; i++)
            for (int k = 0; k < 80; k++) {
                int c = (int)uniform(0, NORMALS);
                uint64_t agent = 84360000300ULL + i;
                int64_t t = at(d, 8.5 + uniform(0, 8));
                call(s, t, agent, normal(c), 1, 354000000000000ULL + agent, 999);
                if (uniform(0, 100) < 15)
                    call(s, t + 3600, normal(c), agent, 1, 350000000000000ULL + normal(c), 5);
            }
    /* Taxi drivers: customers call them, they call back. */
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < 5; i++)
            for (int k = 0; k < 40; k++) {
                uint64_t drv = 84370000400ULL + i,
                         c = 84980000000ULL + (uint64_t)uniform(0, 9999999);
                rec(s, CDR_MTC, at(d, uniform(5, 23)), 40, drv, c, 355000000000000ULL + drv,
                    (uint32_t)uniform(1, 90));
                if (k % 2)
                    call(s, at(d, uniform(5, 23)), drv, c, 0, 355000000000000ULL + drv,
                         (uint32_t)uniform(1, 90));
            }
    /* M2M meters: data only. */
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < 20; i++)
            for (int k = 0; k < 24; k++)
                rec(s, CDR_DATA, at(d, k), 10, 84380000500ULL + i, 0, 356000000000000ULL + i, 42);
}

static void boxes_found_whole_and_nothing_else(void **state)
{
    scan_config cfg;
    scan_config_default(&cfg);
    scan *s = scan_new(&cfg);
    province(s);
    found *f = calloc(1, sizeof *f);
    size_t n = scan_finish(s, emit, f);
    for (int i = 0; i < f->n; i++) {
        uint64_t m = f->msisdn[i];
        if (!((m >= 84330000100ULL && m < 84330000108ULL) ||
              (m >= 84350000200ULL && m < 84350000206ULL)))
            fail_msg("flagged a subscriber that is not a SIM box: %s", f->json[i]);
    }
    assert_int_equal(n, 14);
    /* Each box is one cluster. */
    const char *a = strstr(find(f, 84330000100ULL), "\"cluster\":\"");
    const char *b = strstr(find(f, 84350000200ULL), "\"cluster\":\"");
    assert_non_null(a);
    assert_non_null(b);
    for (int i = 0; i < 8; i++)
        assert_memory_equal(strstr(find(f, 84330000100ULL + i), "\"cluster\":\""), a, 18);
    for (int i = 0; i < 6; i++)
        assert_memory_equal(strstr(find(f, 84350000200ULL + i), "\"cluster\":\""), b, 18);
    assert_true(memcmp(a, b, 18) != 0);
    assert_non_null(strstr(find(f, 84330000103ULL), "never call it back"));
    assert_non_null(strstr(find(f, 84330000103ULL), "IMEI is shared"));
    free(f);
    scan_free(s);
}

static void a_test_call_proves_the_sim_and_raises_its_box(void **state)
{
    scan_config cfg;
    scan_config_default(&cfg);
    /* Rules so strict that no SIM of box 1 (60 calls a day) passes them
     * alone: only the proof can flag it, and with it its box. */
    cfg.min_moc_per_day = 100;
    scan *s = scan_new(&cfg);
    province(s);
    testcall t[2] = {{at(3, 10), "US", 12025550100ULL, normal(5), 84330000102ULL, 2},
                     {at(3, 11), "KR", 821012345678ULL, normal(6), 821012345678ULL, 3}};
    scan_add_testcalls(s, t, 2);
    found *f = calloc(1, sizeof *f);
    scan_finish(s, emit, f);
    const char *j = find(f, 84330000102ULL);
    assert_non_null(j);
    assert_non_null(strstr(j, "\"score\":1.00"));
    assert_non_null(strstr(j, "test call from US arrived as a local number"));
    assert_null(find(f, 821012345678ULL)); /* shown with its foreign number: a lawful route */
    for (int i = 0; i < 8; i++) {
        const char *sib = find(f, 84330000100ULL + i);
        if (!sib)
            fail_msg("SIM %d of the proven box is not flagged", i);
        if (i != 2)
            assert_non_null(strstr(sib, "same box as a SIM proven by a test call"));
    }
    assert_int_equal(f->n, 8);
    free(f);
    scan_free(s);
}

/* Records are taken through a pipeline, yet count as if taken one by one:
 * a callback to a SIM that has no profile yet counts for nobody, even when
 * that SIM's own first record follows at once. */
static void callbacks_count_in_record_order(void **state)
{
    scan_config cfg;
    scan_config_default(&cfg);
    scan *s = scan_new(&cfg);
    uint64_t x = 84330000999ULL, a = 84910000001ULL;
    /* x calls a (a's record: x has no profile), a calls x back (a reciprocal
     * contact for a, and for x if x existed), then x's own calls. */
    rec(s, CDR_MTC, at(0, 1), 30, a, x, 350000000000001ULL, 5);
    rec(s, CDR_MOC, at(0, 1.1), 30, a, x, 350000000000001ULL, 5);
    for (int d = 0; d < 3; d++)
        for (int k = 0; k < 40; k++)
            rec(s, CDR_MOC, at(d, k % 24 + 0.5), 60, x, 84980000000ULL + (uint64_t)(d * 100 + k),
                861234560000009ULL, 777);
    found *f = calloc(1, sizeof *f);
    scan_finish(s, emit, f);
    const char *j = find(f, x);
    assert_non_null(j);
    if (!strstr(j, "\"callback_share\":0.000"))
        fail_msg("a callback counted for a SIM before its first record: %s", j);
    free(f);
    scan_free(s);
}

static void config_file(void **state)
{
    char path[] = "/tmp/cgscanXXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fdopen(fd, "w");
    fputs("# stricter\nmin_moc = 50\n\nmax_callback=0.02  # comment\n", fp);
    fclose(fp);
    scan_config c;
    scan_config_default(&c);
    cg_err e;
    assert_int_equal(scan_config_load(&c, path, &e), 0);
    assert_true(c.min_moc == 50 && c.max_callback == 0.02);
    fp = fopen(path, "w");
    fputs("min_moc = 50\nmax_calls = 3\n", fp);
    fclose(fp);
    assert_int_equal(scan_config_load(&c, path, &e), CG_EINVAL);
    assert_non_null(strstr(e.msg, ":2: unknown key 'max_calls'"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(boxes_found_whole_and_nothing_else),
        cmocka_unit_test(a_test_call_proves_the_sim_and_raises_its_box),
        cmocka_unit_test(config_file),
        cmocka_unit_test(callbacks_count_in_record_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
