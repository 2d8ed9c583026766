/* test_platform.c: the store and the case platform library: migrations,
 * logins and tokens, alert ingest and triage, cases, access, audit chain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cases/fixture.c"

#include "cases/access.h"
#include "cases/alert.h"
#include "cases/audit.h"
#include "cases/auth.h"
#include "cases/case.h"
#include "cases/subject.h"

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

/* The whole matrix of what each role may do before any object is looked at;
 * the object-level rules are tested below, case by case. */
static void role_matrix(void **state)
{
    (void)state;
    static const struct {
        org_role role;
        const char *allowed; /* one letter per access_action, in enum order */
    } rows[] = {
        /*                  O A C R T S N P */
        {ROLE_ADMIN, "yy------"},        {ROLE_COORDINATOR, "-yyyyy-y"},
        {ROLE_INVESTIGATOR, "--yyy---"}, {ROLE_INSPECTOR, "--yyy---"},
        {ROLE_REPORTER, "---y--y-"},     {ROLE_VIEWER, "--------"},
        {ROLE_NONE, "--------"},
    };
    for (size_t r = 0; r < CG_ARRAY_LEN(rows); r++) {
        actor a = actor_system();
        a.user_id = 42;
        a.role = rows[r].role;
        for (int act = ACT_ORG_ADMIN; act <= ACT_CASE_PROVINCE; act++) {
            int want = rows[r].allowed[act - ACT_ORG_ADMIN] == 'y';
            if (access_role_may(&a, (access_action)act) != want)
                fail_msg("role %s, action %d: want %d", org_role_name(rows[r].role), act, want);
        }
    }
    actor sys = actor_system();
    assert_true(access_role_may(&sys, ACT_ORG_ADMIN));
    assert_false(access_role_may(NULL, ACT_ALERT_CREATE));
}

static void store_reopens_at_the_same_version(void **state)
{
    (void)state;
    int v = store_schema_version(F->s);
    assert_true(v >= 1);
    fixture_reopen(F);
    assert_int_equal(store_schema_version(F->s), v);
    cg_err e;
    assert_int_equal(store_integrity_check(F->s, &e), 0);
    assert_int_equal(store_ping(F->s, &e), 0);
}

static void store_open_names_a_file_it_cannot_use(void **state)
{
    (void)state;
    store *s = NULL;
    cg_err e;
    int rc = store_open("/nonexistent-dir/x/store.db", &s, &e);
    assert_int_equal(rc, CG_EUNAVAIL);
    assert_null(s);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/x/store.db"));
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/not-a-db", F->dir);
    FILE *fp = fopen(path, "w");
    fputs("this is not a database, just text that is long enough to matter...........", fp);
    fclose(fp);
    rc = store_open(path, &s, &e);
    assert_int_equal(rc, CG_EUNAVAIL);
    assert_null(s);
}

