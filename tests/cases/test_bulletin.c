/* test_bulletin.c: bulletins on criminals' methods: drafts, publication,
 * withdrawal, who sees which, validation, audit entries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cases/fixture.c"

#include "cases/audit.h"
#include "cases/bulletin.h"

static fixture *F;

static int setup(void **state)
{
    (void)state;
    F = fixture_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_free(F);
    return 0;
}

static int64_t mkb(const char *title, const char *audience)
{
    cg_err e;
    bulletin_in in = {title,
                      "Đối tượng giả danh nhân viên nhà mạng gọi điện yêu cầu nâng cấp SIM 4G.",
                      "telecom.bypass, it.attack", audience};
    int64_t id;
    assert_int_equal(bulletin_create(F->s, &F->coord, &in, &id, &e), 0);
    return id;
}

static char *list(const actor *a, const bulletin_filter *f)
{
    cg_err e;
    buf b = BUF_INIT;
    assert_int_equal(bulletin_list_json(F->s, a, f, &b, &e), 0);
    return buf_detach(&b, NULL);
}

static void lifecycle_and_visibility(void **state)
{
    (void)state;
    cg_err e;
    int64_t pub = mkb("Thủ đoạn nâng cấp SIM 4G", "public");
    int64_t ent = mkb("Bưu kiện chứa ma túy gửi qua nhiều điểm", "enterprises");
    /* Drafts: seen by coordinators only. */
    buf b = BUF_INIT;
    assert_int_equal(bulletin_get_json(F->s, &F->coord, pub, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"status\":\"draft\""));
    assert_non_null(strstr(b.p, "\"violations\":[\"telecom.bypass\",\"it.attack\"]"));
    assert_non_null(strstr(b.p, "\"author\":{\"id\":"));
    buf_reset(&b);
    assert_int_equal(bulletin_get_json(F->s, &F->telecom, pub, &b, &e), CG_ENOTFOUND);
    assert_int_equal(bulletin_get_json(F->s, NULL, pub, &b, &e), CG_ENOTFOUND);
    char *l = list(NULL, NULL);
    assert_string_equal(l, "{\"items\":[],\"next\":null}");
    free(l);

    assert_int_equal(bulletin_publish(F->s, &F->coord, pub, &e), 0);
    assert_int_equal(bulletin_publish(F->s, &F->coord, ent, &e), 0);
    assert_int_equal(bulletin_publish(F->s, &F->coord, ent, &e), CG_ECONFLICT);
    /* The public reads the public one, without the author's name. */
    buf_reset(&b);
    assert_int_equal(bulletin_get_json(F->s, NULL, pub, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"author\":null"));
    assert_int_equal(bulletin_get_json(F->s, NULL, ent, &b, &e), CG_ENOTFOUND);
    l = list(NULL, NULL);
    assert_non_null(strstr(l, "Thủ đoạn nâng cấp SIM 4G"));
    assert_null(strstr(l, "Bưu kiện"));
    free(l);
    bulletin_filter fe = {.audience = "enterprises"};
    l = list(NULL, &fe);
    assert_string_equal(l, "{\"items\":[],\"next\":null}");
    free(l);
    /* An enterprise sees both, newest first. */
    l = list(&F->postal, NULL);
    char *p1 = strstr(l, "Bưu kiện"), *p2 = strstr(l, "SIM 4G");
    assert_true(p1 && p2 && p1 < p2);
    assert_non_null(strstr(l, "\"excerpt\":\"Đối tượng giả danh"));
    free(l);
    buf_reset(&b);
    assert_int_equal(bulletin_get_json(F->s, &F->postal, ent, &b, &e), 0);

    /* Withdrawn: gone for everyone but the department; edit, publish again. */
    assert_int_equal(bulletin_withdraw(F->s, &F->coord, ent, "", &e), CG_EINVAL);
    assert_non_null(strstr(e.msg, "reason"));
    bulletin_in in = {"Bưu kiện chứa ma túy (cập nhật)", "Nội dung mới", "", "enterprises"};
    assert_int_equal(bulletin_update(F->s, &F->coord, ent, &in, &e), CG_ECONFLICT);
    assert_int_equal(bulletin_withdraw(F->s, &F->coord, ent, "Sai thông tin", &e), 0);
    assert_int_equal(bulletin_withdraw(F->s, &F->coord, ent, "Lần nữa", &e), CG_ECONFLICT);
    assert_int_equal(bulletin_get_json(F->s, &F->postal, ent, &b, &e), CG_ENOTFOUND);
    bulletin_filter fw = {.status = "withdrawn"};
    l = list(&F->coord, &fw);
    assert_non_null(strstr(l, "Bưu kiện chứa ma túy"));
    free(l);
    l = list(&F->postal, &fw); /* others only ever see published ones */
    assert_null(strstr(l, "Bưu kiện"));
    free(l);
    assert_int_equal(bulletin_update(F->s, &F->coord, ent, &in, &e), 0);
    assert_int_equal(bulletin_publish(F->s, &F->coord, ent, &e), 0);
    buf_reset(&b);
    assert_int_equal(bulletin_get_json(F->s, &F->postal, ent, &b, &e), 0);
    assert_non_null(strstr(b.p, "(cập nhật)"));
    assert_non_null(strstr(b.p, "\"violations\":[]"));
    buf_free(&b);

    /* Every change is in the audit log, and the chain holds. */
    buf au = BUF_INIT;
    assert_int_equal(audit_list_json(F->s, &F->coord, AUDIT_CHANGES, 0, 50, &au, &e), 0);
    assert_non_null(strstr(au.p, "\"action\":\"bulletin.withdraw\""));
    assert_non_null(strstr(au.p, "Sai thông tin"));
    assert_non_null(strstr(au.p, "\"action\":\"bulletin.update\""));
    assert_non_null(strstr(au.p, "\"action\":\"bulletin.publish\""));
    buf_free(&au);
    assert_int_equal(audit_verify(F->s, AUDIT_CHANGES, NULL, NULL, &e), 0);
    assert_int_equal(bulletin_get_json(F->s, &F->coord, 999999, &b, &e), CG_ENOTFOUND);
}

