/* test_item.c: the postal-jsonl reader and the identifier checks: fields,
 * escapes, unknown fields, and the messages for broken lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/phone.h"
#include "postal/ident.h"
#include "postal/item.h"

#define ITEM_HEAD                                                                                  \
    "{\"item_id\":\"EE471108151FR\",\"direction\":\"import\","                                     \
    "\"accepted_at\":\"2026-11-02T09:14:00+07:00\","

static const char *good =
    ITEM_HEAD "\"service\":\"EMS\",\"office\":\"B\\u01b0u c\\u1ee5c M\\u1ef9 Tho\","
              "\"sender\":{\"name\":\"Nguy\xe1\xbb\x85n V\xc4\x83n A\",\"id_number\":"
              "\"082095001234\",\"phone\":\"0912345678\",\"extra\":[1,2,{\"x\":null}]},"
              "\"recipient\":{\"name\":\"B\",\"country\":\"VN\"},"
              "\"contents\":[{\"description\":\"\xc3\x81o thun \\\"nam\\\" \\ud83d\\ude00\","
              "\"quantity\":3,\"weight_g\":600.5,\"value_vnd\":4.5e5}],"
              "\"weight_g\":650,\"declared_value_vnd\":450000,\"cod_vnd\":null,"
              "\"documents\":[{\"kind\":\"invoice\",\"number\":\"0001234\"}],"
              "\"unknown\":{\"deep\":[true,false,-0.5e-3,\"s\"]}}";

static int parse(const char *text, post_item *it, cg_err *err, post_parser *p)
{
    static char line[4096];
    size_t n = strlen(text);
    memcpy(line, text, n + 1);
    return post_parse_line(p, line, n, it, err);
}

static void test_good_item(void **state)
{
    (void)state;
    post_parser *p = post_parser_new();
    post_item it;
    cg_err err = {0};
    assert_int_equal(parse(good, &it, &err, p), 0);
    assert_true(post_str_eq(it.item_id, "EE471108151FR"));
    assert_int_equal(it.direction, POST_IMPORT);
    assert_int_equal(it.accepted_at, 1793585640);
    assert_true(post_str_eq(it.office, "B\xc6\xb0u c\xe1\xbb\xa5"
                                       "c M\xe1\xbb\xb9 Tho"));
    assert_true(post_str_eq(it.sender.id_number, "082095001234"));
    assert_true(post_str_eq(it.recipient.country, "VN"));
    assert_int_equal(it.ncontents, 1);
    assert_true(post_str_eq(it.contents[0].description, "\xc3\x81o thun \"nam\" \xf0\x9f\x98\x80"));
    assert_true(it.contents[0].weight_g == 600.5);
    assert_true(it.contents[0].value_vnd == 450000);
    assert_int_equal(it.contents[0].has, POST_HAS_QTY | POST_HAS_WEIGHT | POST_HAS_VALUE);
    assert_int_equal(it.has, POST_HAS_WEIGHT | POST_HAS_VALUE);
    assert_int_equal(it.ndocs, 1);
    assert_true(post_str_eq(it.docs[0].kind, "invoice"));
    /* Epoch seconds are a time too. */
    assert_int_equal(parse("{\"item_id\":\"X1\",\"direction\":\"domestic\",\"accepted_at\":"
                           "1793585640,\"sender\":{},\"recipient\":{},\"contents\":[]}",
                           &it, &err, p),
                     0);
    assert_int_equal(it.accepted_at, 1793585640);
    post_parser_free(p);
}

static void expect_error(post_parser *p, const char *text, const char *needle)
{
    post_item it;
    cg_err err = {0};
    int rc = parse(text, &it, &err, p);
    if (rc != CG_EINVAL || !strstr(err.msg, needle))
        fail_msg("for %s\nexpected an error with \"%s\", got rc %d \"%s\"", text, needle, rc,
                 err.msg);
}

#define BODY "\"sender\":{},\"recipient\":{},\"contents\":[]"