static void login_token_and_backoff(void **state)
{
    (void)state;
    cg_err e;
    char tok[AUTH_TOKEN_LEN + 1];
    actor who;
    int64_t retry = 0, now = 1800000000;
    assert_int_equal(
        auth_login(F->s, "police", "correct horse battery", now, tok, &who, &retry, &e), 0);
    assert_int_equal(strlen(tok), AUTH_TOKEN_LEN);
    assert_int_equal(who.user_id, F->police.user_id);
    assert_int_equal(who.role, ROLE_INVESTIGATOR);
    actor back;
    assert_int_equal(auth_token_lookup(F->s, tok, now + 10, &back, &e), 0);
    assert_int_equal(back.org_id, F->police.org_id);
    assert_int_equal(back.org_kind, ORG_POLICE);
    /* Expired, then revoked. */
    assert_int_equal(auth_token_lookup(F->s, tok, now + AUTH_SESSION_TTL + 1, &back, &e), CG_EAUTH);
    assert_int_equal(auth_token_revoke(F->s, tok, now + 20, &e), 0);
    assert_int_equal(auth_token_lookup(F->s, tok, now + 30, &back, &e), CG_EAUTH);
    assert_int_equal(auth_token_lookup(F->s, "cg_nonsense", now, &back, &e), CG_EAUTH);

    /* Unknown login and wrong password say the same thing. */
    cg_err e1, e2;
    assert_int_equal(auth_login(F->s, "nobody", "whatever-password", now, tok, NULL, &retry, &e1),
                     CG_EAUTH);
    assert_int_equal(auth_login(F->s, "market", "wrong-password", now, tok, NULL, &retry, &e2),
                     CG_EAUTH);
    assert_string_equal(e1.msg, e2.msg);
    /* After the free failures, the right password is refused until the lock
     * runs out. */
    for (int i = 1; i < AUTH_FREE_FAILURES; i++)
        assert_int_equal(auth_login(F->s, "market", "wrong-password", now, tok, NULL, &retry, &e),
                         CG_EAUTH);
    assert_int_equal(
        auth_login(F->s, "market", "correct horse battery", now + 1, tok, NULL, &retry, &e),
        CG_EAUTH);
    assert_true(retry > 0 && retry <= 30);
    assert_int_equal(
        auth_login(F->s, "market", "correct horse battery", now + 31, tok, &who, &retry, &e), 0);

    /* API tokens: only for oneself unless administrator. */
    char api[AUTH_TOKEN_LEN + 1];
    assert_int_equal(
        auth_api_token_create(F->s, &F->police, F->telecom.user_id, "x", 0, now, api, &e),
        CG_EPERM);
    assert_int_equal(
        auth_api_token_create(F->s, &F->admin, F->telecom.user_id, "viettel-sync", 0, now, api, &e),
        0);
    assert_int_equal(auth_token_lookup(F->s, api, now + 86400 * 365, &back, &e), 0);
    assert_int_equal(back.role, ROLE_REPORTER);
    /* A disabled user's tokens stop working. */
    assert_int_equal(user_set_disabled(F->s, &F->admin, F->telecom.user_id, 1, &e), 0);
    assert_int_equal(auth_token_lookup(F->s, api, now + 5, &back, &e), CG_EAUTH);
    assert_int_equal(user_set_disabled(F->s, &F->admin, F->telecom.user_id, 0, &e), 0);
    assert_int_equal(auth_token_lookup(F->s, api, now + 5, &back, &e), 0);
}

static void only_admins_manage_people(void **state)
{
    (void)state;
    cg_err e;
    actor *not_admins[] = {&F->coord,  &F->police,     &F->police_viewer,
                           &F->market, &F->district_a, &F->telecom};
    for (size_t i = 0; i < CG_ARRAY_LEN(not_admins); i++) {
        assert_int_equal(user_create(F->s, not_admins[i], "CA", "x1", "X", ROLE_VIEWER,
                                     "long enough password", NULL, &e),
                         CG_EPERM);
        assert_int_equal(org_create(F->s, not_admins[i], "X", "X", ORG_POLICE, NULL, NULL, &e),
                         CG_EPERM);
    }
    assert_int_equal(user_create(F->s, &F->admin, "VT", "vt-coord", "X", ROLE_COORDINATOR,
                                 "long enough password", NULL, &e),
                     CG_EINVAL);
    assert_int_equal(user_create(F->s, &F->admin, "CA", "police", "X", ROLE_VIEWER,
                                 "long enough password", NULL, &e),
                     CG_ECONFLICT);
    assert_int_equal(
        user_create(F->s, &F->admin, "CA", "shortpw", "X", ROLE_VIEWER, "short", NULL, &e),
        CG_EINVAL);
}

static alert_in mk_alert(const char *ref, const char *kind)
{
    alert_in a = {
        kind,       "telecom.scan", ref,  0.9, "Nghi vấn SIM box", "{\"reasons\":[\"x\"]}",
        1790000000, NULL,           "MTO"};
    return a;
}

