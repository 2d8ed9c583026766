/* test_evidence.c: evidence files (limit, content addressing, verification,
 * custody), emergency stop orders and citizens' tips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cases/fixture.c"

#include "cases/alert.h"
#include "cases/case.h"
#include "cases/evidence.h"
#include "cases/stop.h"
#include "cases/tip.h"

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

static int64_t new_case(void)
{
    cg_err e;
    case_in in = {"telecom.bypass", "SIM box tại Cái Bè", NULL, "CBE", NULL};
    int64_t id = 0;
    assert_int_equal(case_create(F->s, &F->police, &in, &id, &e), 0);
    return id;
}

/* Files under dir, recursively. */
static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            n += count_files(p);
        else
            n++;
    }
    closedir(d);
    return n;
}

static void oversized_upload_leaves_nothing(void **state)
{
    (void)state;
    cg_err e;
    int64_t cid = new_case();
    evidence_writer *w;
    assert_int_equal(evidence_begin(F->s, &F->market, cid, "x.bin", NULL, 100, &w, &e), CG_EPERM);
    assert_int_equal(evidence_begin(F->s, &F->police, cid, "a/b", NULL, 100, &w, &e), CG_EINVAL);
    assert_int_equal(evidence_begin(F->s, &F->police, cid, "big.bin", NULL, 100, &w, &e), 0);
    char chunk[60];
    memset(chunk, 'x', sizeof chunk);
    assert_int_equal(evidence_write(w, chunk, sizeof chunk, &e), 0);
    assert_int_equal(evidence_write(w, chunk, sizeof chunk, &e), CG_ETOOBIG);
    assert_non_null(strstr(e.msg, "big.bin"));
    assert_int_equal(evidence_write(w, chunk, 1, &e), CG_ETOOBIG);
    assert_int_equal(evidence_commit(w, NULL, NULL, &e), CG_ETOOBIG);
    char dir[PATH_MAX + 32];
    snprintf(dir, sizeof dir, "%s", store_data_dir(F->s));
    assert_int_equal(count_files(dir), 0);
    buf b = BUF_INIT;
    assert_int_equal(case_get_json(F->s, &F->police, cid, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"evidence\":[]"));
    buf_free(&b);
}