static void test_errors(void **state)
{
    (void)state;
    post_parser *p = post_parser_new();
    expect_error(p, "", "expected an object");
    expect_error(p, "[1,2]", "expected an object");
    expect_error(p, "{\"item_id\":\"A\"", "expected ','");
    expect_error(p, ITEM_HEAD BODY "} x", "text after");
    expect_error(p, ITEM_HEAD BODY ",}", "expected a field name");
    expect_error(p, "{\"direction\":\"domestic\",\"accepted_at\":1," BODY "}",
                 "missing required field 'item_id'");
    expect_error(p, "{\"item_id\":\"A\",\"accepted_at\":1," BODY "}",
                 "missing required field 'direction'");
    expect_error(p, "{\"item_id\":\"A\",\"direction\":\"domestic\"," BODY "}",
                 "missing required field 'accepted_at'");
    expect_error(p, ITEM_HEAD "\"recipient\":{},\"contents\":[]}",
                 "missing required field 'sender'");
    expect_error(p, ITEM_HEAD "\"sender\":{},\"recipient\":{}}",
                 "missing required field 'contents'");
    expect_error(p, "{\"item_id\":\"A\",\"direction\":\"sideways\",\"accepted_at\":1," BODY "}",
                 "'sideways' is not domestic");
    expect_error(
        p, "{\"item_id\":\"A\",\"direction\":\"export\",\"accepted_at\":\"2026-13-45\"," BODY "}",
        "field 'accepted_at'");
    expect_error(p, ITEM_HEAD BODY ",\"weight_g\":\"650\"}",
                 "field 'weight_g': expected a number, got a string");
    expect_error(p, ITEM_HEAD BODY ",\"weight_g\":-1}", "field 'weight_g': must not be negative");
    expect_error(p, ITEM_HEAD "\"sender\":{\"phone\":912345678},\"recipient\":{},\"contents\":[]}",
                 "field 'sender.phone': expected a string, got a number");
    expect_error(p, ITEM_HEAD "\"sender\":\"me\",\"recipient\":{},\"contents\":[]}",
                 "field 'sender': expected an object");
    expect_error(p, ITEM_HEAD "\"sender\":{},\"recipient\":{},\"contents\":{}}",
                 "field 'contents': expected an array");
    expect_error(p, ITEM_HEAD "\"sender\":{},\"recipient\":{},\"contents\":[{\"description\":1}]}",
                 "field 'contents[0].description': expected a string");
    expect_error(p, ITEM_HEAD "\"sender\":{},\"recipient\":{},\"contents\":[{},3]}",
                 "field 'contents[1]': expected an object");
    expect_error(p, ITEM_HEAD BODY ",\"office\":\"a\xff\"}", "field 'office': invalid UTF-8");
    expect_error(p, ITEM_HEAD BODY ",\"office\":\"a\\ud800\"}", "unpaired high surrogate");
    expect_error(p, ITEM_HEAD BODY ",\"office\":\"a\\udc00\"}", "lone low surrogate");
    expect_error(p, ITEM_HEAD BODY ",\"office\":\"a\\q\"}", "bad escape");
    expect_error(p, ITEM_HEAD BODY ",\"office\":\"a\tb\"}", "control character");
    expect_error(p, ITEM_HEAD BODY ",\"x\":01}", "expected ','");
    expect_error(p, ITEM_HEAD BODY ",\"x\":1.}", "bad number");
    expect_error(p, ITEM_HEAD BODY ",\"x\":tru}", "invalid JSON value");
    expect_error(p, ITEM_HEAD BODY ",\"x\":\"abc}", "unterminated string");
    char deep[400];
    strcpy(deep, ITEM_HEAD BODY ",\"x\":");
    for (int i = 0; i < 70; i++)
        strcat(deep, "[");
    expect_error(p, deep, "nesting deeper");
    post_parser_free(p);
}

/* A plain item (no escape, no control character): the fast path reads it. */
static const char *plain =
    ITEM_HEAD "\"service\":\"EMS\",\"office\":\"B\xc6\xb0u c\xe1\xbb\xa5"
              "c M\xe1\xbb\xb9 Tho\",\"sender\":{\"name\":\"Nguy\xe1\xbb\x85n V\xc4\x83n A\","
              "\"phone\":\"0912345678\"},\"recipient\":{\"name\":\"\xc4\x90\xe1\xbb\x97 B\","
              "\"address\":\"12 L\xc3\xaa L\xe1\xbb\xa3i\"},\"contents\":[{\"description\":"
              "\"\xc3\x81o thun nam \xf0\x9f\x98\x80 v\xc3\xa0 qu\xe1\xba\xa7n\",\"quantity\":3}]}";