static void duplicate_alerts_never_twin(void **state)
{
    (void)state;
    cg_err e;
    alert_in batch[3] = {mk_alert("telecom.bypass:84912000001", "telecom.bypass"),
                         mk_alert("telecom.bypass:84912000002", "telecom.bypass"),
                         mk_alert("telecom.bypass:84912000001", "telecom.bypass")};
    size_t created = 99;
    assert_int_equal(alert_ingest(F->s, batch, 3, &created, &e), 0);
    assert_int_equal(created, 2);
    assert_int_equal(alert_ingest(F->s, batch, 3, &created, &e), 0);
    assert_int_equal(created, 0);
    /* A bad alert in a batch writes nothing and is named. */
    alert_in bad[2] = {mk_alert("telecom.bypass:84912000003", "telecom.bypass"),
                       mk_alert("x:1", "telecom.nonsense")};
    assert_int_equal(alert_ingest(F->s, bad, 2, &created, &e), CG_EINVAL);
    assert_non_null(strstr(e.msg, "alert 1"));
    assert_non_null(strstr(e.msg, "kind"));
    bad[1] = mk_alert("x:2", "telecom.bypass");
    bad[1].detail_json = "{\"reasons\": [1, 2";
    assert_int_equal(alert_ingest(F->s, bad, 2, &created, &e), CG_EINVAL);
    assert_non_null(strstr(e.msg, "detail_json"));
    bad[1].detail_json = NULL;
    bad[1].org_code = "NO-SUCH-ORG";
    assert_int_equal(alert_ingest(F->s, bad, 2, &created, &e), CG_ENOTFOUND);
    assert_non_null(strstr(e.msg, "NO-SUCH-ORG"));
    buf b = BUF_INIT;
    alert_filter f = {.status = "new"};
    assert_int_equal(alert_inbox_json(F->s, &F->coord, &f, &b, &e), 0);
    assert_null(strstr(b.p, "84912000003"));
    assert_non_null(strstr(b.p, "84912000002"));
    buf_free(&b);
}

static void enterprises_see_only_their_own_reports(void **state)
{
    (void)state;
    cg_err e;
    alert_in r = {"telecom.cable_theft",
                  NULL,
                  "VT-2026-0001",
                  1.0,
                  "Mất cáp quang tuyến QL1",
                  NULL,
                  1790000000,
                  "CA",
                  "CBE"};
    int64_t id = 0;
    size_t created;
    assert_int_equal(alert_ingest_as(F->s, &F->telecom, &r, 1, &created, &id, &e), 0);
    assert_int_equal(created, 1);
    assert_true(id > 0);
    buf b = BUF_INIT;
    assert_int_equal(alert_inbox_json(F->s, &F->telecom, NULL, &b, &e), 0);
    assert_non_null(strstr(b.p, "VT-2026-0001"));
    assert_null(strstr(b.p, "telecom.scan"));
    buf_reset(&b);
    /* The postal enterprise and the police do not see it; the coordinator does. */
    assert_int_equal(alert_inbox_json(F->s, &F->postal, NULL, &b, &e), 0);
    assert_null(strstr(b.p, "VT-2026-0001"));
    buf_reset(&b);
    assert_int_equal(alert_get_json(F->s, &F->police, id, &b, &e), CG_EPERM);
    assert_int_equal(alert_get_json(F->s, &F->coord, id, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"org\":\"VT\""));
    buf_reset(&b);
    /* Enterprises neither triage nor see cases. */
    assert_int_equal(alert_dismiss(F->s, &F->telecom, id, "không phải", &e), CG_EPERM);
    assert_int_equal(case_list_json(F->s, &F->telecom, NULL, &b, &e), CG_EPERM);
    buf_free(&b);
}

static int64_t new_case(actor *a, const char *lead, const char *district)
{
    cg_err e;
    case_in in = {"postal.drugs", "Bưu kiện nghi chứa ma túy", "Phát hiện tại bưu cục", district,
                  lead};
    int64_t id = 0;
    int rc = case_create(F->s, a, &in, &id, &e);
    if (rc)
        fprintf(stderr, "case_create: %s\n", e.msg);
    assert_int_equal(rc, 0);
    return id;
}