static void evidence_hash_verifies_and_tampering_is_found(void **state)
{
    (void)state;
    cg_err e;
    int64_t cid = new_case();
    evidence_writer *w;
    assert_int_equal(evidence_begin(F->s, &F->police, cid, "bien-ban.txt", "text/plain", 0, &w, &e),
                     0);
    assert_int_equal(evidence_write(w, "abc", 3, &e), 0);
    int64_t id;
    char sha[65];
    assert_int_equal(evidence_commit(w, &id, sha, &e), 0);
    assert_string_equal(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* The same content again is stored once. */
    assert_int_equal(evidence_begin(F->s, &F->police, cid, "copy.txt", NULL, 0, &w, &e), 0);
    assert_int_equal(evidence_write(w, "ab", 2, &e), 0);
    assert_int_equal(evidence_write(w, "c", 1, &e), 0);
    int64_t id2;
    assert_int_equal(evidence_commit(w, &id2, NULL, &e), 0);
    char dir[PATH_MAX + 32];
    snprintf(dir, sizeof dir, "%s/sha256", store_data_dir(F->s));
    assert_int_equal(count_files(dir), 1);

    int intact = 0;
    assert_int_equal(evidence_verify(F->s, &F->police, id, &intact, &e), 0);
    assert_int_equal(intact, 1);
    evidence_file f;
    assert_int_equal(evidence_open(F->s, &F->customs, id, "view", &f, &e), CG_EPERM);
    assert_int_equal(evidence_open(F->s, &F->coord, id, "export", &f, &e), 0);
    assert_int_equal(f.size, 3);
    chmod(f.path, 0600);
    FILE *fp = fopen(f.path, "wb");
    assert_non_null(fp);
    fputs("abd", fp);
    fclose(fp);
    free(f.path);
    assert_int_equal(evidence_verify(F->s, &F->police, id, &intact, &e), 0);
    assert_int_equal(intact, 0);
    assert_non_null(strstr(e.msg, "altered"));
    buf b = BUF_INIT;
    assert_int_equal(evidence_get_json(F->s, &F->police, id, &b, &e), 0);
    const char *add = strstr(b.p, "\"action\":\"add\"");
    const char *exp = strstr(b.p, "\"action\":\"export\"");
    const char *ver = strstr(b.p, "\"action\":\"verify\",\"detail\":\"intact\"");
    assert_true(add && exp && ver && add < ver && ver < exp);
    assert_non_null(strstr(exp, "\"action\":\"verify\",\"detail\":\"its SHA-256"));
    buf_free(&b);
}

static void stop_orders_flow_and_overdue(void **state)
{
    (void)state;
    cg_err e;
    int64_t cid = new_case();
    stop_in in = {"VT", "service", "0912 000 111", "SIM dùng trong SIM box", cid, 1000};
    int64_t id;
    assert_int_equal(stop_order_create(F->s, &F->police, &in, &id, &e), CG_EPERM);
    in.org_code = "CA";
    assert_int_equal(stop_order_create(F->s, &F->coord, &in, &id, &e), CG_EINVAL);
    in.org_code = "VT";
    assert_int_equal(stop_order_create(F->s, &F->coord, &in, &id, &e), 0);
    buf b = BUF_INIT;
    assert_int_equal(stop_order_list_json(F->s, &F->telecom, NULL, 2000, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"target\":\"84912000111\""));
    assert_non_null(strstr(b.p, "\"overdue\":true"));
    buf_reset(&b);
    assert_int_equal(stop_order_list_json(F->s, &F->postal, NULL, 2000, &b, &e), 0);
    assert_null(strstr(b.p, "84912000111"));
    buf_reset(&b);
    stop_filter od = {.status = "overdue"};
    assert_int_equal(stop_order_list_json(F->s, &F->coord, &od, 2000, &b, &e), 0);
    assert_non_null(strstr(b.p, "84912000111"));
    assert_int_equal(stop_order_ack(F->s, &F->postal, id, &e), CG_EPERM);
    assert_int_equal(stop_order_ack(F->s, &F->police, id, &e), CG_EPERM);
    assert_int_equal(stop_order_done(F->s, &F->telecom, id, "", &e), CG_EINVAL);
    assert_int_equal(stop_order_ack(F->s, &F->telecom, id, &e), 0);
    assert_int_equal(stop_order_ack(F->s, &F->telecom, id, &e), CG_ECONFLICT);
    assert_int_equal(stop_order_done(F->s, &F->telecom, id, "Đã khóa SIM lúc 10:05", &e), 0);
    buf_reset(&b);
    assert_int_equal(stop_order_list_json(F->s, &F->police, NULL, 2000, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"status\":\"done\""));
    assert_non_null(strstr(b.p, "\"overdue\":false"));
    buf_reset(&b);
    assert_int_equal(case_get_json(F->s, &F->police, cid, &b, &e), 0);
    assert_non_null(strstr(b.p, "Đã khóa SIM"));
    /* The case page lists the stop orders given in the case. */
    const char *stops = strstr(b.p, "\"stops\":[{");
    assert_non_null(stops);
    assert_non_null(strstr(stops, "\"target\":\"84912000111\""));
    assert_non_null(strstr(stops, "\"report\":\"Đã khóa SIM lúc 10:05\""));
    buf_free(&b);
}

static void tips_get_a_code_and_show_status_only(void **state)
{
    (void)state;
    cg_err e;
    char code[TIP_CODE_LEN + 1], code2[TIP_CODE_LEN + 1];
    assert_int_equal(tip_create(F->s, "postal.drugs", "Có người gửi ma túy qua bưu điện",
                                "0909000000", code, &e),
                     0);
    assert_int_equal(strlen(code), TIP_CODE_LEN);
    assert_int_equal(tip_create(F->s, "other", "Nghi vấn lừa đảo", NULL, code2, &e), 0);
    assert_string_not_equal(code, code2);
    assert_int_equal(tip_create(F->s, "bogus", "x", NULL, code2, &e), CG_EINVAL);
    assert_int_equal(tip_create(F->s, "other", "  ", NULL, code2, &e), CG_EINVAL);
    buf b = BUF_INIT;
    assert_int_equal(tip_status_json(F->s, code, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"status\":\"received\""));
    assert_null(strstr(b.p, "ma túy"));
    assert_null(strstr(b.p, "0909000000"));
    /* The citizen attaches files: size-limited, a few at most. */
    evidence_writer *w;
    assert_int_equal(tip_attach_begin(F->s, "AAAAA-AAAAA-AAAAA-AAAAA", "a.jpg", NULL, 0, &w, &e),
                     CG_ENOTFOUND);
    assert_int_equal(tip_attach_begin(F->s, code, "big.jpg", "image/jpeg", 10, &w, &e), 0);
    assert_int_equal(evidence_write(w, "0123456789A", 11, &e), CG_ETOOBIG);
    evidence_abort(w);
    for (int i = 0; i < TIP_FILES; i++) {
        char name[32];
        snprintf(name, sizeof name, "anh-%d.jpg", i);
        assert_int_equal(tip_attach_begin(F->s, code, name, "image/jpeg", 0, &w, &e), 0);
        assert_int_equal(evidence_write(w, name, strlen(name), &e), 0);
        assert_int_equal(evidence_commit(w, NULL, NULL, &e), 0);
    }
    assert_int_equal(tip_attach_begin(F->s, code, "one-more.jpg", NULL, 0, &w, &e), 0);
    assert_int_equal(evidence_write(w, "x", 1, &e), 0);
    assert_int_equal(evidence_commit(w, NULL, NULL, &e), CG_ETOOBIG);

    /* Triage moves the status the citizen sees. */
    int64_t alert_id = 0;
    store_conn *c;
    assert_int_equal(store_acquire(F->s, &c, &e), 0);
    store_stmt *q = store_prep(c, "SELECT alert_id FROM tip WHERE code = ?", &e);
    store_bind_text(q, 1, code);
    assert_int_equal(store_step(q, &e), STORE_ROW);
    alert_id = store_col_i64(q, 0);
    store_release(c);
    int64_t case_id;
    assert_int_equal(alert_open_case(F->s, &F->coord, alert_id, "CA", &case_id, &e), 0);
    buf_reset(&b);
    assert_int_equal(tip_status_json(F->s, code, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"status\":\"in_progress\""));
    /* The tip's files are the case's evidence now, with their custody. */
    buf_reset(&b);
    assert_int_equal(case_get_json(F->s, &F->coord, case_id, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"name\":\"anh-0.jpg\""));
    assert_non_null(strstr(b.p, "\"name\":\"anh-4.jpg\""));
    assert_null(strstr(b.p, "big.jpg"));
    assert_int_equal(tip_attach_begin(F->s, code, "late.jpg", NULL, 0, &w, &e), 0);
    assert_int_equal(evidence_write(w, "late", 4, &e), 0);
    assert_int_equal(evidence_commit(w, NULL, NULL, &e), CG_ECONFLICT);
    assert_int_equal(tip_status_json(F->s, "AAAAA-AAAAA-AAAAA-AAAAA", &b, &e), CG_ENOTFOUND);
    assert_int_equal(tip_status_json(F->s, "x", &b, &e), CG_ENOTFOUND);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oversized_upload_leaves_nothing),
        cmocka_unit_test(evidence_hash_verifies_and_tampering_is_found),
        cmocka_unit_test(stop_orders_flow_and_overdue),
        cmocka_unit_test(tips_get_a_code_and_show_status_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
