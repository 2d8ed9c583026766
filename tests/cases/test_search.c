/* test_search.c: search across cases, alerts and subjects: accents and case
 * ignored, word prefixes, phone numbers in any form, each role's scope, the
 * index following edits, bad queries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cases/fixture.c"

#include "cases/alert.h"
#include "cases/case.h"
#include "cases/search.h"
#include "cases/subject.h"

static fixture *F;
static int64_t C_POLICE, C_MARKET;

static int setup(void **state)
{
    (void)state;
    F = fixture_new();
    cg_err e;
    case_in a = {"telecom.bypass", "Lừa đảo chiếm đoạt tài sản qua SIM rác",
                 "Đối tượng Nguyễn Văn Đông dùng thiết bị SIM box tại phường 5", "MTO", NULL};
    assert_int_equal(case_create(F->s, &F->police, &a, &C_POLICE, &e), 0);
    case_in b = {"postal.contraband", "Bưu kiện hàng giả gửi từ Cái Bè", "Thẻ cào lậu", "CBE",
                 NULL};
    assert_int_equal(case_create(F->s, &F->market, &b, &C_MARKET, &e), 0);
    assert_int_equal(
        subject_add(F->s, &F->police, C_POLICE, "phone", "0912 345 678", "Số của Đông", NULL, &e),
        0);
    assert_int_equal(
        subject_add(F->s, &F->market, C_MARKET, "name", "Trần Thị Đào", "Người gửi", NULL, &e), 0);
    alert_in al[] = {
        {"telecom.bypass", "telecom.scan", "CDR-2026-7781", 0.9, "Thuê bao gọi quốc tế bất thường",
         NULL, 0, "CA", "MTO"},
        {"postal.drugs", "postal.screen", "EMS-VN-0042", 0.8, "Bưu phẩm nghi chứa ma túy", NULL, 0,
         "BD", "CBE"},
    };
    size_t n;
    assert_int_equal(alert_ingest(F->s, al, 2, &n, &e), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_free(F);
    return 0;
}

static char *run(const actor *a, const char *q)
{
    cg_err e;
    buf b = BUF_INIT;
    int rc = search_json(F->s, a, q, 0, &b, &e);
    if (rc)
        fail_msg("search '%s': %s", q, e.msg);
    return buf_detach(&b, NULL);
}

/* Count of results in the group named g of answer r. */
static int count_in(const char *r, const char *g)
{
    char key[32];
    snprintf(key, sizeof key, "\"%s\":[", g);
    const char *p = strstr(r, key);
    assert_non_null(p);
    p += strlen(key);
    int n = 0, depth = 0;
    for (; *p && !(depth == 0 && *p == ']'); p++) {
        if (*p == '{' && depth++ == 0)
            n++;
        else if (*p == '}')
            depth--;
        else if (*p == '"')
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\')
                    p++;
    }
    return n;
}

static void accents_and_prefixes(void **state)
{
    (void)state;
    char *r = run(&F->coord, "lua dao");
    assert_int_equal(count_in(r, "cases"), 1);
    assert_non_null(strstr(r, "Lừa đảo chiếm đoạt"));
    assert_non_null(strstr(r, "\"query\":\"lua dao\""));
    free(r);
    r = run(&F->coord, "ĐÔNG");
    assert_int_equal(count_in(r, "cases"), 1);
    assert_int_equal(count_in(r, "subjects"), 1); /* the label names Đông */
    free(r);
    r = run(&F->coord, "dong");
    assert_int_equal(count_in(r, "subjects"), 1);
    free(r);
    r = run(&F->coord, "buu kien hang gia");
    assert_int_equal(count_in(r, "cases"), 1);
    assert_non_null(strstr(r, "Cái Bè"));
    free(r);
    r = run(&F->coord, "tran thi dao");
    assert_int_equal(count_in(r, "subjects"), 1);
    assert_non_null(strstr(r, "\"case_code\":\"VV-"));
    free(r);
    /* Prefixes of words, and the case code. */
    r = run(&F->coord, "chiếm đoạ");
    assert_int_equal(count_in(r, "cases"), 1);
    free(r);
    r = run(&F->coord, "chiê đoạt"); /* only the last word may be cut short */
    assert_int_equal(count_in(r, "cases"), 0);
    free(r);
    r = run(&F->coord, "VV-");
    assert_int_equal(count_in(r, "cases"), 2);
    free(r);
    /* A case code, whole or its start, in any case. */
    char code[32];
    snprintf(code, sizeof code, "vv-%s",
             strstr(r = run(&F->coord, "lua dao"), "\"code\":\"VV-") + 11);
    *strchr(code, '"') = 0;
    free(r);
    r = run(&F->coord, code);
    assert_int_equal(count_in(r, "cases"), 1);
    assert_non_null(strstr(r, "Lừa đảo"));
    free(r);
    code[7] = 0; /* "vv-2026" */
    r = run(&F->coord, code);
    assert_int_equal(count_in(r, "cases"), 2);
    free(r);
    r = run(&F->market, code); /* in scope only */
    assert_int_equal(count_in(r, "cases"), 1);
    free(r);
    /* Alerts by title and by source reference. */
    r = run(&F->coord, "CDR-2026-7781");
    assert_int_equal(count_in(r, "alerts"), 1);
    assert_non_null(strstr(r, "\"source_ref\":\"CDR-2026-7781\""));
    free(r);
    r = run(&F->coord, "ma tuy");
    assert_int_equal(count_in(r, "alerts"), 1);
    free(r);
    r = run(&F->coord, "không có gì như thế");
    assert_string_equal(r, "{\"query\":\"khong co gi nhu the\",\"cases\":[],\"alerts\":[],"
                           "\"subjects\":[]}");
    free(r);
}

