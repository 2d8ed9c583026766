/* test_sink.c: screening with the platform's store: open cases' subjects
 * hold items (closed cases' do not), hold and inspect decisions become
 * alerts in batches, and a second run over the same items makes no twins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postal/dict.h"
#include "postal/screen.h"
#include "postal/sink.h"
#include "postal/watch.h"
#include "store/store.h"

static char dir[64], path[128];
static post_dict *dict;
static post_config cfg;

static int setup(void **state)
{
    (void)state;
    cg_err err = {0};
    strcpy(dir, "/tmp/cg-postal-sink-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/cg.db", dir);
    post_config_defaults(&cfg);
    if (post_dict_load("data/postal/dictionary.tsv", &dict, &err) < 0)
        return -1;
    /* The platform's side: a department to receive alerts, an open case
     * and a closed one with a subject each. */
    store *st;
    store_conn *c;
    if (store_open(path, &st, &err) < 0 || store_acquire(st, &c, &err) < 0)
        return -1;
    int rc = store_begin(c, &err) ||
             store_exec(c,
                        "INSERT INTO org(id, code, name, kind, created_at)"
                        " VALUES(1, 'SO-TTTT', 'Sở Thông tin và Truyền thông', 'department', 0);"
                        "INSERT INTO cases(id, code, violation, title, lead_org, status,"
                        " created_at, updated_at) VALUES(41, 'VV-41', 'postal.drugs',"
                        " 'Đường dây ma tuý', 1, 'open', 0, 0);"
                        "INSERT INTO cases(id, code, violation, title, lead_org, status,"
                        " created_at, updated_at, closed_at) VALUES(42, 'VV-42', 'postal.drugs',"
                        " 'Vụ đã đóng', 1, 'closed', 0, 0, 0);"
                        "INSERT INTO subject(case_id, kind, value, created_at)"
                        " VALUES(41, 'phone', '84912000041', 0);"
                        "INSERT INTO subject(case_id, kind, value, created_at)"
                        " VALUES(42, 'phone', '84912000042', 0);",
                        &err) ||
             store_commit(c, &err);
    store_release(c);
    store_close(st);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    post_dict_free(dict);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

/* Screen items i0..i1 (one sender phone each) and send them to the sink. */
static void run(post_sink *sink, post_screener *scr, int i0, int i1, const char *desc,
                const char *phone, int *holds)
{
    post_parser *p = post_parser_new();
    post_decision d;
    post_decision_init(&d);
    cg_err err = {0};
    for (int i = i0; i < i1; i++) {
        char line[1024];
        snprintf(line, sizeof line,
                 "{\"item_id\":\"ZZ%09d\",\"direction\":\"domestic\",\"accepted_at\":%d,"
                 "\"sender\":{\"name\":\"A\",\"phone\":\"%s\"},\"recipient\":{\"name\":\"B\"},"
                 "\"contents\":[{\"description\":\"%s\"}]}",
                 i, 1793577600 + i, phone, desc);
        post_item it;
        assert_int_equal(post_parse_line(p, line, strlen(line), &it, &err), 0);
        assert_int_equal(post_screen_item(scr, &it, &d, &err), 0);
        *holds += d.decision == POST_HOLD;
        buf out = BUF_INIT;
        post_decision_json(&it, &d, &out);
        if (post_sink_add(sink, &it, &d, out.p, out.len, &err) < 0)
            fail_msg("%s", err.msg);
        buf_free(&out);
    }
    post_decision_free(&d);
    post_parser_free(p);
}

static void test_subjects_and_alerts(void **state)
{
    (void)state;
    cg_err err = {0};
    post_watch *w = post_watch_new();
    post_sink *sink;
    assert_int_equal(post_sink_open(path, w, NULL, NULL, &sink, &err), 0);
    assert_int_equal(post_watch_count(w), 1); /* the closed case's subject is not there */
    post_screener *scr = post_screener_new(dict, w, &cfg);
    int holds = 0;
    run(sink, scr, 0, 1, "Áo thun", "0912000041", &holds); /* watch-listed sender */
    run(sink, scr, 1, 2, "Áo thun", "0912000042", &holds); /* closed case: accepted */
    run(sink, scr, 2, 3, "Áo thun", "0912000043", &holds); /* accepted, no alert */
    assert_int_equal(holds, 1);
    /* 1,002 drug items: one batch of 1,000 goes at once, the rest on flush. */
    run(sink, scr, 100, 1102, "ma tuý đá", "0912000043", &holds);
    size_t sent, created;
    post_sink_counts(sink, &sent, &created);
    assert_int_equal(sent, 1000);
    assert_int_equal(post_sink_flush(sink, &err), 0);
    post_sink_counts(sink, &sent, &created);
    assert_int_equal(sent, 1003);
    assert_int_equal(created, 1003);
    post_sink_close(sink);
    post_screener_free(scr);
    post_watch_free(w);

    /* The same items again: nothing new. */
    w = post_watch_new();
    assert_int_equal(post_sink_open(path, w, NULL, NULL, &sink, &err), 0);
    scr = post_screener_new(dict, w, &cfg);
    holds = 0;
    run(sink, scr, 0, 1, "Áo thun", "0912000041", &holds);
    run(sink, scr, 100, 1102, "ma tuý đá", "0912000043", &holds);
    assert_int_equal(post_sink_flush(sink, &err), 0);
    post_sink_counts(sink, &sent, &created);
    assert_int_equal(sent, 1003);
    assert_int_equal(created, 0);
    post_sink_close(sink);
    post_screener_free(scr);
    post_watch_free(w);
}

static void test_unusable_store(void **state)
{
    (void)state;
    cg_err err = {0};
    post_watch *w = post_watch_new();
    post_sink *sink = NULL;
    char bad[160];
    snprintf(bad, sizeof bad, "%s/no/such/dir/cg.db", dir);
    assert_true(post_sink_open(bad, w, NULL, NULL, &sink, &err) < 0);
    assert_null(sink);
    assert_non_null(strstr(err.msg, "no/such/dir"));
    post_watch_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subjects_and_alerts),
        cmocka_unit_test(test_unusable_store),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