static void test_fast_path(void **state)
{
    (void)state;
    post_parser *p = post_parser_new();
    post_item it;
    cg_err err = {0};
    assert_int_equal(parse(plain, &it, &err, p), 0);
    assert_true(post_str_eq(it.recipient.address, "12 L\xc3\xaa L\xe1\xbb\xa3i"));
    assert_true(post_str_eq(it.contents[0].description,
                            "\xc3\x81o thun nam \xf0\x9f\x98\x80 v\xc3\xa0 qu\xe1\xba\xa7n"));
    post_parser_free(p);
    /* Both readers agree on this line broken every way:
     * test_reader_usual.c, test_plain_every_byte. */
}

/* The shortcut for national mobile numbers gives what core gives, on every
 * mobile prefix and on random strings of digits and separators. */
static void test_phone_shortcut(void **state)
{
    (void)state;
    static const char alphabet[] = "0000111223456789+ -.()x";
    unsigned seed = 12345;
    char s[20], a[PHONE_MAX + 1], b[PHONE_MAX + 1];
    for (int round = 0; round < 200000; round++) {
        size_t len;
        if (round < 100) {
            /* 0, then every two-digit prefix, then seven digits. */
            snprintf(s, sizeof s, "0%02d1234567", round);
            len = 10;
        } else {
            seed = seed * 1103515245u + 12345u;
            len = (seed >> 16) % 15;
            for (size_t i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                /* Mostly digits, and a leading 0 often. */
                s[i] = i == 0 && (seed >> 20) % 2 ? '0'
                       : (seed >> 24) % 4         ? (char)('0' + (seed >> 16) % 10)
                                                  : alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            }
        }
        s[len] = '\0';
        const char *wa = NULL, *wb = NULL;
        memset(a, 'z', sizeof a), memset(b, 'z', sizeof b);
        int ra = post_phone_normalize(s, len, a, &wa), rb = phone_normalize(s, len, b, &wb);
        assert_int_equal(ra, rb);
        if (ra < 0) {
            assert_ptr_equal(wa, wb);
            continue;
        }
        assert_string_equal(a, b);
        assert_int_equal(post_phone_classify(a, strlen(a)), phone_classify(b));
    }
}

static void test_s10(void **state)
{
    (void)state;
    assert_true(post_s10_valid("EE471108151FR", 13));
    assert_true(post_s10_valid("EB000717595HK", 13));
    assert_true(post_s10_valid("RR072705659PL", 13));
    assert_false(post_s10_valid("EB000717594HK", 13));
    assert_false(post_s10_valid("JB000717595HK", 13)); /* reserved first letter */
    assert_false(post_s10_valid("EB000717595XX", 13)); /* not a country */
    assert_false(post_s10_valid("EB00071759HK", 12));
    assert_int_equal(post_s10_check_digit("47110815"), 1);
    /* Remainder 0 gives 5 and remainder 1 gives 0. */
    assert_int_equal(post_s10_check_digit("00000000"), 5);
    assert_int_equal(post_s10_check_digit("00000001"), 4);
    assert_true(post_code_match("AAA*", "GHNX12", 6));
    assert_true(post_code_match("99999999999", "12345678901", 11));
    assert_false(post_code_match("99999999999", "1234567890A", 11));
    assert_true(post_code_match("S9*.A*", "S123.SG01", 9));
}

static void test_citizen_id(void **state)
{
    (void)state;
    const char *why;
    assert_int_equal(post_id_check("082095001234", 12, 2026, &why), POST_ID_CITIZEN);
    assert_int_equal(post_id_check("079301001234", 12, 2026, &why), POST_ID_CITIZEN);
    assert_int_equal(post_id_check("003095001234", 12, 2026, &why), POST_ID_IMPOSSIBLE);
    assert_non_null(strstr(why, "mã tỉnh"));
    assert_int_equal(post_id_check("001230001234", 12, 2026, &why), POST_ID_IMPOSSIBLE);
    assert_non_null(strstr(why, "năm sinh"));
    assert_int_equal(post_id_check("001499001234", 12, 2026, &why), POST_ID_IMPOSSIBLE);
    assert_int_equal(post_id_check("123456789", 9, 2026, &why), POST_ID_OLD_CARD);
    assert_int_equal(post_id_check("C1234567", 8, 2026, &why), POST_ID_PASSPORT);
    assert_int_equal(post_id_check("12ab", 4, 2026, &why), POST_ID_IMPOSSIBLE);
    assert_string_equal(post_province_name(96), "Cà Mau");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_item), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_fast_path), cmocka_unit_test(test_phone_shortcut),
        cmocka_unit_test(test_s10),       cmocka_unit_test(test_citizen_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
