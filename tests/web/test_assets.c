/* test_assets.c: the UI's embedded files: every file under web/ is served
 * byte for byte with its type and a strong ETag; the app's routes fall back
 * to index.html; the API's paths and missing files do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/cg.h"
#include "web/web.h"

/* The bytes of a file on disk (run from the repository's root). */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *d = cg_malloc((size_t)n + 1);
    assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return d;
}

static void expect_etag_of(const char *etag, const unsigned char *d, size_t n)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, d, n);
    char want[35];
    want[0] = '"';
    for (int k = 0; k < 16; k++)
        snprintf(want + 1 + 2 * k, 3, "%02x", h[k]);
    want[33] = '"';
    want[34] = '\0';
    assert_string_equal(etag, want);
}

static int files_seen, files_gzipped;

/* The compressed form, when there is one, inflates to the file itself. */
static void check_gzip(const char *url, const unsigned char *want, size_t n, const char *etag)
{
    const unsigned char *gz = NULL;
    size_t gzlen = 0;
    const char *gzetag = NULL, *ct = NULL;
    if (web_asset_find_gzip(url, &gz, &gzlen, &ct, &gzetag) != 0)
        return;
    files_gzipped++;
    assert_true(gzlen + n / 10 <= n);
    assert_string_equal(ct, web_content_type(url));
    /* The same tag with -gz inside the quotes. */
    assert_int_equal(strlen(gzetag), strlen(etag) + 3);
    assert_memory_equal(gzetag, etag, strlen(etag) - 1);
    assert_string_equal(gzetag + strlen(etag) - 1, "-gz\"");
    unsigned char *out = cg_malloc(n + 1);
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (unsigned char *)gz;
    z.avail_in = (uInt)gzlen;
    z.next_out = out;
    z.avail_out = (uInt)n + 1;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, n);
    inflateEnd(&z);
    assert_memory_equal(out, want, n);
    free(out);
}

static int check_one(const char *fpath, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    if (type != FTW_F || fpath[ftw->base] == '.' || fpath[strlen(fpath) - 1] == '~')
        return 0;
    size_t n;
    unsigned char *want = slurp(fpath, &n);
    const unsigned char *d = NULL;
    size_t len = 0;
    const char *ct = NULL, *etag = NULL;
    /* fpath is "web/..."; the URL path starts at the slash after "web". */
    int rc = web_asset_find(fpath + 3, &d, &len, &ct, &etag);
    if (rc != 0)
        fail_msg("%s is not embedded (rebuild?)", fpath);
    assert_int_equal(len, n);
    assert_memory_equal(d, want, n);
    assert_int_equal(d[len], 0);
    assert_string_equal(ct, web_content_type(fpath));
    expect_etag_of(etag, want, n);
    check_gzip(fpath + 3, want, n, etag);
    free(want);
    files_seen++;
    return 0;
}

static void every_file_is_embedded_byte_for_byte(void **state)
{
    (void)state;
    files_seen = 0;
    assert_int_equal(nftw("web", check_one, 16, FTW_PHYS), 0);
    assert_true(files_seen > 0);
    /* Scripts, styles and dictionaries compress well: most files have a
     * compressed form. */
    assert_true(files_gzipped * 2 > files_seen);
    assert_int_equal((size_t)files_seen, web_asset_count());
    for (size_t i = 1; i < web_asset_count(); i++)
        assert_true(strcmp(web_asset_path(i - 1), web_asset_path(i)) < 0);
    assert_null(web_asset_path(web_asset_count()));
}

static void expect_index(const char *path)
{
    const unsigned char *d = NULL, *idx = NULL;
    size_t len = 0, ilen = 0;
    const char *ct = NULL, *etag = NULL, *ietag = NULL;
    assert_int_equal(web_asset_find("/index.html", &idx, &ilen, NULL, &ietag), 0);
    if (web_asset_find(path, &d, &len, &ct, &etag) != 0)
        fail_msg("%s: expected index.html, got not found", path);
    assert_ptr_equal(d, idx);
    assert_int_equal(len, ilen);
    assert_string_equal(ct, "text/html; charset=utf-8");
    assert_string_equal(etag, ietag);
}

static void expect_missing(const char *path)
{
    const unsigned char *d = (const unsigned char *)"untouched";
    size_t len = 42;
    if (web_asset_find(path, &d, &len, NULL, NULL) != CG_ENOTFOUND)
        fail_msg("%s: expected not found", path);
    assert_string_equal((const char *)d, "untouched");
    assert_int_equal(len, 42);
}

static void root_and_app_routes_give_index(void **state)
{
    (void)state;
    expect_index("/");
    expect_index("/?lang=en");
    expect_index("/#/inbox");
    expect_index("/cases/12");
    expect_index("/cases/12/");
    expect_index("/tip");
    expect_index("/apix");
    expect_index("/tra-cuu?ma=TG-1234");
    const unsigned char *d = NULL;
    assert_int_equal(web_asset_find("/", &d, NULL, NULL, NULL), 0);
    assert_non_null(strstr((const char *)d, "<!doctype html>"));
}