static void status_machine_refuses_illegal_moves(void **state)
{
    (void)state;
    cg_err e;
    int64_t id = new_case(&F->police, NULL, "MTO");
    assert_int_equal(case_set_status(F->s, &F->police, id, "handled", NULL, &e), CG_ECONFLICT);
    assert_non_null(strstr(e.msg, "new"));
    assert_int_equal(case_set_status(F->s, &F->police, id, "closed", NULL, &e), CG_ECONFLICT);
    assert_int_equal(case_set_status(F->s, &F->police, id, "bogus", NULL, &e), CG_EINVAL);
    const char *path[] = {"verifying", "investigating", "inspecting", "handled", "closed"};
    for (size_t i = 0; i < CG_ARRAY_LEN(path); i++)
        assert_int_equal(case_set_status(F->s, &F->police, id, path[i], NULL, &e), 0);
    assert_int_equal(case_set_status(F->s, &F->police, id, "investigating", NULL, &e),
                     CG_ECONFLICT);
    assert_int_equal(case_set_status(F->s, &F->police, id, "verifying", NULL, &e), CG_EINVAL);
    assert_int_equal(case_set_status(F->s, &F->police, id, "verifying", "Có thông tin mới", &e), 0);
    buf b = BUF_INIT;
    assert_int_equal(case_get_json(F->s, &F->police, id, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"status\":\"verifying\""));
    assert_non_null(strstr(b.p, "Có thông tin mới"));
    assert_non_null(strstr(b.p, "\"access\":\"write\""));
    buf_free(&b);
}

static void access_denied_where_it_must_be(void **state)
{
    (void)state;
    cg_err e;
    int64_t id = new_case(&F->police, NULL, "MTO");
    buf b = BUF_INIT;
    /* Readers: lead, coordinator, administrator, viewer of the lead, the
     * district committee of MTO. */
    actor *readers[] = {&F->police, &F->coord, &F->admin, &F->police_viewer, &F->district_a};
    for (size_t i = 0; i < CG_ARRAY_LEN(readers); i++) {
        buf_reset(&b);
        assert_int_equal(case_get_json(F->s, readers[i], id, &b, &e), 0);
    }
    actor *outsiders[] = {&F->market, &F->customs, &F->district_b, &F->telecom, &F->postal};
    for (size_t i = 0; i < CG_ARRAY_LEN(outsiders); i++) {
        buf_reset(&b);
        assert_int_equal(case_get_json(F->s, outsiders[i], id, &b, &e), CG_EPERM);
        assert_int_equal(case_note_add(F->s, outsiders[i], id, "x", NULL, &e), CG_EPERM);
    }
    /* Readers who may not write. */
    actor *read_only[] = {&F->admin, &F->police_viewer, &F->district_a};
    for (size_t i = 0; i < CG_ARRAY_LEN(read_only); i++) {
        assert_int_equal(case_note_add(F->s, read_only[i], id, "x", NULL, &e), CG_EPERM);
        assert_int_equal(case_set_status(F->s, read_only[i], id, "verifying", NULL, &e), CG_EPERM);
    }
    assert_int_equal(case_note_add(F->s, &F->coord, id, "Phối hợp", NULL, &e), 0);
    /* Only coordinators open cases another agency leads; enterprises and
     * viewers open none. */
    case_in in = {"postal.drugs", "x", NULL, NULL, "QLTT"};
    int64_t cid;
    assert_int_equal(case_create(F->s, &F->police, &in, &cid, &e), CG_EPERM);
    in.lead_org = NULL;
    assert_int_equal(case_create(F->s, &F->telecom, &in, &cid, &e), CG_EPERM);
    assert_int_equal(case_create(F->s, &F->police_viewer, &in, &cid, &e), CG_EPERM);
    assert_int_equal(case_create(F->s, &F->admin, &in, &cid, &e), CG_EPERM);
    /* Case lists are scoped. */
    buf_reset(&b);
    assert_int_equal(case_list_json(F->s, &F->market, NULL, &b, &e), 0);
    char code[32];
    snprintf(code, sizeof code, "\"id\":%lld,", (long long)id);
    assert_null(strstr(b.p, code));
    buf_reset(&b);
    assert_int_equal(case_list_json(F->s, &F->police, NULL, &b, &e), 0);
    assert_non_null(strstr(b.p, code));
    buf_reset(&b);
    assert_int_equal(case_list_json(F->s, &F->district_a, NULL, &b, &e), 0);
    assert_non_null(strstr(b.p, code));
    buf_reset(&b);
    assert_int_equal(case_list_json(F->s, &F->district_b, NULL, &b, &e), 0);
    assert_null(strstr(b.p, code));
    buf_free(&b);
}

