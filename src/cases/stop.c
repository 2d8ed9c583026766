/* stop.c: emergency stop orders to enterprises: order, acknowledge, done,
 * overdue. */
#include "cases/stop.h"
#include "cases/access.h"
#include "cases/audit.h"
#include "cases/case.h"
#include "cases/util.h"

#include "core/phone.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

#define STOP_DEFAULT_DUE (2 * 3600)

int stop_order_create(store *s, const actor *a, const stop_in *in, int64_t *id, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (!access_role_may(a, ACT_STOP_ORDER))
        return cg_err_set(err, CG_EPERM, "stop order: only coordinators order emergency stops");
    if (!in->target_kind || (strcmp(in->target_kind, "item") && strcmp(in->target_kind, "service")))
        return cg_err_set(err, CG_EINVAL,
                          "stop order: field 'target_kind' must be item or service");
    if (util_blank(in->target) || !text_utf8_valid(in->target, strlen(in->target)))
        return cg_err_set(err, CG_EINVAL, "stop order: field 'target' is empty or not UTF-8");
    if (util_blank(in->reason))
        return cg_err_set(err, CG_EINVAL, "stop order: field 'reason' is empty");
    char target[256];
    snprintf(target, sizeof target, "%s", in->target);
    if (!strcmp(in->target_kind, "service")) {
        /* A SIM or a number: keep it as E.164 digits when it reads as one. */
        char e164[PHONE_MAX + 1];
        const char *why;
        if (phone_normalize(in->target, strlen(in->target), e164, &why) > 0)
            snprintf(target, sizeof target, "%s", e164);
    }
    int64_t now = util_now();
    int64_t due = in->due_at ? in->due_at : now + STOP_DEFAULT_DUE;
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *o = store_prep(c, "SELECT id, kind FROM org WHERE code = ?", err);
    if (!o)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_text(o, 1, in->org_code ? in->org_code : "");
    rc = store_step(o, err);
    if (rc == STORE_DONE)
        rc = cg_err_set(err, CG_ENOTFOUND, "stop order: field 'org': no organisation '%s'",
                        in->org_code ? in->org_code : "");
    if (rc < 0)
        return util_tx_end(c, rc, err);
    int64_t org = store_col_i64(o, 0);
    int ent = org_kind_is_enterprise(org_kind_parse(store_col_text(o, 1)));
    store_done(o);
    if (!ent)
        return util_tx_end(c,
                           cg_err_set(err, CG_EINVAL,
                                      "stop order: field 'org': '%s' is not an enterprise",
                                      in->org_code),
                           err);
    if (in->case_id && (rc = access_case_conn(c, a, in->case_id, ACCESS_WRITE, NULL, err)))
        return util_tx_end(c, rc, err);
    store_stmt *q = store_prep(c,
                               "INSERT INTO stop_order(case_id, org_id, target_kind, target, "
                               "reason, status, ordered_by, ordered_at, due_at) "
                               "VALUES (?,?,?,?,?,'ordered',?,?,?)",
                               err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    if (in->case_id)
        store_bind_i64(q, 1, in->case_id);
    else
        store_bind_null(q, 1);
    store_bind_i64(q, 2, org);
    store_bind_text(q, 3, in->target_kind);
    store_bind_text(q, 4, target);
    store_bind_text(q, 5, in->reason);
    if (a->user_id)
        store_bind_i64(q, 6, a->user_id);
    else
        store_bind_null(q, 6);
    store_bind_i64(q, 7, now);
    store_bind_i64(q, 8, due);
    rc = store_step(q, err);
    store_done(q);
    if (rc < 0)
        return util_tx_end(c, rc, err);
    int64_t sid = store_last_id(c);
    buf d = BUF_INIT;
    buf_putc(&d, '{');
    util_json_i64(&d, 1, "org_id", org);
    util_json_str(&d, 0, "target_kind", in->target_kind);
    util_json_str(&d, 0, "target", target);
    util_json_i64(&d, 0, "due_at", due);
    buf_putc(&d, '}');
    char obj[48];
    snprintf(obj, sizeof obj, "stop:%lld", (long long)sid);
    rc = audit_append(c, a, "stop.order", obj, d.p, err);
    buf_free(&d);
    if (!rc && in->case_id) {
        buf t = BUF_INIT;
        buf_printf(&t, "Yêu cầu ngăn chặn khẩn cấp (%s %s) gửi %s", in->target_kind, target,
                   in->org_code);
        rc = case_event_conn(c, in->case_id, a, now, "stop.order", t.p, err);
        buf_free(&t);
    }
    rc = util_tx_end(c, rc, err);
    if (!rc && id)
        *id = sid;
    return rc;
}

static int answer(store *s, const actor *a, int64_t id, int done, const char *report, cg_err *err)
{
    if (!access_role_may(a, ACT_STOP_ANSWER))
        return cg_err_set(err, CG_EPERM, "stop order %lld: only the enterprise addressed answers",
                          (long long)id);
    if (done && util_blank(report))
        return cg_err_set(err, CG_EINVAL, "stop order %lld: field 'report' is empty",
                          (long long)id);
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *q =
        store_prep(c, "SELECT org_id, status, case_id FROM stop_order WHERE id = ?", err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, id);
    rc = store_step(q, err);
    if (rc == STORE_DONE)
        rc = cg_err_set(err, CG_ENOTFOUND, "stop order %lld not found", (long long)id);
    if (rc < 0)
        return util_tx_end(c, rc, err);
    int64_t org = store_col_i64(q, 0), case_id = store_col_i64(q, 2);
    char st[16];
    snprintf(st, sizeof st, "%s", store_col_text(q, 1));
    store_done(q);
    if (org != a->org_id && !(a->user_id == 0 && a->role == ROLE_ADMIN))
        return util_tx_end(c,
                           cg_err_set(err, CG_EPERM,
                                      "stop order %lld is addressed to another enterprise",
                                      (long long)id),
                           err);
    if (!strcmp(st, "done") || (!done && strcmp(st, "ordered")))
        return util_tx_end(
            c, cg_err_set(err, CG_ECONFLICT, "stop order %lld is %s already", (long long)id, st),
            err);
    int64_t now = util_now();
    q = done ? store_prep(c,
                          "UPDATE stop_order SET status = 'done', done_at = ?1, done_by = ?2, "
                          "report = ?3, ack_at = coalesce(ack_at, ?1), "
                          "ack_by = coalesce(ack_by, ?2) WHERE id = ?4",
                          err)
             : store_prep(c,
                          "UPDATE stop_order SET status = 'acknowledged', ack_at = ?1, "
                          "ack_by = ?2 WHERE id = ?4",
                          err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, now);
    store_bind_i64(q, 2, a->user_id);
    if (done)
        store_bind_text(q, 3, report);
    store_bind_i64(q, 4, id);
    rc = store_step(q, err);
    store_done(q);
    if (rc < 0)
        return util_tx_end(c, rc, err);
    char obj[48];
    snprintf(obj, sizeof obj, "stop:%lld", (long long)id);
    buf d = BUF_INIT;
    buf_putc(&d, '{');
    util_json_str(&d, 1, "report", done ? report : NULL);
    buf_putc(&d, '}');
    rc = audit_append(c, a, done ? "stop.done" : "stop.ack", obj, d.p, err);
    buf_free(&d);
    if (!rc && case_id) {
        buf t = BUF_INIT;
        if (done)
            buf_printf(&t, "Doanh nghiệp báo đã ngăn chặn (lệnh #%lld): %s", (long long)id, report);
        else
            buf_printf(&t, "Doanh nghiệp xác nhận lệnh ngăn chặn #%lld", (long long)id);
        rc = case_event_conn(c, case_id, a, now, done ? "stop.done" : "stop.ack", t.p, err);
        buf_free(&t);
    }
    return util_tx_end(c, rc, err);
}

int stop_order_ack(store *s, const actor *a, int64_t id, cg_err *err)
{
    return answer(s, a, id, 0, NULL, err);
}

int stop_order_done(store *s, const actor *a, int64_t id, const char *report, cg_err *err)
{
    return answer(s, a, id, 1, report, err);
}

/* One stop order, overdue at *(int64_t *)now, as util_page_json writes it. */
static void stop_item(buf *out, store_stmt *q, void *now)
{
    buf_putc(out, '{');
    util_json_i64(out, 1, "id", store_col_i64(q, 0));
    util_json_col_str(out, 0, "org", q, 1);
    util_json_col_str(out, 0, "target_kind", q, 2);
    util_json_col_str(out, 0, "target", q, 3);
    util_json_col_str(out, 0, "reason", q, 4);
    util_json_col_i64(out, 0, "case_id", q, 5);
    util_json_col_str(out, 0, "status", q, 6);
    util_json_i64(out, 0, "ordered_at", store_col_i64(q, 7));
    util_json_i64(out, 0, "due_at", store_col_i64(q, 8));
    util_json_col_i64(out, 0, "ack_at", q, 9);
    util_json_col_i64(out, 0, "done_at", q, 10);
    util_json_col_str(out, 0, "report", q, 11);
    int overdue =
        strcmp(store_col_text(q, 6), "done") && store_col_i64(q, 8) < *(const int64_t *)now;
    buf_puts(out, overdue ? ",\"overdue\":true}" : ",\"overdue\":false}");
}

int stop_order_case_json(store_conn *c, int64_t case_id, int64_t now, buf *out, cg_err *err)
{
    store_stmt *q = store_prep(c,
                               "SELECT so.id, o.code, so.target_kind, so.target, so.reason, "
                               "so.case_id, so.status, so.ordered_at, so.due_at, so.ack_at, "
                               "so.done_at, so.report FROM stop_order so JOIN org o ON o.id = "
                               "so.org_id WHERE so.case_id = ? ORDER BY so.id",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, case_id);
    buf_putc(out, '[');
    int n = 0, rc;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        if (n++)
            buf_putc(out, ',');
        stop_item(out, q, &now);
    }
    buf_putc(out, ']');
    store_done(q);
    return rc < 0 ? rc : 0;
}