static void api_paths_and_missing_files_are_not_found(void **state)
{
    (void)state;
    expect_missing("/api");
    expect_missing("/api/");
    expect_missing("/api/cases");
    expect_missing("/api/nothing-here");
    expect_missing("/api?x=1");
    expect_missing("/app/gone.js");
    expect_missing("/favicon-missing.ico");
    expect_missing("/../etc/passwd");
    expect_missing("/app/../index.html");
    expect_missing("/./index.html");
    expect_missing("/a\\b");
    expect_missing("index.html");
    expect_missing("");
    expect_missing(NULL);
    char longp[1100];
    longp[0] = '/';
    memset(longp + 1, 'a', sizeof longp - 2);
    longp[sizeof longp - 1] = '\0';
    expect_missing(longp);
}

static void query_and_fragment_are_ignored(void **state)
{
    (void)state;
    const unsigned char *a = NULL, *b = NULL;
    assert_int_equal(web_asset_find("/index.html", &a, NULL, NULL, NULL), 0);
    assert_int_equal(web_asset_find("/index.html?v=3#top", &b, NULL, NULL, NULL), 0);
    assert_ptr_equal(a, b);
}

static void content_types_by_extension(void **state)
{
    (void)state;
    assert_string_equal(web_content_type("/index.html"), "text/html; charset=utf-8");
    assert_string_equal(web_content_type("/app/main.js"), "text/javascript; charset=utf-8");
    assert_string_equal(web_content_type("/app/STYLE.CSS"), "text/css; charset=utf-8");
    assert_string_equal(web_content_type("/i18n/vi.json"), "application/json; charset=utf-8");
    assert_string_equal(web_content_type("/img/logo.svg"), "image/svg+xml; charset=utf-8");
    assert_string_equal(web_content_type("/img/a.png"), "image/png");
    assert_string_equal(web_content_type("/fonts/x.woff2"), "font/woff2");
    assert_string_equal(web_content_type("/favicon.ico"), "image/x-icon");
    assert_string_equal(web_content_type("/noext"), "application/octet-stream");
    assert_string_equal(web_content_type("/dir.d/noext"), "application/octet-stream");
    assert_string_equal(web_content_type("/.hidden"), "application/octet-stream");
    assert_string_equal(web_content_type("/x.unknown"), "application/octet-stream");
    assert_string_equal(web_content_type(NULL), "application/octet-stream");
}

static void if_none_match_lists_are_read_as_http_says(void **state)
{
    (void)state;
    const char *e = "\"0123456789abcdef0123456789abcdef\"";
    assert_true(web_etag_match(e, e));
    assert_true(web_etag_match("W/\"0123456789abcdef0123456789abcdef\"", e));
    assert_true(web_etag_match("\"aaa\", \"0123456789abcdef0123456789abcdef\"", e));
    assert_true(web_etag_match("  \"aaa\",W/\"0123456789abcdef0123456789abcdef\" ", e));
    assert_true(web_etag_match("*", e));
    assert_false(web_etag_match("\"0123456789abcdef0123456789abcdee\"", e));
    assert_false(web_etag_match("\"0123456789abcdef0123456789abcdef", e));
    assert_false(web_etag_match("0123456789abcdef0123456789abcdef", e));
    assert_false(web_etag_match("", e));
    assert_false(web_etag_match(NULL, e));
    assert_false(web_etag_match("junk, \"x\"", e));
    const char *real = NULL;
    assert_int_equal(web_asset_find("/", NULL, NULL, NULL, &real), 0);
    assert_true(web_etag_match(real, real));
    assert_string_equal(web_cache_control("/index.html"), "no-cache");
}

static void accept_encoding_is_read_with_qualities(void **state)
{
    (void)state;
    assert_true(web_accepts_gzip("gzip"));
    assert_true(web_accepts_gzip("gzip, deflate, br"));
    assert_true(web_accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    assert_true(web_accepts_gzip("x-gzip"));
    assert_true(web_accepts_gzip("*"));
    assert_true(web_accepts_gzip("deflate, *;q=0.1"));
    assert_false(web_accepts_gzip("gzip;q=0"));
    assert_false(web_accepts_gzip("*, gzip;q=0"));
    assert_false(web_accepts_gzip("identity"));
    assert_false(web_accepts_gzip("gzipx, br"));
    assert_false(web_accepts_gzip(""));
    assert_false(web_accepts_gzip(NULL));
    assert_int_equal(web_asset_find_gzip("/api/cases", NULL, NULL, NULL, NULL), CG_ENOTFOUND);
    assert_int_equal(web_asset_find_gzip("/gone.js", NULL, NULL, NULL, NULL), CG_ENOTFOUND);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_file_is_embedded_byte_for_byte),
        cmocka_unit_test(root_and_app_routes_give_index),
        cmocka_unit_test(api_paths_and_missing_files_are_not_found),
        cmocka_unit_test(query_and_fragment_are_ignored),
        cmocka_unit_test(content_types_by_extension),
        cmocka_unit_test(if_none_match_lists_are_read_as_http_says),
        cmocka_unit_test(accept_encoding_is_read_with_qualities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