static void handover_keeps_old_lead_reading(void **state)
{
    (void)state;
    cg_err e;
    int64_t id = new_case(&F->coord, "CA", "CBE");
    assert_int_equal(case_join(F->s, &F->police, id, "HQ", &e), 0);
    assert_int_equal(case_handover(F->s, &F->customs, id, "QLTT", "x", &e), CG_EPERM);
    assert_int_equal(case_handover(F->s, &F->police, id, "QLTT", "", &e), CG_EINVAL);
    assert_int_equal(case_handover(F->s, &F->police, id, "VT", "x", &e), CG_EINVAL);
    assert_int_equal(
        case_handover(F->s, &F->police, id, "QLTT", "Hàng giả thuộc thẩm quyền QLTT", &e), 0);
    buf b = BUF_INIT;
    assert_int_equal(case_get_json(F->s, &F->police, id, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"access\":\"read\""));
    assert_non_null(strstr(b.p, "\"lead\":{\"id\":"));
    assert_non_null(strstr(b.p, "former_lead"));
    assert_non_null(strstr(b.p, "Chuyển giao chủ trì"));
    assert_int_equal(case_note_add(F->s, &F->police, id, "x", NULL, &e), CG_EPERM);
    assert_int_equal(case_note_add(F->s, &F->market, id, "Đã tiếp nhận", NULL, &e), 0);
    assert_int_equal(case_note_add(F->s, &F->customs, id, "Hải quan phối hợp", NULL, &e), 0);
    buf_reset(&b);
    assert_int_equal(case_list_json(F->s, &F->police, NULL, &b, &e), 0);
    char key[32];
    snprintf(key, sizeof key, "\"id\":%lld,", (long long)id);
    assert_non_null(strstr(b.p, key));
    buf_free(&b);
}

static void triage_alerts_into_cases(void **state)
{
    (void)state;
    cg_err e;
    alert_in a[3] = {mk_alert("triage:1", "postal.contraband"),
                     mk_alert("triage:2", "postal.contraband"),
                     mk_alert("triage:3", "postal.contraband")};
    for (int i = 0; i < 3; i++)
        a[i].org_code = "QLTT";
    size_t created;
    assert_int_equal(alert_ingest(F->s, a, 3, &created, &e), 0);
    buf b = BUF_INIT;
    alert_filter f = {.status = "new", .limit = 2};
    assert_int_equal(alert_inbox_json(F->s, &F->market, &f, &b, &e), 0);
    assert_non_null(strstr(b.p, "triage:3"));
    assert_non_null(strstr(b.p, "triage:2"));
    assert_null(strstr(b.p, "triage:1"));
    const char *next = strstr(b.p, "\"next\":");
    assert_non_null(next);
    f.before = strtoll(next + 7, NULL, 10);
    int64_t id3 = f.before, id2 = f.before, id1 = 0;
    (void)id3;
    buf_reset(&b);
    assert_int_equal(alert_inbox_json(F->s, &F->market, &f, &b, &e), 0);
    assert_non_null(strstr(b.p, "triage:1"));
    assert_non_null(strstr(b.p, "\"next\":null"));
    id1 = strtoll(strstr(b.p, "\"id\":") + 5, NULL, 10);
    assert_int_equal(alert_dismiss(F->s, &F->market, id1, "", &e), CG_EINVAL);
    assert_int_equal(alert_dismiss(F->s, &F->police, id1, "Trùng", &e), CG_EPERM);
    assert_int_equal(alert_dismiss(F->s, &F->market, id1, "Trùng lặp", &e), 0);
    assert_int_equal(alert_dismiss(F->s, &F->market, id1, "Trùng lặp", &e), CG_ECONFLICT);
    int64_t cid = 0;
    assert_int_equal(alert_open_case(F->s, &F->market, id2, NULL, &cid, &e), 0);
    assert_true(cid > 0);
    assert_int_equal(alert_attach(F->s, &F->market, id2 + 1, cid, &e), 0);
    buf_reset(&b);
    assert_int_equal(case_get_json(F->s, &F->market, cid, &b, &e), 0);
    assert_non_null(strstr(b.p, "triage:2"));
    assert_non_null(strstr(b.p, "triage:3"));
    assert_non_null(strstr(b.p, "\"violation\":\"postal.contraband\""));
    buf_free(&b);
}

