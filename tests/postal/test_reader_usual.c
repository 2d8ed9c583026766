/* test_reader_usual.c: the reader's shortcut for lines in the usual shape
 * (no white space, known fields, whole numbers) and its eight-digits-at-a-
 * time numbers give exactly what the general reader gives: the same item,
 * or the same error, on the usual line and on every way of leaving it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postal/item.h"

/* A line as the generator and acceptance systems write it. */
static const char *usual =
    "{\"item_id\":\"EE471108151FR\",\"service\":\"express\",\"direction\":\"import\","
    "\"accepted_at\":1793577601,\"office\":\"B\xc6\xb0u c\xe1\xbb\xa5"
    "c Nhung\",\"sender\":{\"name\":\"Tr\xe1\xba\xa7n Gia An\",\"id_number\":\"082160258768\","
    "\"phone\":\"0326195091\",\"address\":\"164 Hai B\xc3\xa0 Tr\xc6\xb0ng, "
    "Ph\xc6\xb0\xe1\xbb\x9dng "
    "3\",\"country\":\"VN\"},\"recipient\":{\"name\":\"D\xc6\xb0\xc6\xa1ng Gia Nam\",\"phone\":"
    "\"0911447200\",\"address\":\"13 L\xc3\xaa Du\xe1\xba\xa9n\",\"country\":\"VN\"},"
    "\"contents\":[{\"description\":\"\xc4\x90\xc3\xa8n ng\xe1\xbb\xa7 \xc4\x91\xe1\xbb\x83 "
    "b\xc3\xa0n\",\"quantity\":1,\"weight_g\":453,\"value_vnd\":292000,\"hs_code\":\"940520\"},"
    "{\"description\":\"S\xc3\xa1\x63h\",\"quantity\":12,\"weight_g\":1234567,\"value_vnd\":"
    "123456789012345,\"hs_code\":4901,\"origin_country\":\"CN\"}],\"weight_g\":534,"
    "\"declared_value_vnd\":292000,\"cod_vnd\":0,\"documents\":[{\"kind\":\"invoice\","
    "\"number\":\"0249151\"},{\"kind\":\"type_approval\",\"number\":118}]}";

static void same_str(post_str a, const char *la, post_str b, const char *lb)
{
    assert_int_equal(a.p == NULL, b.p == NULL);
    assert_int_equal(a.len, b.len);
    if (a.p) {
        assert_memory_equal(a.p, b.p, a.len);
        /* Both point at the same place of their own line. */
        assert_int_equal(a.p - la, b.p - lb);
    }
}

static void same_party(const post_party *a, const char *la, const post_party *b, const char *lb)
{
    same_str(a->name, la, b->name, lb);
    same_str(a->id_number, la, b->id_number, lb);
    same_str(a->phone, la, b->phone, lb);
    same_str(a->address, la, b->address, lb);
    same_str(a->country, la, b->country, lb);
}

static void same_num(double a, double b)
{
    assert_memory_equal(&a, &b, sizeof a);
}

/* Parse text with the shortcut on (its line check and quote bitmap `width`
 * bytes at a time) and with the general reader only: the same result,
 * message and item. Returns the result. */