static void only_coordinators_write(void **state)
{
    (void)state;
    cg_err e;
    bulletin_in in = {"Tiêu đề", "Nội dung", NULL, "public"};
    const actor *others[] = {&F->admin,      &F->police,  &F->market,
                             &F->district_a, &F->telecom, &F->police_viewer};
    int64_t id = mkb("Bản tin", "public");
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        assert_int_equal(bulletin_create(F->s, others[i], &in, NULL, &e), CG_EPERM);
        assert_int_equal(bulletin_publish(F->s, others[i], id, &e), CG_EPERM);
        assert_int_equal(bulletin_withdraw(F->s, others[i], id, "x", &e), CG_EPERM);
        assert_int_equal(bulletin_update(F->s, others[i], id, &in, &e), CG_EPERM);
    }
    assert_int_equal(bulletin_create(F->s, NULL, &in, NULL, &e), CG_EPERM);
    assert_int_equal(bulletin_publish(F->s, &F->coord, 424242, &e), CG_ENOTFOUND);
}

static void validation(void **state)
{
    (void)state;
    cg_err e;
    struct {
        bulletin_in in;
        const char *field;
    } bad[] = {
        {{"", "Nội dung", NULL, "public"}, "'title'"},
        {{"Tiêu đề", " ", NULL, "public"}, "'body'"},
        {{"Tiêu đề", "Nội dung", NULL, "everyone"}, "'audience'"},
        {{"Tiêu đề", "Nội dung", NULL, NULL}, "'audience'"},
        {{"Tiêu đề", "Nội dung", "telecom.bypass,fraud.unknown", "public"}, "fraud.unknown"},
        {{"Ti\xC3\x28", "Nội dung", NULL, "public"}, "'title'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(bulletin_create(F->s, &F->coord, &bad[i].in, NULL, &e), CG_EINVAL);
        assert_non_null(strstr(e.msg, bad[i].field));
    }
    char big[400];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    bulletin_in in = {big, "x", NULL, "public"};
    assert_int_equal(bulletin_create(F->s, &F->coord, &in, NULL, &e), CG_EINVAL);
    buf b = BUF_INIT;
    bulletin_filter f = {.status = "gone"};
    assert_int_equal(bulletin_list_json(F->s, &F->coord, &f, &b, &e), CG_EINVAL);
    buf_free(&b);
    /* Duplicate codes are kept once. */
    bulletin_in dup = {"Trùng mã", "x", "it.attack,it.attack", "public"};
    int64_t id;
    assert_int_equal(bulletin_create(F->s, &F->coord, &dup, &id, &e), 0);
    buf_init(&b);
    assert_int_equal(bulletin_get_json(F->s, &F->coord, id, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"violations\":[\"it.attack\"]"));
    buf_free(&b);
}

static void pages(void **state)
{
    (void)state;
    cg_err e;
    for (int i = 0; i < 5; i++)
        assert_int_equal(bulletin_publish(F->s, &F->coord, mkb("Trang", "public"), &e), 0);
    bulletin_filter f = {.limit = 2};
    int seen = 0;
    for (int round = 0; round < 20; round++) {
        buf b = BUF_INIT;
        assert_int_equal(bulletin_list_json(F->s, NULL, &f, &b, &e), 0);
        for (const char *p = b.p; (p = strstr(p, "\"id\":")); p++)
            seen++;
        const char *n = strstr(b.p, "\"next\":");
        long long next = 0;
        int more = n && sscanf(n, "\"next\":%lld", &next) == 1;
        buf_free(&b);
        if (!more)
            break;
        f.before = next;
    }
    /* Every published public bulletin, each once: 5 here plus the first test's. */
    assert_int_equal(seen, 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lifecycle_and_visibility),
        cmocka_unit_test(only_coordinators_write),
        cmocka_unit_test(validation),
        cmocka_unit_test(pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