static void tasks_and_outcomes(void **state)
{
    (void)state;
    cg_err e;
    int64_t id = new_case(&F->police, NULL, NULL);
    int64_t t;
    assert_int_equal(
        case_task_add(F->s, &F->police, id, "Xác minh chủ thuê bao", F->market.user_id, 0, &t, &e),
        CG_EINVAL);
    assert_int_equal(case_task_add(F->s, &F->police, id, "Xác minh chủ thuê bao", F->police.user_id,
                                   1800000000, &t, &e),
                     0);
    assert_int_equal(case_task_done(F->s, &F->police, t, &e), 0);
    assert_int_equal(case_task_done(F->s, &F->police, t, &e), CG_ECONFLICT);
    assert_int_equal(case_outcome_add(F->s, &F->police, id, "fine", 0, "Phạt", NULL, &e),
                     CG_EINVAL);
    assert_int_equal(case_outcome_add(F->s, &F->police, id, "fine", 15000000,
                                      "Phạt vi phạm hành chính", NULL, &e),
                     0);
    buf b = BUF_INIT;
    assert_int_equal(case_get_json(F->s, &F->police, id, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"amount_vnd\":15000000"));
    assert_non_null(strstr(b.p, "Xác minh chủ thuê bao"));
    buf_free(&b);
}

struct watch {
    int phones, closed_seen;
};

static void on_watch(void *ctx, const char *kind, const char *value, const char *note)
{
    struct watch *w = ctx;
    if (!strcmp(kind, "phone") && !strcmp(value, "84912345678"))
        w->phones++;
    if (strstr(note, "đã đóng"))
        w->closed_seen++;
}

static void subjects_match_across_cases(void **state)
{
    (void)state;
    cg_err e;
    int64_t c1 = new_case(&F->police, NULL, NULL), c2 = new_case(&F->police, NULL, NULL);
    int64_t c3 = new_case(&F->market, NULL, NULL);
    int64_t s1, s2, s3;
    assert_int_equal(
        subject_add(F->s, &F->police, c1, "phone", "0912 345 678", "Nguyễn Văn A", &s1, &e), 0);
    assert_int_equal(subject_add(F->s, &F->police, c2, "phone", "+84912345678", NULL, &s2, &e), 0);
    assert_int_equal(subject_add(F->s, &F->market, c3, "phone", "84 912-345-678", NULL, &s3, &e),
                     0);
    assert_int_equal(subject_add(F->s, &F->police, c1, "phone", "not a phone", NULL, NULL, &e),
                     CG_EINVAL);
    assert_int_equal(subject_add(F->s, &F->police, c1, "imei", "12345", NULL, NULL, &e), CG_EINVAL);
    assert_int_equal(subject_add(F->s, &F->market, c1, "phone", "0912345678", NULL, NULL, &e),
                     CG_EPERM);
    int64_t again;
    assert_int_equal(subject_add(F->s, &F->police, c1, "phone", "84912345678", NULL, &again, &e),
                     0);
    assert_int_equal(again, s1);
    buf b = BUF_INIT;
    assert_int_equal(subject_matches_json(F->s, &F->police, s1, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"count\":2"));
    /* The market's case is counted but not shown to the police. */
    assert_non_null(strstr(b.p, "\"visible\":false"));
    buf_reset(&b);
    assert_int_equal(case_get_json(F->s, &F->police, c1, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"other_cases\":2"));
    buf_reset(&b);
    assert_int_equal(subject_search_json(F->s, &F->coord, "phone", "0912345678", &b, &e), 0);
    assert_int_equal(subject_search_json(F->s, &F->telecom, "phone", "0912345678", &b, &e),
                     CG_EPERM);
    buf_free(&b);
    /* Names fold: diacritics and case do not matter. */
    assert_int_equal(subject_add(F->s, &F->police, c1, "name", "NGUYỄN  Văn   Đức", NULL, &s1, &e),
                     0);
    assert_int_equal(subject_add(F->s, &F->police, c2, "name", "nguyen van duc", NULL, &s2, &e), 0);
    b = (buf)BUF_INIT;
    assert_int_equal(subject_matches_json(F->s, &F->police, s1, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"count\":1"));
    buf_free(&b);
    struct watch w = {0, 0};
    assert_int_equal(subject_watchlist(F->s, on_watch, &w, &e), 0);
    assert_int_equal(w.phones, 3);
}

