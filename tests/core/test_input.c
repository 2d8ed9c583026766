/* test_input.c: reading lines and CSV records from plain and gzip files:
 * line numbers, CRLF, byte order marks, truncated gzip, quoted fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/csv.h"
#include "core/buf.h"
#include "core/input.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/cg-input-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static const char *write_file(const char *name, const char *data, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static const char *write_gz(const char *name, const char *data, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    gzFile g = gzopen(path, "wb");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
    gzclose(g);
    return path;
}

static void lines_strip_crlf_and_bom_and_count(void **state)
{
    (void)state;
    const char data[] = "\xef\xbb\xbftype,start\r\nMOC,1\r\n\r\nlast-without-newline";
    const char *p = write_file("a.csv", data, sizeof data - 1);
    input *in;
    cg_err err;
    assert_int_equal(input_open(p, &in, &err), 0);
    char *line;
    size_t len;
    assert_int_equal(input_next(in, &line, &len, &err), 1);
    assert_string_equal(line, "type,start");
    assert_int_equal(input_next(in, &line, &len, &err), 1);
    assert_string_equal(line, "MOC,1");
    assert_int_equal(input_next(in, &line, &len, &err), 1);
    assert_int_equal(len, 0);
    assert_int_equal(input_next(in, &line, &len, &err), 1);
    assert_string_equal(line, "last-without-newline");
    assert_int_equal(input_lineno(in), 4);
    assert_int_equal(input_next(in, &line, &len, &err), 0);
    input_close(in);
}

static void gzip_is_read_by_its_magic_not_its_name(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    for (int i = 0; i < 200000; i++)
        buf_printf(&b, "line %d\n", i);
    const char *p = write_gz("plain-name.csv", b.p, b.len);
    input *in;
    cg_err err;
    assert_int_equal(input_open(p, &in, &err), 0);
    char *line;
    size_t len;
    int n = 0;
    while (input_next(in, &line, &len, &err) == 1)
        n++;
    assert_int_equal(n, 200000);
    assert_string_equal(line, "line 199999");
    input_close(in);
    buf_free(&b);
}

static void truncated_gzip_is_an_error_naming_the_file(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    for (int i = 0; i < 50000; i++)
        buf_printf(&b, "record %d with some text to compress\n", i);
    const char *p = write_gz("t.csv.gz", b.p, b.len);
    char full[128];
    snprintf(full, sizeof full, "%s", p);
    FILE *f = fopen(full, "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(truncate(full, size / 2), 0);
    input *in;
    cg_err err;
    assert_int_equal(input_open(full, &in, &err), 0);
    char *line;
    size_t len;
    int rc;
    while ((rc = input_next(in, &line, &len, &err)) == 1)
        ;
    assert_int_equal(rc, CG_EIO);
    assert_non_null(strstr(err.msg, "truncated gzip"));
    assert_non_null(strstr(err.msg, "t.csv.gz"));
    input_close(in);
    buf_free(&b);
}

static void missing_file_is_an_error(void **state)
{
    (void)state;
    input *in;
    cg_err err;
    assert_int_equal(input_open("/nonexistent/x.csv", &in, &err), CG_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
}

static void csv_quoted_fields_and_errors(void **state)
{
    (void)state;
    const char data[] = "a,b,c\n"
                        "1,\"two, with comma\",3\n"
                        "\"multi\nline\",\"say \"\"hi\"\"\",\n"
                        "\"bad\"x,2,3\n"
                        "after,bad,line\n"
                        "\"never closed,1\n";
    const char *p = write_file("q.csv", data, sizeof data - 1);
    input *in;
    cg_err err;
    assert_int_equal(input_open(p, &in, &err), 0);
    csv_reader *r = csv_reader_new(in);
    csv_row row;
    assert_int_equal(csv_next(r, &row, &err), 1);
    assert_int_equal(csv_col(&row, "B"), 1);
    assert_int_equal(csv_col(&row, "zz"), -1);
    assert_int_equal(csv_next(r, &row, &err), 1);
    assert_int_equal(row.n, 3);
    assert_string_equal(row.f[1], "two, with comma");
    assert_int_equal(csv_next(r, &row, &err), 1);
    assert_int_equal(row.line, 3);
    assert_string_equal(row.f[0], "multi\nline");
    assert_string_equal(row.f[1], "say \"hi\"");
    assert_string_equal(row.f[2], "");
    assert_int_equal(csv_next(r, &row, &err), CG_EINVAL);
    assert_non_null(strstr(err.msg, ":5: text after a closing quote"));
    assert_int_equal(csv_next(r, &row, &err), 1);
    assert_string_equal(row.f[0], "after");
    assert_int_equal(csv_next(r, &row, &err), CG_EINVAL);
    assert_non_null(strstr(err.msg, ":7: quoted field not closed"));
    assert_int_equal(csv_next(r, &row, &err), 0);
    csv_reader_free(r);
    input_close(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lines_strip_crlf_and_bom_and_count),
        cmocka_unit_test(gzip_is_read_by_its_magic_not_its_name),
        cmocka_unit_test(truncated_gzip_is_an_error_naming_the_file),
        cmocka_unit_test(missing_file_is_an_error),
        cmocka_unit_test(csv_quoted_fields_and_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