static int one_width(const char *text, size_t n, int width)
{
    static char a[8192], b[8192];
    assert_true(n < sizeof a);
    post_parser *fast = post_parser_new(), *careful = post_parser_new();
    post_parser_set_width(fast, width);
    post_parser_set_fast(careful, 0);
    memcpy(a, text, n), a[n] = '\0';
    memcpy(b, text, n), b[n] = '\0';
    post_item x, y;
    cg_err ex = {0}, ey = {0};
    int rx = post_parse_line(fast, a, n, &x, &ex), ry = post_parse_line(careful, b, n, &y, &ey);
    assert_int_equal(rx, ry);
    assert_string_equal(ex.msg, ey.msg);
    if (rx == 0) {
        same_str(x.item_id, a, y.item_id, b);
        same_str(x.service, a, y.service, b);
        same_str(x.office, a, y.office, b);
        assert_int_equal(x.direction, y.direction);
        assert_int_equal(x.accepted_at, y.accepted_at);
        same_party(&x.sender, a, &y.sender, b);
        same_party(&x.recipient, a, &y.recipient, b);
        assert_int_equal(x.ncontents, y.ncontents);
        for (size_t i = 0; i < x.ncontents; i++) {
            const post_content *c = &x.contents[i], *d = &y.contents[i];
            same_str(c->description, a, d->description, b);
            same_str(c->hs_code, a, d->hs_code, b);
            same_str(c->origin_country, a, d->origin_country, b);
            assert_int_equal(c->has, d->has);
            same_num(c->quantity, d->quantity);
            same_num(c->weight_g, d->weight_g);
            same_num(c->value_vnd, d->value_vnd);
        }
        assert_int_equal(x.ndocs, y.ndocs);
        for (size_t i = 0; i < x.ndocs; i++) {
            same_str(x.docs[i].kind, a, y.docs[i].kind, b);
            same_str(x.docs[i].number, a, y.docs[i].number, b);
        }
        assert_int_equal(x.has, y.has);
        same_num(x.weight_g, y.weight_g);
        same_num(x.declared_value_vnd, y.declared_value_vnd);
        same_num(x.cod_vnd, y.cod_vnd);
        assert_int_equal(y.plain, 0);
    }
    post_parser_free(fast);
    post_parser_free(careful);
    return rx;
}

/* The same at each width the processor has (64, 32 and 16 bytes). */
static int both_ways(const char *text, size_t n)
{
    static int widths[3], nwidths = -1;
    if (nwidths < 0) {
        post_parser *probe = post_parser_new();
        static const int want[] = {64, 32, 16};
        nwidths = 0;
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
            if (post_parser_set_width(probe, want[i]) == want[i])
                widths[nwidths++] = want[i];
        post_parser_free(probe);
    }
    int rc = one_width(text, n, 0);
    for (int i = 0; i < nwidths; i++)
        assert_int_equal(one_width(text, n, widths[i]), rc);
    return rc;
}

static void test_usual_line(void **state)
{
    (void)state;
    static char line[4096];
    size_t n = strlen(usual);
    memcpy(line, usual, n + 1);
    post_parser *p = post_parser_new();
    post_item it;
    cg_err err = {0};
    assert_int_equal(post_parse_line(p, line, n, &it, &err), 0);
    assert_int_equal(it.plain, 1);
    assert_true(post_str_eq(it.item_id, "EE471108151FR"));
    assert_int_equal(it.direction, POST_IMPORT);
    assert_int_equal(it.accepted_at, 1793577601);
    assert_true(post_str_eq(it.sender.id_number, "082160258768"));
    assert_true(post_str_eq(it.recipient.phone, "0911447200"));
    assert_int_equal(it.ncontents, 2);
    assert_true(it.contents[0].weight_g == 453);
    assert_true(it.contents[1].weight_g == 1234567);
    assert_true(it.contents[1].value_vnd == 123456789012345.0);
    assert_true(post_str_eq(it.contents[1].hs_code, "4901"));
    assert_true(post_str_eq(it.contents[1].origin_country, "CN"));
    assert_int_equal(it.has, POST_HAS_WEIGHT | POST_HAS_VALUE | POST_HAS_COD);
    assert_true(it.cod_vnd == 0);
    assert_int_equal(it.ndocs, 2);
    assert_true(post_str_eq(it.docs[1].number, "118"));
    post_parser_free(p);
    assert_int_equal(both_ways(usual, n), 0);
}

/* Replace the first `from` in usual by `to` and compare both readers. */
static int variant(const char *from, const char *to)
{
    static char line[8192];
    const char *at = strstr(usual, from);
    assert_non_null(at);
    size_t pre = (size_t)(at - usual), fl = strlen(from), tl = strlen(to);
    memcpy(line, usual, pre);
    memcpy(line + pre, to, tl);
    strcpy(line + pre + tl, at + fl);
    return both_ways(line, strlen(line));
}