static void passwords_users_and_views_by_outsiders(void **state)
{
    (void)state;
    cg_err e;
    char tok[AUTH_TOKEN_LEN + 1];
    actor who;
    int64_t now = 1800100000;
    assert_int_equal(auth_login(F->s, "customs", "correct horse battery", now, tok, &who, NULL, &e),
                     0);
    assert_int_equal(auth_set_password(F->s, &F->customs, F->customs.user_id, "wrong password",
                                       "a new long password", &e),
                     CG_EAUTH);
    assert_int_equal(
        auth_set_password(F->s, &F->police, F->customs.user_id, NULL, "a new long password", &e),
        CG_EPERM);
    assert_int_equal(auth_set_password(F->s, &F->customs, F->customs.user_id,
                                       "correct horse battery", "a new long password", &e),
                     0);
    /* The old session is revoked, the old password no longer works. */
    assert_int_equal(auth_token_lookup(F->s, tok, now + 1, &who, &e), CG_EAUTH);
    assert_int_equal(auth_login(F->s, "customs", "correct horse battery", now, tok, &who, NULL, &e),
                     CG_EAUTH);
    assert_int_equal(auth_login(F->s, "customs", "a new long password", now, tok, &who, NULL, &e),
                     0);
    buf b = BUF_INIT;
    assert_int_equal(user_list_json(F->s, &F->admin, 0, 0, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"login\":\"viettel\""));
    buf_reset(&b);
    assert_int_equal(user_list_json(F->s, &F->police, 0, 0, &b, &e), 0);
    assert_null(strstr(b.p, "\"login\":\"viettel\""));
    assert_non_null(strstr(b.p, "\"login\":\"pview\""));
    buf_reset(&b);
    assert_int_equal(user_get_json(F->s, F->district_a.user_id, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"district\":\"MTO\""));
    buf_reset(&b);

    /* Views by the lead agency are not logged; by anyone else they are. */
    int64_t id = new_case(&F->police, NULL, "MTO");
    assert_int_equal(case_update(F->s, &F->police, id, NULL, "Thêm tình tiết mới", &e), 0);
    assert_int_equal(case_update(F->s, &F->police_viewer, id, "x", NULL, &e), CG_EPERM);
    store_conn *c;
    const char *sql = "SELECT count(*) FROM access_log WHERE action = 'case.view' AND object = ?";
    char obj[48];
    snprintf(obj, sizeof obj, "case:%lld", (long long)id);
    int64_t views[2];
    for (int round = 0; round < 2; round++) {
        if (round == 1) {
            assert_int_equal(case_get_json(F->s, &F->police, id, &b, &e), 0);
            assert_int_equal(case_get_json(F->s, &F->coord, id, &b, &e), 0);
            assert_int_equal(case_get_json(F->s, &F->district_a, id, &b, &e), 0);
            assert_int_equal(case_timeline_json(F->s, &F->coord, id, 0, 10, &b, &e), 0);
            assert_int_equal(case_timeline_json(F->s, &F->market, id, 0, 10, &b, &e), CG_EPERM);
        }
        assert_int_equal(store_acquire_log(F->s, &c, &e), 0);
        store_stmt *q = store_prep(c, sql, &e);
        store_bind_text(q, 1, obj);
        assert_int_equal(store_step(q, &e), STORE_ROW);
        views[round] = store_col_i64(q, 0);
        store_release(c);
    }
    assert_int_equal(views[1] - views[0], 3);
    buf_reset(&b);
    assert_int_equal(case_timeline_json(F->s, &F->police, id, 0, 1, &b, &e), 0);
    assert_non_null(strstr(b.p, "Mở vụ việc"));
    assert_null(strstr(b.p, "\"next\":null"));
    buf_free(&b);
}

