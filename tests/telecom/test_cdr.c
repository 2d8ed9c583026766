/* test_cdr.c: the cdr-csv and testcall-csv readers: columns in any order,
 * number and time forms, every class of malformed input named by file, line
 * and field, gzip (whole and truncated). */
#include "telecom/cdr.h"

#include "core/hmap.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

static char dir[64];

static const char *write_file(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/cgcdr.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static void columns_in_any_order_and_case(void **state)
{
    const char *p =
        write_file("a.csv", "Cell,OTHER,extra,Duration,MSISDN,Start,TYPE,imei\n"
                            "452-04-1,0987654321,x,30,+84912345678,2026-11-02T08:00:00,moc,"
                            "3569380356438091\n");
    cdr_reader *r;
    cg_err e;
    assert_int_equal(cdr_open(p, &r, &e), 0);
    cdr_record rec;
    assert_int_equal(cdr_next(r, &rec, &e), 1);
    assert_int_equal(rec.type, CDR_MOC);
    assert_int_equal(rec.msisdn, 84912345678ULL);
    assert_int_equal(rec.other, 84987654321ULL);
    assert_int_equal(rec.duration, 30);
    assert_int_equal(rec.imei, 356938035643809ULL); /* IMEISV: the version dropped */
    assert_int_equal(rec.start, 1793581200);        /* no zone: +07:00 */
    assert_true(rec.cell != 0);
    assert_int_equal(cdr_next(r, &rec, &e), 0);
    cdr_close(r);
}

static void number_and_time_forms(void **state)
{
    const char *p =
        write_file("b.csv", "type,start,duration,msisdn\n"
                            "MTC,2026-11-02T01:00:00Z,0,0084912345678\n"
                            "SMS_MO,1793581200,0,0912345678\n"
                            "DATA,2026-11-02 08:00:00.250+07:00,60,84912345678\n"
                            "\"SMS_MT\",\"2026-11-02T08:00:00\",\"0\",\"+84 912 345 678\"\n");
    cdr_reader *r;
    cg_err e;
    assert_int_equal(cdr_open(p, &r, &e), 0);
    cdr_record rec;
    int64_t t[4];
    for (int i = 0; i < 4; i++) {
        assert_int_equal(cdr_next(r, &rec, &e), 1);
        assert_int_equal(rec.msisdn, 84912345678ULL);
        t[i] = rec.start;
    }
    assert_int_equal(t[0], t[1]);
    assert_int_equal(t[1], t[2]);
    assert_int_equal(t[2], t[3]);
    assert_int_equal(rec.type, CDR_SMS_MT);
    cdr_close(r);
}

/* Each malformed line is refused with FILE:LINE and the field; the next
 * good line still comes through. */
static void malformed_lines_name_line_and_field(void **state)
{
    const char *p = write_file("c.csv", "type,start,duration,msisdn,imei,other\n"
                                        "CALL,2026-11-02T08:00:00,1,84912345678,,\n"
                                        "MOC,2026-13-02T08:00:00,1,84912345678,,\n"
                                        "MOC,2026-11-02T08:00:00,-4,84912345678,,\n"
                                        "MOC,2026-11-02T08:00:00,4,8491234567x,,\n"
                                        "MOC,2026-11-02T08:00:00,4,84912345678,123,\n"
                                        "MOC,2026-11-02T08:00:00,4,84912345678,,abc\n"
                                        "MOC,2026-11-02T08:00:00,4,\n"
                                        "MOC,\"2026-11-02T08:00:00\",4,\"84912345678\",,\n");
    static const char *want[] = {":2: type", ":3: start", ":4: duration", ":5: msisdn",
                                 ":6: imei", ":7: other", ":8: msisdn"};
    cdr_reader *r;
    cg_err e;
    assert_int_equal(cdr_open(p, &r, &e), 0);
    cdr_record rec;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_int_equal(cdr_next(r, &rec, &e), CG_EINVAL);
        assert_non_null(strstr(e.msg, "c.csv"));
        if (!strstr(e.msg, want[i]))
            fail_msg("line %zu: '%s' lacks '%s'", i + 2, e.msg, want[i]);
    }
    assert_int_equal(cdr_next(r, &rec, &e), 1);
    assert_int_equal(rec.line, 9);
    assert_int_equal(cdr_next(r, &rec, &e), 0);
    cdr_close(r);
}

