/* test_core.c: the shared core: buffers, JSON strings, hash table, folding,
 * timestamps, phone numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/hmap.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/ts.h"

static void json_strings_are_escaped_and_valid(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    buf_json_str(&b, "a\"b\\c\n\x01", 7);
    assert_string_equal(b.p, "\"a\\\"b\\\\c\\n\\u0001\"");
    buf_reset(&b);
    buf_json_str(&b, "ma tu\xc3\xbd \xff", 9);
    assert_string_equal(b.p, "\"ma tu\xc3\xbd \xef\xbf\xbd\"");
    buf_free(&b);
}

static void printf_grows_the_buffer(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i);
    assert_int_equal(b.len, strlen(b.p));
    assert_memory_equal(b.p + b.len - 4, "999,", 4);
    buf_free(&b);
}

static void hmap_stores_replaces_and_iterates(void **state)
{
    (void)state;
    hmap *m = hmap_new();
    char key[32];
    for (long i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "k%ld", i);
        assert_null(hmap_put(m, key, (size_t)n, (void *)(i + 1)));
    }
    assert_int_equal(hmap_count(m), 5000);
    assert_ptr_equal(hmap_get(m, "k4321", 5), (void *)4322);
    assert_ptr_equal(hmap_put(m, "k7", 2, (void *)99), (void *)8);
    assert_null(hmap_get(m, "nope", 4));
    size_t it = 0, seen = 0, kl;
    const char *k;
    void *v;
    while (hmap_next(m, &it, &k, &kl, &v))
        seen++;
    assert_int_equal(seen, 5000);
    hmap_free(m);
}

static void arena_hands_out_aligned_memory(void **state)
{
    (void)state;
    arena *a = arena_new(128);
    for (int i = 0; i < 100; i++) {
        void *p = arena_alloc(a, (size_t)i * 7 + 1);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
    }
    char *s = arena_strndup(a, "Tiền Giang", strlen("Tiền Giang"));
    assert_string_equal(s, "Tiền Giang");
    arena_reset(a);
    assert_int_equal(arena_used(a), 0);
    arena_free(a);
}

static void fold(const char *in, const char *want)
{
    buf b = BUF_INIT;
    text_fold(in, strlen(in), &b);
    assert_string_equal(buf_cstr(&b), want);
    buf_free(&b);
}

static void folding_removes_vietnamese_diacritics(void **state)
{
    (void)state;
    fold("Ma Tuý Đá", "ma tuy da");
    fold("ma tu\xcc\x81y \xc4\x91\xc3\xa1", "ma tuy da"); /* decomposed marks */
    fold("NGƯỜI ƠI Ấ Ắ", "nguoi oi a a");
    fold("đồ dùng cá nhân", "do dung ca nhan");
    fold("ＦＵＬＬ", "full"); /* fullwidth letters */
    fold("a\xff"
         "b",
         "ab"); /* invalid byte dropped */
    buf b = BUF_INIT;
    text_casefold("MA TUÝ", strlen("MA TUÝ"), &b);
    assert_string_equal(b.p, "ma tuý");
    buf_free(&b);
}

static void parse(const char *s, int64_t want)
{
    int64_t t;
    const char *why = NULL;
    assert_int_equal(ts_parse(s, strlen(s), &t, &why), 0);
    assert_int_equal(t, want);
}

static void bad_time(const char *s)
{
    int64_t t;
    const char *why = NULL;
    assert_int_equal(ts_parse(s, strlen(s), &t, &why), -1);
    assert_non_null(why);
}

static void timestamps_follow_the_contract(void **state)
{
    (void)state;
    parse("2026-11-02T09:14:00+07:00", 1793585640);
    parse("2026-11-02T09:14:00", 1793585640); /* no zone: +07:00 */
    parse("2026-11-02T02:14:00Z", 1793585640);
    parse("2026-11-02T02:14:00.250Z", 1793585640);
    parse("2026-11-02 04:14:00+02:00", 1793585640);
    parse("1793585640", 1793585640);
    bad_time("");
    bad_time("2026-13-02T09:14:00");
    bad_time("2026-02-30T09:14:00");
    bad_time("2026-11-02T25:14:00");
    bad_time("2026-11-02T09:14:00+7");
    bad_time("yesterday");
    char out[32];
    assert_string_equal(ts_format(1793585640, 420, out), "2026-11-02T09:14:00+07:00");
}

static void norm(const char *in, const char *want)
{
    char out[PHONE_MAX + 1];
    const char *why = NULL;
    assert_true(phone_normalize(in, strlen(in), out, &why) > 0);
    assert_string_equal(out, want);
}

static void phone_numbers_become_e164(void **state)
{
    (void)state;
    norm("0912345678", "84912345678");
    norm("+84 912 345 678", "84912345678");
    norm("0084-912-345-678", "84912345678");
    norm("84912345678", "84912345678");
    norm("(028) 3822 1234", "842838221234");
    char out[PHONE_MAX + 1];
    const char *why = NULL;
    assert_int_equal(phone_normalize("09x1", 4, out, &why), -1);
    assert_int_equal(phone_normalize("", 0, out, &why), -1);
    assert_int_equal(phone_classify("84912345678"), PHONE_VN_MOBILE);
    assert_int_equal(phone_classify("842838221234"), PHONE_VN_FIXED);
    assert_int_equal(phone_classify("84112345678"), PHONE_INVALID);
    assert_int_equal(phone_classify("33612345678"), PHONE_FOREIGN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_strings_are_escaped_and_valid),
        cmocka_unit_test(printf_grows_the_buffer),
        cmocka_unit_test(hmap_stores_replaces_and_iterates),
        cmocka_unit_test(arena_hands_out_aligned_memory),
        cmocka_unit_test(folding_removes_vietnamese_diacritics),
        cmocka_unit_test(timestamps_follow_the_contract),
        cmocka_unit_test(phone_numbers_become_e164),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