static void audit_chain_detects_tampering(void **state)
{
    (void)state;
    cg_err e;
    int64_t n = 0, bad = 0;
    assert_int_equal(audit_verify(F->s, AUDIT_CHANGES, &n, &bad, &e), 0);
    assert_true(n > 20);
    /* The store refuses changes to the log... */
    store_conn *c;
    assert_int_equal(store_acquire(F->s, &c, &e), 0);
    assert_int_not_equal(store_exec(c, "UPDATE audit SET detail = '{}' WHERE id = 5", &e), 0);
    assert_int_not_equal(store_exec(c, "DELETE FROM audit WHERE id = 5", &e), 0);
    /* ...and someone who bypasses that is caught by the chain. */
    assert_int_equal(store_exec(c,
                                "DROP TRIGGER audit_no_update;"
                                "UPDATE audit SET detail = '{\"login\":\"mallory\"}' WHERE id = 7;",
                                &e),
                     0);
    store_release(c);
    assert_int_equal(audit_verify(F->s, AUDIT_CHANGES, &n, &bad, &e), CG_EINVAL);
    assert_int_equal(bad, 7);
    assert_int_equal(n, 6);
    assert_non_null(strstr(e.msg, "entry 7"));
    buf b = BUF_INIT;
    assert_int_equal(audit_list_json(F->s, &F->police, AUDIT_CHANGES, 0, 10, &b, &e), CG_EPERM);
    assert_int_equal(audit_list_json(F->s, &F->coord, AUDIT_CHANGES, 0, 10, &b, &e), 0);

    /* The access log is a chain of its own, in its own file. */
    for (int i = 0; i < 3; i++)
        assert_int_equal(audit_record(F->s, &F->coord, "case.view", "case:1", NULL, &e), 0);
    assert_int_equal(audit_verify(F->s, AUDIT_ACCESS, &n, &bad, &e), 0);
    assert_true(n >= 3);
    int64_t last = n;
    buf_reset(&b);
    assert_int_equal(audit_list_json(F->s, &F->coord, AUDIT_ACCESS, 0, 10, &b, &e), 0);
    assert_non_null(strstr(b.p, "\"action\":\"case.view\""));
    assert_int_equal(store_acquire_log(F->s, &c, &e), 0);
    assert_int_not_equal(store_exec(c, "DELETE FROM access_log", &e), 0);
    char sql[160];
    snprintf(sql, sizeof sql,
             "DROP TRIGGER access_log_no_update;"
             "UPDATE access_log SET user_id = 99 WHERE id = %lld;",
             (long long)last);
    assert_int_equal(store_exec(c, sql, &e), 0);
    store_release(c);
    assert_int_equal(audit_verify(F->s, AUDIT_ACCESS, &n, &bad, &e), CG_EINVAL);
    assert_int_equal(bad, last);
    assert_non_null(strstr(e.msg, "access log entry"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(role_matrix),
        cmocka_unit_test(store_reopens_at_the_same_version),
        cmocka_unit_test(store_open_names_a_file_it_cannot_use),
        cmocka_unit_test(login_token_and_backoff),
        cmocka_unit_test(only_admins_manage_people),
        cmocka_unit_test(duplicate_alerts_never_twin),
        cmocka_unit_test(enterprises_see_only_their_own_reports),
        cmocka_unit_test(status_machine_refuses_illegal_moves),
        cmocka_unit_test(access_denied_where_it_must_be),
        cmocka_unit_test(handover_keeps_old_lead_reading),
        cmocka_unit_test(triage_alerts_into_cases),
        cmocka_unit_test(tasks_and_outcomes),
        cmocka_unit_test(subjects_match_across_cases),
        cmocka_unit_test(passwords_users_and_views_by_outsiders),
        /* Last: it breaks the chain on purpose. */
        cmocka_unit_test(audit_chain_detects_tampering),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