static void missing_columns_empty_and_header_only(void **state)
{
    cdr_reader *r;
    cg_err e;
    assert_int_equal(cdr_open(write_file("d.csv", "type,start,msisdn\nMOC,1,849\n"), &r, &e),
                     CG_EINVAL);
    assert_non_null(strstr(e.msg, "'duration'"));
    assert_int_equal(cdr_open(write_file("e.csv", ""), &r, &e), CG_EINVAL);
    assert_non_null(strstr(e.msg, "empty"));
    assert_int_equal(cdr_open(write_file("f.csv", "type,start,duration,msisdn\n"), &r, &e), 0);
    cdr_record rec;
    assert_int_equal(cdr_next(r, &rec, &e), 0);
    cdr_close(r);
}

static void gzip_whole_and_truncated(void **state)
{
    char path[128];
    snprintf(path, sizeof path, "%s/g.csv.gz", dir);
    gzFile gz = gzopen(path, "wb");
    gzputs(gz, "type,start,duration,msisdn\n");
    for (int i = 0; i < 20000; i++)
        gzprintf(gz, "MOC,2026-11-02T08:00:00,%d,8491234%04d\n", i % 300, i % 10000);
    gzclose(gz);
    cdr_reader *r;
    cg_err e;
    assert_int_equal(cdr_open(path, &r, &e), 0);
    cdr_record rec;
    int n = 0, rc;
    while ((rc = cdr_next(r, &rec, &e)) == 1)
        n++;
    assert_int_equal(rc, 0);
    assert_int_equal(n, 20000);
    cdr_close(r);
    /* Cut the file short: the records before the cut come, then an error. */
    FILE *f = fopen(path, "r+");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(truncate(path, size / 2), 0);
    assert_int_equal(cdr_open(path, &r, &e), 0);
    n = 0;
    while ((rc = cdr_next(r, &rec, &e)) == 1)
        n++;
    assert_true(rc < 0 && rc != CG_EINVAL);
    assert_true(n > 0 && n < 20000);
    assert_non_null(strstr(e.msg, "g.csv.gz"));
    cdr_close(r);
}

static char reported[4][300];
static int nreported;
static void report(void *ctx, const char *msg)
{
    if (nreported < 4)
        snprintf(reported[nreported++], sizeof reported[0], "%s", msg);
}