static void phones(void **state)
{
    (void)state;
    const char *forms[] = {"0912 345 678", "+84912345678", "84912345678",
                           "0912.345.678", "0912",         "0084 912 345 678"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char *r = run(&F->coord, forms[i]);
        if (count_in(r, "subjects") != 1)
            fail_msg("'%s' did not find the number: %s", forms[i], r);
        assert_non_null(strstr(r, "\"value\":\"84912345678\""));
        free(r);
    }
}

static void scopes(void **state)
{
    (void)state;
    char *r = run(&F->market, "VV");
    assert_int_equal(count_in(r, "cases"), 1);
    assert_non_null(strstr(r, "Bưu kiện"));
    free(r);
    r = run(&F->market, "0912345678"); /* the police's subject */
    assert_int_equal(count_in(r, "subjects"), 0);
    free(r);
    r = run(&F->district_a, "VV"); /* Mỹ Tho sees its district's case */
    assert_int_equal(count_in(r, "cases"), 1);
    assert_non_null(strstr(r, "Lừa đảo"));
    free(r);
    r = run(&F->telecom, "VV"); /* an enterprise: no cases */
    assert_int_equal(count_in(r, "cases"), 0);
    free(r);
    r = run(&F->postal, "ma tuy"); /* its own alert */
    assert_int_equal(count_in(r, "alerts"), 1);
    free(r);
    r = run(&F->telecom, "ma tuy"); /* not its alert */
    assert_int_equal(count_in(r, "alerts"), 0);
    free(r);
    r = run(&F->police, "quoc te");
    assert_int_equal(count_in(r, "alerts"), 1);
    free(r);
    /* After a hand-over the new lead finds the case. */
    cg_err e;
    assert_int_equal(case_handover(F->s, &F->market, C_MARKET, "HQ", "Hải quan xử lý", &e), 0);
    r = run(&F->customs, "hang gia");
    assert_int_equal(count_in(r, "cases"), 1);
    free(r);
    actor nobody;
    memset(&nobody, 0, sizeof nobody);
    buf b = BUF_INIT;
    assert_int_equal(search_json(F->s, &nobody, "x", 0, &b, &e), CG_EPERM);
    buf_free(&b);
}

static void follows_edits(void **state)
{
    (void)state;
    cg_err e;
    assert_int_equal(
        case_update(F->s, &F->police, C_POLICE, "Trộm cước viễn thông quốc tế", NULL, &e), 0);
    char *r = run(&F->coord, "lua dao");
    assert_int_equal(count_in(r, "cases"), 0);
    free(r);
    r = run(&F->coord, "trom cuoc");
    assert_int_equal(count_in(r, "cases"), 1);
    free(r);
}

static void bad_queries(void **state)
{
    (void)state;
    cg_err e;
    buf b = BUF_INIT;
    const char *bad[] = {"", "  --- ", "\"*", "ab\xC3\x28"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(search_json(F->s, &F->coord, bad[i], 0, &b, &e), CG_EINVAL);
        assert_non_null(strstr(e.msg, "'q'"));
    }
    char big[300];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(search_json(F->s, &F->coord, big, 0, &b, &e), CG_EINVAL);
    assert_int_equal(b.len, 0);
    /* FTS syntax typed by a person is only text. */
    assert_int_equal(search_json(F->s, &F->coord, "lua OR NEAR(dao) AND -x \"", 0, &b, &e), 0);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accents_and_prefixes),
        cmocka_unit_test(phones),
        cmocka_unit_test(scopes),
        cmocka_unit_test(follows_edits),
        cmocka_unit_test(bad_queries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