static void test_unusual_shapes(void **state)
{
    (void)state;
    /* Read by the general reader after the shortcut gives up; each gives
     * what it always gave. */
    static const char *ok[][2] = {
        {"\"service\":\"express\"", "\"service\" : \"express\""},
        {"\"service\":\"express\",", "\"service\":\"express\" ,"},
        {"\"service\":\"express\"", "\"service\":null"},
        {"\"service\":\"express\"", "\"unknown\":[1,{\"a\":null}]"},
        {"\"direction\":\"import\"", "\"direction\":\"IMPORT\""},
        {"\"direction\":\"import\"", "\"direction\":\"export\""},
        {"\"direction\":\"import\"", "\"direction\":\"domestic\""},
        {"\"accepted_at\":1793577601", "\"accepted_at\":\"2026-11-02T09:14:00+07:00\""},
        {"\"accepted_at\":1793577601", "\"accepted_at\":1793577601.0"},
        {"\"accepted_at\":1793577601", "\"accepted_at\":0"},
        {"\"weight_g\":534", "\"weight_g\":534.5"},
        {"\"weight_g\":534", "\"weight_g\":5.34e2"},
        {"\"weight_g\":534", "\"weight_g\":null"},
        {"\"weight_g\":534", "\"weight_g\":1234567890123456789"},
        {"\"weight_g\":534", "\"weight_g\":999999999999999"},
        {"\"weight_g\":534", "\"weight_g\":1000000000000000"},
        {"\"weight_g\":534", "\"weight_g\":0"},
        {"\"cod_vnd\":0", "\"cod_vnd\":0.0"},
        {"\"hs_code\":4901", "\"hs_code\":-4901"},
        {"\"hs_code\":4901", "\"hs_code\":49.01"},
        {"\"hs_code\":4901", "\"hs_code\":null"},
        {"\"number\":118", "\"number\":1.18e2"},
        {"\"country\":\"VN\"}", "\"country\":\"VN\",\"extra\":1}"},
        {"\"sender\":{", "\"sender\":{},\"x\":{"},
        {"\"contents\":[{", "\"contents\":[],\"c\":[{"},
        {"\"documents\":[{", "\"documents\":[],\"d\":[{"},
        {"\"documents\":[{", "\"documents\":null,\"d\":[{"},
        {"\"item_id\":\"EE471108151FR\",", "\"item_id\":\"EE471108151FR\",\"item_id\":\"X1\","},
        {"\"recipient\":{", "\"sender\":{\"name\":\"B\"},\"recipient\":{"},
        {"\"quantity\":1,", "\"quantity\":1,\"quantity\":2,"},
        {"\"documents\":[{\"kind\":\"invoice\",", "\"documents\":[{\"kind\":\"invoice\",\"x\":0,"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_int_equal(variant(ok[i][0], ok[i][1]), 0);
    /* Errors: the same message from both. */
    static const char *bad[][2] = {
        {"\"weight_g\":534", "\"weight_g\":0534"},
        {"\"weight_g\":534", "\"weight_g\":-534"},
        {"\"weight_g\":534", "\"weight_g\":534."},
        {"\"weight_g\":534", "\"weight_g\":\"534\""},
        {"\"accepted_at\":1793577601", "\"accepted_at\":99999999999999"},
        {"\"accepted_at\":1793577601", "\"accepted_at\":-1"},
        {"\"direction\":\"import\"", "\"direction\":\"sideways\""},
        {"\"direction\":\"import\"", "\"direction\":\"impor\""},
        {"\"item_id\":\"EE471108151FR\"", "\"item_id\":\"\""},
        {"\"item_id\":\"EE471108151FR\"", "\"item\":\"EE471108151FR\""},
        {"\"sender\":{", "\"sender\":[{"},
        {"\"phone\":\"0326195091\"", "\"phone\":326195091"},
        {"\"contents\":[{", "\"contents\":[7,{"},
        {"\"quantity\":1,", "\"quantity\":1,,"},
        {"\"description\":\"S", "\"description\":1,\"d\":\"S"},
        {"\"documents\":[{\"kind\":\"invoice\",", "\"documents\":[{\"kind\":invoice,"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_not_equal(variant(bad[i][0], bad[i][1]), 0);
    /* Missing each required field in turn; text after the item. */
    static const char *drop[] = {"\"item_id\":\"EE471108151FR\",", "\"direction\":\"import\",",
                                 "\"accepted_at\":1793577601,"};
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        assert_int_not_equal(variant(drop[i], ""), 0);
    assert_int_not_equal(variant("]}", "]} x"), 0);
    assert_int_equal(variant("]}", "]} "), 0);
}

/* Whole numbers of every length, where 16 bytes follow (read eight digits
 * at a time) and at the very end of the line (one at a time). */
static void test_numbers(void **state)
{
    (void)state;
    char digits[32], line[512];
    for (int len = 1; len <= 20; len++) {
        for (int lead = 0; lead < 3; lead++) {
            for (int i = 0; i < len; i++)
                digits[i] = (char)('0' + (i == 0 ? (lead == 0   ? 0
                                                    : lead == 1 ? 9
                                                                : 1)
                                                 : (7 * i + len) % 10));
            digits[len] = '\0';
            for (int end = 0; end < 2; end++) {
                snprintf(line, sizeof line,
                         "{\"item_id\":\"A1\",\"direction\":\"domestic\",\"accepted_at\":1,"
                         "\"sender\":{},\"recipient\":{},\"contents\":[]%s%s%s",
                         end ? ",\"weight_g\":" : ",\"weight_g\":", digits,
                         end ? "}" : ",\"declared_value_vnd\":1,\"office\":\"xxxxxxxx\"}");
                int rc = both_ways(line, strlen(line));
                /* A leading zero before more digits is not JSON. */
                assert_int_equal(rc != 0, lead == 0 && len > 1);
                if (rc == 0) {
                    static char copy[512];
                    strcpy(copy, line);
                    post_parser *p = post_parser_new();
                    post_item it;
                    cg_err err = {0};
                    assert_int_equal(post_parse_line(p, copy, strlen(copy), &it, &err), 0);
                    assert_true(it.weight_g == strtod(digits, NULL));
                    post_parser_free(p);
                }
            }
        }
    }
}

/* Every byte of the usual line changed in turn, and the line cut at every
 * length: both readers agree. */
static void test_every_byte(void **state)
{
    (void)state;
    size_t n = strlen(usual);
    static char line[4096];
    static const char repl[] = {'"', ',', ':', '{', '}', '[', ']', ' ', '0', '9', 'n', '.', 'e'};
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof repl; k++) {
            memcpy(line, usual, n);
            line[i] = repl[k];
            both_ways(line, n);
        }
    for (size_t i = 0; i <= n; i++)
        both_ways(usual, i);
}

/* A plain item with characters outside ASCII (not in the usual shape:
 * it has a string date): every byte broken in turn (a stray continuation
 * byte, a lead byte cut short, a control character, a backslash, a
 * quote), wherever the vector blocks fall, and every cut length. */
static void test_plain_every_byte(void **state)
{
    (void)state;
    static const char plain[] =
        "{\"item_id\":\"EE471108151FR\",\"direction\":\"import\","
        "\"accepted_at\":\"2026-11-02T09:14:00+07:00\","
        "\"service\":\"EMS\",\"office\":\"B\xc6\xb0u c\xe1\xbb\xa5"
        "c M\xe1\xbb\xb9 Tho\",\"sender\":{\"name\":\"Nguy\xe1\xbb\x85n V\xc4\x83n A\","
        "\"phone\":\"0912345678\"},\"recipient\":{\"name\":\"\xc4\x90\xe1\xbb\x97 B\","
        "\"address\":\"12 L\xc3\xaa L\xe1\xbb\xa3i\"},\"contents\":[{\"description\":"
        "\"\xc3\x81o thun nam \xf0\x9f\x98\x80 v\xc3\xa0 qu\xe1\xba\xa7n\",\"quantity\":3}]}";
    static const char bad[] = {'\x80', '\xc3', '\xe1', '\xf0', '\x01', '\t', '\\', '"', '\xff'};
    size_t n = strlen(plain);
    static char line[1024];
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof bad; k++) {
            memcpy(line, plain, n);
            line[i] = bad[k];
            both_ways(line, n);
        }
    for (size_t i = 0; i <= n; i++)
        both_ways(plain, i);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usual_line),
        cmocka_unit_test(test_unusual_shapes),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_every_byte),
        cmocka_unit_test(test_plain_every_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