static void testcalls_read(void **state)
{
    const char *p =
        write_file("t.csv", "received_cli,b_number,origin_number,origin_country,start\n"
                            "0987654321,0912345678,+12025550100,us,2026-11-02T10:00:00\n"
                            ",0912345678,+12025550100,US,2026-11-02T10:00:00\n"
                            "0987654321,0912345678,+12025550100,USA,2026-11-02T10:00:00\n"
                            "0987654321,,+12025550100,US,2026-11-02T10:00:00\n");
    testcall *t;
    size_t n, bad;
    cg_err e;
    nreported = 0;
    assert_int_equal(testcall_load(p, &t, &n, &bad, report, NULL, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(bad, 2);
    assert_string_equal(t[0].origin_country, "US");
    assert_int_equal(t[0].received_cli, 84987654321ULL);
    assert_int_equal(t[1].received_cli, 0);
    assert_non_null(strstr(reported[0], "t.csv:4: origin_country"));
    assert_non_null(strstr(reported[1], "t.csv:5: b_number"));
    free(t);
}

/* Read path with the fast reader and with the general CSV reader: the same
 * records, the same return codes and the same messages, line by line. */
static void same_as_general(const char *path)
{
    cdr_reader *a, *b;
    cg_err ea, eb;
    assert_int_equal(cdr_open(path, &a, &ea), 0);
    assert_int_equal(cdr_open(path, &b, &eb), 0);
    cdr_set_general(b, 1);
    int n = 0;
    for (;;) {
        cdr_record ra, rb;
        memset(&ra, 0x55, sizeof ra);
        memset(&rb, 0x55, sizeof rb);
        int rca = cdr_next(a, &ra, &ea), rcb = cdr_next(b, &rb, &eb);
        if (rca != rcb)
            fail_msg("record %d: fast path %d, general %d (%s / %s)", n, rca, rcb,
                     rca < 0 ? ea.msg : "", rcb < 0 ? eb.msg : "");
        if (rca == 1 && memcmp(&ra, &rb, sizeof ra))
            fail_msg("record %d (line %llu): the two paths differ", n, (unsigned long long)rb.line);
        if (rca < 0)
            assert_string_equal(ea.msg, eb.msg);
        if (rca == 0 || (rca < 0 && rca != CG_EINVAL))
            break;
        n++;
    }
    assert_int_equal(cdr_bytes(a), cdr_bytes(b));
    cdr_close(a);
    cdr_close(b);
}

static void fast_path_same_as_general_reader(void **state)
{
    /* Every form the fast path takes, every one it hands on, and every
     * class of malformed line. */
    same_as_general(write_file(
        "fast.csv",
        "type,start,duration,msisdn,imsi,imei,other,cell,bytes\n"
        "MOC,1793552400,30,84912345678,452040000004580,356938038866418,84987654321,452-04-1-2,\n"
        "mtc,2026-11-02T08:00:00,0,0912345678,,,+84 98 765 4321,c,\n"
        "Sms_Mo,2026-11-02 08:00:00.5Z,0,+84912345678,,3569380388664181,,,\n"
        "SMS_MT, 1793552400 ,0,0084912345678,45204000000458,35693803886641,0987654321,x,\n"
        "DATA,1793552400.25,741,84912345678,,,,452-04-10273-37534,12345\r\n"
        "\n"
        "DATA,1793552400,741,84912345678\n"
        "DATA,1793552400,741\n"
        "DATA\n"
        "DATA,1793552400,741,84912345678,,,,,,extra,columns,here,and,more\n"
        "CALL,1793552400,1,84912345678,,,,,\n"
        "MOCX,1793552400,1,84912345678,,,,,\n"
        "SMS-MO,1793552400,1,84912345678,,,,,\n"
        "MOC,1793552400123,1,84912345678,,,,,\n"
        "MOC,,1,84912345678,,,,,\n"
        "MOC,2026-13-02T08:00:00,1,84912345678,,,,,\n"
        "MOC,17935524x0,1,84912345678,,,,,\n"
        "MOC,1793552400,-4,84912345678,,,,,\n"
        "MOC,1793552400,,84912345678,,,,,\n"
        "MOC,1793552400,1234567890,84912345678,,,,,\n"
        "MOC,1793552400,4,8491234567x,,,,,\n"
        "MOC,1793552400,4,,,,,,\n"
        "MOC,1793552400,4,84912345678,12345,,,,\n"
        "MOC,1793552400,4,84912345678,,123,,,\n"
        "MOC,1793552400,4,84912345678,,35693803886641812,,,\n"
        "MOC,1793552400,4,84912345678,,356938038866418x,,,\n"
        "MOC,1793552400,4,84912345678,,,abc,,\n"
        "MOC,\"1793552400\",4,\"84912345678\",,,\"+84 98 765, 4321\",\"a,b\",\n"
        "MOC,1793552400,4,84912345678,,,,\"cell\nover two lines\",\n"
        "MOC,1793552400,4,84912345678,,,,\"x\"y,\n"
        "MOC,1793552400,4,84912345678,,,,a\"b,\n"
        "MOC,1793552400,4,84912345678,,,,\"\"\"quoted\"\"\",\n"
        "MOC,1793552400,4,84912345678,,,,\"\",\n"
        "MOC,1793552400,4,84912345678,,,,cell-after-odd-quote-line,\n"
        "MTC,1793552400,4,84912345678,,,,,\n"
        "MOC,1793552400,4,84912345678,,,,\"never closed,\n"
        "MOC,1793552400,4,84912345678,,,,,\n"));
    /* Columns in another order, fewer of them, no trailing newline. */
    same_as_general(write_file("fast2.csv", "msisdn,Type,START,duration\n"
                                            "84912345678,MOC,1793552400,3\n"
                                            "84912345678,MOC,1793552400\n"
                                            "84912345678,\"MOC\",1793552400,3,x\n"
                                            "84912345678,MTC,1793552400,3"));
    /* A quote in the header's line, and a quoted field running to the end. */
    same_as_general(write_file("fast3.csv", "\"type\",start,duration,msisdn\n"
                                            "MOC,1793552400,3,84912345678\n"
                                            "MOC,1793552400,3,\"84912345678\n"
                                            "MOC,1793552400,3,84912345678\n"));
}

/* The digit and cell fast paths against plain reference computations: a
 * non-digit at any place of an IMSI or IMEI is refused, the values are
 * exact, and cells of every length hash as cg_hash64 does. */
static void digits_and_cells_exact(void **state)
{
    char text[64 * 1024];
    size_t o = 0;
    o += (size_t)snprintf(text + o, sizeof text - o, "type,start,duration,msisdn,imsi,imei,cell\n");
    static const char bad[] = {'/', ':', 'x', ' ', '\x80'};
    for (int pos = 0; pos < 15; pos++)
        for (size_t b = 0; b < sizeof bad; b++) {
            char imsi[16] = "452049876543210";
            imsi[pos] = bad[b];
            o += (size_t)snprintf(text + o, sizeof text - o, "DATA,1793552400,1,84912345678,%s,,\n",
                                  imsi);
        }
    static const char *const good[] = {"452049876543210", "99999999999999", "000000000000001",
                                       "123456789012345"};
    for (size_t i = 0; i < 4; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "MOC,1793552400,987654321,%s,%s,%s,\n",
                              i ? "84999999999" : "849876543210123", good[i], good[(i + 1) % 4]);
    const char *cell = "452-04-10273-37534-abcdefghijklmnopqrstuvwxyz0123456789";
    for (int n = 1; n <= 40; n++)
        o += (size_t)snprintf(text + o, sizeof text - o, "SMS_MO,1793552400,0,84912345678,,,%.*s\n",
                              n, cell);
    const char *p = write_file("digits.csv", text);
    cdr_reader *r;
    cg_err e;
    cdr_record rec;
    assert_int_equal(cdr_open(p, &r, &e), 0);
    for (int i = 0; i < 15 * (int)sizeof bad; i++) {
        assert_int_equal(cdr_next(r, &rec, &e), CG_EINVAL);
        assert_non_null(strstr(e.msg, ": imsi: "));
    }
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(cdr_next(r, &rec, &e), 1);
        assert_int_equal(rec.msisdn, strtoull(i ? "84999999999" : "849876543210123", NULL, 10));
        assert_int_equal(rec.imsi, strtoull(good[i], NULL, 10));
        assert_int_equal(rec.imei, strtoull(good[(i + 1) % 4], NULL, 10));
        assert_int_equal(rec.duration, 987654321);
    }
    for (int n = 1; n <= 40; n++) {
        assert_int_equal(cdr_next(r, &rec, &e), 1);
        uint64_t h = cg_hash64(cell, (size_t)n, 0x63656c6c);
        uint32_t want = (uint32_t)(h ^ (h >> 32));
        assert_int_equal(rec.cell, want ? want : 1);
    }
    assert_int_equal(cdr_next(r, &rec, &e), 0);
    cdr_close(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(columns_in_any_order_and_case),
        cmocka_unit_test(number_and_time_forms),
        cmocka_unit_test(malformed_lines_name_line_and_field),
        cmocka_unit_test(missing_columns_empty_and_header_only),
        cmocka_unit_test(gzip_whole_and_truncated),
        cmocka_unit_test(testcalls_read),
        cmocka_unit_test(fast_path_same_as_general_reader),
        cmocka_unit_test(digits_and_cells_exact),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