int stop_order_list_json(store *s, const actor *a, const stop_filter *f, int64_t now, buf *out,
                         cg_err *err)
{
    if (!a || a->role == ROLE_NONE)
        return cg_err_set(err, CG_EPERM, "stop orders: not allowed");
    stop_filter none = {0};
    if (!f)
        f = &none;
    const char *st = f->status;
    int overdue_only = st && !strcmp(st, "overdue");
    if (st && !overdue_only && strcmp(st, "ordered") && strcmp(st, "acknowledged") &&
        strcmp(st, "done"))
        return cg_err_set(err, CG_EINVAL, "stop orders: field 'status': '%s' is not a status", st);
    int limit = util_limit(f->limit, 50, 200);
    int all = a->role == ROLE_ADMIN || a->role == ROLE_COORDINATOR;
    int ent = org_kind_is_enterprise(a->org_kind) || a->role == ROLE_REPORTER;
    /* ?1 org, ?2 cursor, ?3 limit, ?4 status, ?5 now, ?6 overdue only, ?7 mode */
    const char *sql =
        "SELECT so.id, o.code, so.target_kind, so.target, so.reason, so.case_id, so.status, "
        "so.ordered_at, so.due_at, so.ack_at, so.done_at, so.report FROM stop_order so "
        "JOIN org o ON o.id = so.org_id WHERE so.id < ?2 "
        "AND (?4 IS NULL OR so.status = ?4) "
        "AND (?6 = 0 OR (so.status <> 'done' AND so.due_at < ?5)) "
        "AND (?7 = 0 OR (?7 = 1 AND so.org_id = ?1) OR (?7 = 2 AND so.case_id IN "
        "(SELECT case_id FROM case_org WHERE org_id = ?1))) "
        "ORDER BY so.id DESC LIMIT ?3";
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, sql, err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_i64(q, 1, a->org_id);
    store_bind_i64(q, 2, f->before > 0 ? f->before : INT64_MAX);
    store_bind_i64(q, 3, limit + 1);
    store_bind_text(q, 4, overdue_only ? NULL : st);
    store_bind_i64(q, 5, now);
    store_bind_i64(q, 6, overdue_only);
    store_bind_i64(q, 7, all ? 0 : ent ? 1 : 2);
    rc = util_page_json(q, limit, out, stop_item, &now, err);
    store_release(c);
    if (rc < 0)
        return rc;
    return 0;
}
