/* case.c: cases: creation, the status machine, joins and hand-over, tasks,
 * notes, outcomes, the timeline, the case page and the scoped case list. */
#include "cases/case.h"
#include "cases/access.h"
#include "cases/alert.h"
#include "cases/audit.h"
#include "cases/stop.h"
#include "cases/util.h"

#include "core/ts.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>

static const char *const statuses[] = {"new",        "verifying", "investigating",
                                       "inspecting", "handled",   "closed"};

static const struct {
    const char *from, *to;
} moves[] = {
    {"new", "verifying"},         {"verifying", "investigating"},  {"verifying", "inspecting"},
    {"verifying", "closed"},      {"investigating", "inspecting"}, {"inspecting", "investigating"},
    {"investigating", "handled"}, {"inspecting", "handled"},       {"handled", "closed"},
    {"closed", "verifying"},
};

int case_status_valid(const char *s)
{
    for (size_t i = 0; s && i < CG_ARRAY_LEN(statuses); i++)
        if (!strcmp(s, statuses[i]))
            return 1;
    return 0;
}

int case_status_may(const char *from, const char *to)
{
    for (size_t i = 0; from && to && i < CG_ARRAY_LEN(moves); i++)
        if (!strcmp(from, moves[i].from) && !strcmp(to, moves[i].to))
            return 1;
    return 0;
}

static void obj_name(char *obj, size_t n, int64_t id)
{
    snprintf(obj, n, "case:%lld", (long long)id);
}

int case_event_conn(store_conn *c, int64_t case_id, const actor *a, int64_t now, const char *kind,
                    const char *text, cg_err *err)
{
    store_stmt *q = store_prep(c,
                               "INSERT INTO case_event(case_id, at, user_id, org_id, kind, text) "
                               "VALUES (?,?,?,?,?,?)",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, case_id);
    store_bind_i64(q, 2, now);
    store_bind_i64(q, 3, a ? a->user_id : 0);
    store_bind_i64(q, 4, a ? a->org_id : 0);
    store_bind_text(q, 5, kind);
    store_bind_text(q, 6, text);
    int rc = store_step(q, err);
    store_done(q);
    if (rc < 0)
        return rc;
    store_stmt *u = store_prep(c, "UPDATE cases SET updated_at = ? WHERE id = ?", err);
    if (!u)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(u, 1, now);
    store_bind_i64(u, 2, case_id);
    rc = store_step(u, err);
    store_done(u);
    return rc < 0 ? rc : 0;
}

/* Event on the timeline and entry in the audit log, in c's transaction. */
static int record(store_conn *c, const actor *a, int64_t case_id, const char *kind,
                  const char *text, const char *detail, cg_err *err)
{
    int rc = case_event_conn(c, case_id, a, util_now(), kind, text, err);
    if (rc)
        return rc;
    char obj[48];
    obj_name(obj, sizeof obj, case_id);
    buf d = BUF_INIT;
    if (!detail) {
        buf_putc(&d, '{');
        util_json_str(&d, 1, "text", text);
        buf_putc(&d, '}');
        detail = d.p;
    }
    rc = audit_append(c, a, kind, obj, detail, err);
    buf_free(&d);
    return rc;
}

static int org_by_code(store_conn *c, const char *code, int64_t *id, char *name, size_t name_len,
                       cg_err *err)
{
    store_stmt *q = store_prep(c, "SELECT id, name FROM org WHERE code = ?", err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_text(q, 1, code);
    int rc = store_step(q, err);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return cg_err_set(err, CG_ENOTFOUND, "no organisation '%s'", code);
    *id = store_col_i64(q, 0);
    if (name)
        snprintf(name, name_len, "%s", store_col_text(q, 1));
    store_done(q);
    return 0;
}

static int case_org_set(store_conn *c, int64_t case_id, int64_t org, const char *role, int64_t now,
                        cg_err *err)
{
    store_stmt *q =
        store_prep(c,
                   "INSERT INTO case_org(case_id, org_id, role, since) VALUES (?,?,?,?) "
                   "ON CONFLICT(case_id, org_id) DO UPDATE SET role = excluded.role, "
                   "since = excluded.since",
                   err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, case_id);
    store_bind_i64(q, 2, org);
    store_bind_text(q, 3, role);
    store_bind_i64(q, 4, now);
    int rc = store_step(q, err);
    store_done(q);
    return rc < 0 ? rc : 0;
}

int case_create_conn(store_conn *c, const actor *a, const case_in *in, int64_t now, int64_t *id,
                     cg_err *err)
{
    if (!access_role_may(a, ACT_CASE_CREATE))
        return cg_err_set(err, CG_EPERM, "case: your role does not open cases");
    if (!alert_kind_valid(in->violation))
        return cg_err_set(err, CG_EINVAL, "case: field 'violation': '%s' is not a violation code",
                          in->violation ? in->violation : "");
    if (util_blank(in->title))
        return cg_err_set(err, CG_EINVAL, "case: field 'title' is empty");
    int64_t lead = a->org_id;
    int rc;
    if (in->lead_org && *in->lead_org) {
        if ((rc = org_by_code(c, in->lead_org, &lead, NULL, 0, err)))
            return cg_err_set(err, rc, "case: field 'lead_org': %s", err->msg);
    }
    if (!lead)
        return cg_err_set(err, CG_EINVAL, "case: field 'lead_org' is required");
    if (lead != a->org_id && !access_role_may(a, ACT_CASE_PROVINCE))
        return cg_err_set(err, CG_EPERM,
                          "case: only a coordinator opens a case that another agency leads");
    store_stmt *q = store_prep(c, "SELECT kind FROM org WHERE id = ?", err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, lead);
    rc = store_step(q, err);
    int ent = rc == STORE_ROW && org_kind_is_enterprise(org_kind_parse(store_col_text(q, 0)));
    store_done(q);
    if (rc < 0)
        return rc;
    if (ent)
        return cg_err_set(err, CG_EINVAL,
                          "case: field 'lead_org': an enterprise cannot lead a case");
    if (in->district && *in->district) {
        store_stmt *d = store_prep(c, "SELECT 1 FROM district WHERE code = ?", err);
        if (!d)
            return util_code(err, CG_EUNAVAIL);
        store_bind_text(d, 1, in->district);
        rc = store_step(d, err);
        store_done(d);
        if (rc < 0)
            return rc;
        if (rc == STORE_DONE)
            return cg_err_set(err, CG_ENOTFOUND, "case: field 'district': no district '%s'",
                              in->district);
    }
    q = store_prep(c,
                   "INSERT INTO cases(code, violation, title, facts, district, lead_org, status, "
                   "created_by, created_at, updated_at) VALUES "
                   "(?,?,?,?,?,?,'new',?,?,?)",
                   err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    /* The code needs the id; until the update below it holds a unique
     * placeholder. */
    unsigned char r[8];
    char placeholder[32];
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EUNAVAIL, "case: the crypto library cannot start");
    randombytes_buf(r, sizeof r);
    memcpy(placeholder, "pending-", 8);
    sodium_bin2hex(placeholder + 8, sizeof placeholder - 8, r, sizeof r);
    store_bind_text(q, 1, placeholder);
    store_bind_text(q, 2, in->violation);
    store_bind_text(q, 3, in->title);
    store_bind_text(q, 4, in->facts ? in->facts : "");
    store_bind_text(q, 5, in->district && *in->district ? in->district : NULL);
    store_bind_i64(q, 6, lead);
    if (a->user_id)
        store_bind_i64(q, 7, a->user_id);
    else
        store_bind_null(q, 7);
    store_bind_i64(q, 8, now);
    store_bind_i64(q, 9, now);
    rc = store_step(q, err);
    store_done(q);
    if (rc < 0)
        return rc;
    int64_t cid = store_last_id(c);
    int y, mo, d, h, mi, se;
    ts_to_civil(now, TS_VN_OFFSET_MIN, &y, &mo, &d, &h, &mi, &se);
    char code[32];
    snprintf(code, sizeof code, "VV-%04d-%06lld", y, (long long)cid);
    store_stmt *u = store_prep(c, "UPDATE cases SET code = ? WHERE id = ?", err);
    if (!u)
        return util_code(err, CG_EUNAVAIL);
    store_bind_text(u, 1, code);
    store_bind_i64(u, 2, cid);
    rc = store_step(u, err);
    store_done(u);
    if (rc < 0)
        return rc;
    if ((rc = case_org_set(c, cid, lead, "lead", now, err)))
        return rc;
    buf t = BUF_INIT, dj = BUF_INIT;
    buf_printf(&t, "Mở vụ việc %s: %s", code, in->title);
    buf_putc(&dj, '{');
    util_json_str(&dj, 1, "code", code);
    util_json_str(&dj, 0, "violation", in->violation);
    util_json_i64(&dj, 0, "lead_org", lead);
    util_json_str(&dj, 0, "district", in->district);
    buf_putc(&dj, '}');
    rc = record(c, a, cid, "case.create", t.p, dj.p, err);
    buf_free(&t);
    buf_free(&dj);
    if (!rc && id)
        *id = cid;
    return rc;
}

int case_create(store *s, const actor *a, const case_in *in, int64_t *id, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    UTIL_TX_BEGIN(s, c, err)
    rc = case_create_conn(c, a, in, util_now(), id, err);
    return util_tx_end(c, rc, err);
}

static int get_status(store_conn *c, int64_t id, char st[16], cg_err *err)
{
    store_stmt *q = store_prep(c, "SELECT status FROM cases WHERE id = ?", err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, id);
    int rc = store_step(q, err);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return cg_err_set(err, CG_ENOTFOUND, "case %lld not found", (long long)id);
    snprintf(st, 16, "%s", store_col_text(q, 0));
    store_done(q);
    return 0;
}

int case_set_status(store *s, const actor *a, int64_t id, const char *to, const char *reason,
                    cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (!case_status_valid(to))
        return cg_err_set(err, CG_EINVAL, "case %lld: field 'status': '%s' is not a status",
                          (long long)id, to ? to : "");
    UTIL_TX_BEGIN(s, c, err)
    char from[16];
    if ((rc = access_case_conn(c, a, id, ACCESS_WRITE, NULL, err)) ||
        (rc = get_status(c, id, from, err)))
        return util_tx_end(c, rc, err);
    if (!case_status_may(from, to))
        return util_tx_end(c,
                           cg_err_set(err, CG_ECONFLICT, "case %lld: cannot move from %s to %s",
                                      (long long)id, from, to),
                           err);
    if (!strcmp(from, "closed") && util_blank(reason))
        return util_tx_end(c,
                           cg_err_set(err, CG_EINVAL,
                                      "case %lld: field 'reason' is required to reopen",
                                      (long long)id),
                           err);
    int64_t now = util_now();
    store_stmt *u = store_prep(c, "UPDATE cases SET status = ?, closed_at = ? WHERE id = ?", err);
    if (!u)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_text(u, 1, to);
    if (!strcmp(to, "closed"))
        store_bind_i64(u, 2, now);
    else
        store_bind_null(u, 2);
    store_bind_i64(u, 3, id);
    rc = store_step(u, err);
    store_done(u);
    if (rc >= 0) {
        buf t = BUF_INIT, d = BUF_INIT;
        buf_printf(&t, "Trạng thái: %s → %s", from, to);
        if (!util_blank(reason))
            buf_printf(&t, " (%s)", reason);
        buf_putc(&d, '{');
        util_json_str(&d, 1, "from", from);
        util_json_str(&d, 0, "to", to);
        util_json_str(&d, 0, "reason", util_blank(reason) ? NULL : reason);
        buf_putc(&d, '}');
        rc = record(c, a, id, "case.status", t.p, d.p, err);
        buf_free(&t);
        buf_free(&d);
    }
    return util_tx_end(c, rc < 0 ? rc : 0, err);
}

int case_update(store *s, const actor *a, int64_t id, const char *title, const char *facts,
                cg_err *err)
{
    if (title && util_blank(title))
        return cg_err_set(err, CG_EINVAL, "case %lld: field 'title' is empty", (long long)id);
    UTIL_TX_BEGIN(s, c, err)
    if ((rc = access_case_conn(c, a, id, ACCESS_WRITE, NULL, err)))
        return util_tx_end(c, rc, err);
    store_stmt *u = store_prep(c,
                               "UPDATE cases SET title = coalesce(?, title), "
                               "facts = coalesce(?, facts) WHERE id = ?",
                               err);
    if (!u)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_text(u, 1, title);
    store_bind_text(u, 2, facts);
    store_bind_i64(u, 3, id);
    rc = store_step(u, err);
    store_done(u);
    if (rc >= 0) {
        buf d = BUF_INIT;
        buf_putc(&d, '{');
        util_json_str(&d, 1, "title", title);
        util_json_str(&d, 0, "facts", facts);
        buf_putc(&d, '}');
        rc = record(c, a, id, "case.update", "Cập nhật tiêu đề / nội dung vụ việc", d.p, err);
        buf_free(&d);
    }
    return util_tx_end(c, rc < 0 ? rc : 0, err);
}

int case_join(store *s, const actor *a, int64_t id, const char *org_code, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    UTIL_TX_BEGIN(s, c, err)
    if ((rc = access_case_conn(c, a, id, ACCESS_WRITE, NULL, err)))
        return util_tx_end(c, rc, err);
    int64_t org;
    char name[256];
    if ((rc = org_by_code(c, org_code ? org_code : "", &org, name, sizeof name, err)))
        return util_tx_end(
            c, cg_err_set(err, rc, "case %lld: field 'org': %s", (long long)id, err->msg), err);
    store_stmt *q =
        store_prep(c, "SELECT role FROM case_org WHERE case_id = ? AND org_id = ?", err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, id);
    store_bind_i64(q, 2, org);
    rc = store_step(q, err);
    int already = rc == STORE_ROW && strcmp(store_col_text(q, 0), "former_lead");
    store_done(q);
    if (rc < 0 || already)
        return util_tx_end(c, rc < 0 ? rc : 0, err);
    if ((rc = case_org_set(c, id, org, "joined", util_now(), err)))
        return util_tx_end(c, rc, err);
    buf t = BUF_INIT;
    buf_printf(&t, "%s tham gia vụ việc", name);
    char d[64];
    snprintf(d, sizeof d, "{\"org_id\":%lld}", (long long)org);
    rc = record(c, a, id, "case.join", t.p, d, err);
    buf_free(&t);
    return util_tx_end(c, rc, err);
}

int case_handover(store *s, const actor *a, int64_t id, const char *to_org, const char *reason,
                  cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (util_blank(reason))
        return cg_err_set(err, CG_EINVAL, "case %lld: field 'reason' is required to hand over",
                          (long long)id);
    UTIL_TX_BEGIN(s, c, err)
    int is_lead = 0;
    if ((rc = access_case_conn(c, a, id, ACCESS_WRITE, &is_lead, err)))
        return util_tx_end(c, rc, err);
    if (!is_lead && !access_role_may(a, ACT_CASE_PROVINCE))
        return util_tx_end(c,
                           cg_err_set(err, CG_EPERM,
                                      "case %lld: only the lead agency or a coordinator hands "
                                      "over the lead",
                                      (long long)id),
                           err);
    int64_t org;
    char name[256];
    if ((rc = org_by_code(c, to_org ? to_org : "", &org, name, sizeof name, err)))
        return util_tx_end(
            c, cg_err_set(err, rc, "case %lld: field 'to_org': %s", (long long)id, err->msg), err);
    store_stmt *q = store_prep(c,
                               "SELECT c.lead_org, o.name, (SELECT kind FROM org WHERE id = ?) "
                               "FROM cases c JOIN org o ON o.id = c.lead_org WHERE c.id = ?",
                               err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, org);
    store_bind_i64(q, 2, id);
    if ((rc = store_step(q, err)) != STORE_ROW)
        return util_tx_end(c, rc < 0 ? rc : CG_ENOTFOUND, err);
    int64_t old = store_col_i64(q, 0);
    char old_name[256];
    snprintf(old_name, sizeof old_name, "%s", store_col_text(q, 1));
    int ent = org_kind_is_enterprise(org_kind_parse(store_col_text(q, 2)));
    store_done(q);
    if (old == org)
        return util_tx_end(
            c, cg_err_set(err, CG_ECONFLICT, "case %lld: %s leads it already", (long long)id, name),
            err);
    if (ent)
        return util_tx_end(c,
                           cg_err_set(err, CG_EINVAL,
                                      "case %lld: field 'to_org': an enterprise cannot lead",
                                      (long long)id),
                           err);
    int64_t now = util_now();
    store_stmt *u = store_prep(c, "UPDATE cases SET lead_org = ? WHERE id = ?", err);
    if (!u)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(u, 1, org);
    store_bind_i64(u, 2, id);
    rc = store_step(u, err);
    store_done(u);
    if (rc < 0 || (rc = case_org_set(c, id, old, "former_lead", now, err)) ||
        (rc = case_org_set(c, id, org, "lead", now, err)))
        return util_tx_end(c, rc, err);
    buf t = BUF_INIT, d = BUF_INIT;
    buf_printf(&t, "Chuyển giao chủ trì từ %s sang %s: %s", old_name, name, reason);
    buf_putc(&d, '{');
    util_json_i64(&d, 1, "from_org", old);
    util_json_i64(&d, 0, "to_org", org);
    util_json_str(&d, 0, "reason", reason);
    buf_putc(&d, '}');
    rc = record(c, a, id, "case.handover", t.p, d.p, err);
    buf_free(&t);
    buf_free(&d);
    return util_tx_end(c, rc, err);
}

int case_note_add(store *s, const actor *a, int64_t id, const char *body, int64_t *note_id,
                  cg_err *err)
{
    if (util_blank(body))
        return cg_err_set(err, CG_EINVAL, "case %lld: field 'body' is empty", (long long)id);
    UTIL_TX_BEGIN(s, c, err)
    if ((rc = access_case_conn(c, a, id, ACCESS_WRITE, NULL, err)))
        return util_tx_end(c, rc, err);
    store_stmt *q = store_prep(c,
                               "INSERT INTO case_note(case_id, user_id, body, created_at) "
                               "VALUES (?,?,?,?)",
                               err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, id);
    if (a->user_id)
        store_bind_i64(q, 2, a->user_id);
    else
        store_bind_null(q, 2);
    store_bind_text(q, 3, body);
    store_bind_i64(q, 4, util_now());
    rc = store_step(q, err);
    store_done(q);
    int64_t nid = store_last_id(c);
    if (rc >= 0) {
        char d[64];
        snprintf(d, sizeof d, "{\"note_id\":%lld}", (long long)nid);
        rc = record(c, a, id, "case.note", "Thêm ghi chú", d, err);
    }
    rc = util_tx_end(c, rc < 0 ? rc : 0, err);
    if (!rc && note_id)
        *note_id = nid;
    return rc;
}

int case_task_add(store *s, const actor *a, int64_t id, const char *title, int64_t assignee,
                  int64_t deadline, int64_t *task_id, cg_err *err)
{
    if (util_blank(title))
        return cg_err_set(err, CG_EINVAL, "case %lld: field 'title' of the task is empty",
                          (long long)id);
    UTIL_TX_BEGIN(s, c, err)
    if ((rc = access_case_conn(c, a, id, ACCESS_WRITE, NULL, err)))
        return util_tx_end(c, rc, err);
    if (assignee) {
        store_stmt *q =
            store_prep(c,
                       "SELECT 1 FROM app_user u JOIN case_org co ON co.org_id = u.org_id "
                       "AND co.case_id = ? AND co.role IN ('lead','joined') "
                       "WHERE u.id = ?",
                       err);
        if (!q)
            return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
        store_bind_i64(q, 1, id);
        store_bind_i64(q, 2, assignee);
        rc = store_step(q, err);
        store_done(q);
        if (rc == STORE_DONE)
            rc = cg_err_set(err, CG_EINVAL,
                            "case %lld: field 'assignee': user %lld is not in an agency on the "
                            "case",
                            (long long)id, (long long)assignee);
        if (rc < 0)
            return util_tx_end(c, rc, err);
    }
    store_stmt *q = store_prep(c,
                               "INSERT INTO case_task(case_id, title, assignee, deadline, "
                               "created_at) VALUES (?,?,?,?,?)",
                               err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, id);
    store_bind_text(q, 2, title);
    if (assignee)
        store_bind_i64(q, 3, assignee);
    else
        store_bind_null(q, 3);
    if (deadline)
        store_bind_i64(q, 4, deadline);
    else
        store_bind_null(q, 4);
    store_bind_i64(q, 5, util_now());
    rc = store_step(q, err);
    store_done(q);
    int64_t tid = store_last_id(c);
    if (rc >= 0) {
        buf t = BUF_INIT, d = BUF_INIT;
        buf_printf(&t, "Giao nhiệm vụ: %s", title);
        buf_putc(&d, '{');
        util_json_i64(&d, 1, "task_id", tid);
        util_json_i64(&d, 0, "assignee", assignee);
        util_json_i64(&d, 0, "deadline", deadline);
        buf_putc(&d, '}');
        rc = record(c, a, id, "case.task", t.p, d.p, err);
        buf_free(&t);
        buf_free(&d);
    }
    rc = util_tx_end(c, rc < 0 ? rc : 0, err);
    if (!rc && task_id)
        *task_id = tid;
    return rc;
}

int case_task_done(store *s, const actor *a, int64_t task_id, cg_err *err)
{
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *q =
        store_prep(c, "SELECT case_id, done_at, title FROM case_task WHERE id = ?", err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, task_id);
    rc = store_step(q, err);
    if (rc == STORE_DONE)
        rc = cg_err_set(err, CG_ENOTFOUND, "task %lld not found", (long long)task_id);
    if (rc < 0)
        return util_tx_end(c, rc, err);
    int64_t cid = store_col_i64(q, 0);
    int done = !store_col_is_null(q, 1);
    buf t = BUF_INIT;
    buf_printf(&t, "Hoàn thành nhiệm vụ: %s", store_col_text(q, 2));
    store_done(q);
    if ((rc = access_case_conn(c, a, cid, ACCESS_WRITE, NULL, err)) == 0 && done)
        rc = cg_err_set(err, CG_ECONFLICT, "task %lld is done already", (long long)task_id);
    if (!rc) {
        store_stmt *u = store_prep(c, "UPDATE case_task SET done_at = ? WHERE id = ?", err);
        if (!u)
            rc = util_code(err, CG_EUNAVAIL);
        else {
            store_bind_i64(u, 1, util_now());
            store_bind_i64(u, 2, task_id);
            rc = store_step(u, err);
            store_done(u);
        }
    }
    if (rc >= 0) {
        char d[64];
        snprintf(d, sizeof d, "{\"task_id\":%lld}", (long long)task_id);
        rc = record(c, a, cid, "case.task_done", t.p, d, err);
    }
    buf_free(&t);
    return util_tx_end(c, rc < 0 ? rc : 0, err);
}

int case_outcome_add(store *s, const actor *a, int64_t id, const char *kind, int64_t amount_vnd,
                     const char *description, int64_t *outcome_id, cg_err *err)
{
    static const char *const okinds[] = {"fine", "seizure", "prosecution", "warning"};
    int known = 0;
    for (size_t i = 0; kind && i < CG_ARRAY_LEN(okinds); i++)
        known |= !strcmp(kind, okinds[i]);
    if (!known)
        return cg_err_set(err, CG_EINVAL,
                          "case %lld: field 'kind' must be fine, seizure, prosecution or warning",
                          (long long)id);
    if (!strcmp(kind, "fine") && amount_vnd <= 0)
        return cg_err_set(err, CG_EINVAL, "case %lld: field 'amount_vnd' must be > 0 for a fine",
                          (long long)id);
    if (amount_vnd < 0)
        return cg_err_set(err, CG_EINVAL, "case %lld: field 'amount_vnd' is negative",
                          (long long)id);
    if (util_blank(description))
        return cg_err_set(err, CG_EINVAL, "case %lld: field 'description' is empty", (long long)id);
    UTIL_TX_BEGIN(s, c, err)
    if ((rc = access_case_conn(c, a, id, ACCESS_WRITE, NULL, err)))
        return util_tx_end(c, rc, err);
    store_stmt *q = store_prep(c,
                               "INSERT INTO case_outcome(case_id, kind, amount_vnd, description, "
                               "at) VALUES (?,?,?,?,?)",
                               err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, id);
    store_bind_text(q, 2, kind);
    store_bind_i64(q, 3, amount_vnd);
    store_bind_text(q, 4, description);
    store_bind_i64(q, 5, util_now());
    rc = store_step(q, err);
    store_done(q);
    int64_t oid = store_last_id(c);
    if (rc >= 0) {
        buf t = BUF_INIT, d = BUF_INIT;
        buf_printf(&t, "Kết quả xử lý (%s): %s", kind, description);
        buf_putc(&d, '{');
        util_json_i64(&d, 1, "outcome_id", oid);
        util_json_str(&d, 0, "kind", kind);
        util_json_i64(&d, 0, "amount_vnd", amount_vnd);
        buf_putc(&d, '}');
        rc = record(c, a, id, "case.outcome", t.p, d.p, err);
        buf_free(&t);
        buf_free(&d);
    }
    rc = util_tx_end(c, rc < 0 ? rc : 0, err);
    if (!rc && outcome_id)
        *outcome_id = oid;
    return rc;
}

/* Append the rows of q as a JSON array; cols[i] names column i, with a
 * leading '#' for integers. */
static int section(store_conn *c, buf *out, const char *name, const char *sql, int64_t id,
                   const char *const *cols, int ncols, cg_err *err)
{
    store_stmt *q = store_prep(c, sql, err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, id);
    buf_printf(out, ",\"%s\":", name);
    return util_rows_json(q, cols, ncols, out, err);
}

/* Fill *view for a read of case id by a. */
static void view_of(const actor *a, int64_t id, int is_lead, const char *detail, case_view *view)
{
    view->needed = !is_lead && a && a->user_id;
    obj_name(view->object, sizeof view->object, id);
    view->detail = detail;
}

/* Write the view (if needed) before out is shown; on failure out is cut back
 * to start. */
static int log_view(store *s, const actor *a, const case_view *view, buf *out, size_t start,
                    cg_err *err)
{
    if (!view->needed)
        return 0;
    int rc = audit_record(s, a, "case.view", view->object, view->detail, err);
    if (rc) {
        out->len = start;
        out->p[start] = 0;
    }
    return rc;
}

int case_get_json(store *s, const actor *a, int64_t id, buf *out, cg_err *err)
{
    case_view view;
    size_t start = out->len;
    int rc = case_read_json(s, a, id, out, &view, err);
    return rc ? rc : log_view(s, a, &view, out, start, err);
}

int case_read_json(store *s, const actor *a, int64_t id, buf *out, case_view *view, cg_err *err)
{
    view->needed = 0;
    cg_err local;
    if (!err)
        err = &local;
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    if ((rc = store_begin_read(c, err))) {
        store_release(c);
        return rc;
    }
    int is_lead = 0, can_write = 0;
    if ((rc = access_case_read(c, a, id, &is_lead, &can_write, err))) {
        store_release(c);
        return rc;
    }
    store_stmt *q = store_prep(c,
                               "SELECT c.id, c.code, c.violation, c.title, c.facts, c.district, "
                               "c.status, o.id, o.code, o.name, c.created_at, c.updated_at, "
                               "c.closed_at FROM cases c JOIN org o ON o.id = c.lead_org "
                               "WHERE c.id = ?",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_i64(q, 1, id);
    if ((rc = store_step(q, err)) != STORE_ROW) {
        store_release(c);
        return rc < 0 ? rc : cg_err_set(err, CG_ENOTFOUND, "case %lld not found", (long long)id);
    }
    size_t start = out->len;
    buf_putc(out, '{');
    util_json_i64(out, 1, "id", store_col_i64(q, 0));
    util_json_col_str(out, 0, "code", q, 1);
    util_json_col_str(out, 0, "violation", q, 2);
    util_json_str(out, 0, "violation_vi", alert_kind_name_vi(store_col_text(q, 2)));
    util_json_col_str(out, 0, "title", q, 3);
    util_json_col_str(out, 0, "facts", q, 4);
    util_json_col_str(out, 0, "district", q, 5);
    util_json_col_str(out, 0, "status", q, 6);
    buf_puts(out, ",\"lead\":{");
    util_json_i64(out, 1, "id", store_col_i64(q, 7));
    util_json_col_str(out, 0, "code", q, 8);
    util_json_col_str(out, 0, "name", q, 9);
    buf_putc(out, '}');
    util_json_i64(out, 0, "created_at", store_col_i64(q, 10));
    util_json_i64(out, 0, "updated_at", store_col_i64(q, 11));
    util_json_col_i64(out, 0, "closed_at", q, 12);
    util_json_str(out, 0, "access", can_write ? "write" : "read");
    store_done(q);

    static const char *const orgs_c[] = {"#id", "code", "name", "kind", "role"};
    static const char *const tasks_c[] = {"#id",       "title",    "#assignee",
                                          "#deadline", "#done_at", "#created_at"};
    static const char *const notes_c[] = {"#id", "#user_id", "author", "body", "#created_at"};
    static const char *const outc_c[] = {"#id", "kind", "#amount_vnd", "description", "#at"};
    static const char *const alerts_c[] = {"#id",        "kind",  "source",
                                           "source_ref", "title", "#observed_at"};
    static const char *const subj_c[] = {"#id", "kind", "value", "label", "#other_cases"};
    static const char *const ev_c[] = {"#id",  "sha256",    "#size",    "name",
                                       "mime", "#added_by", "#added_at"};
    static const char *const tl_c[] = {"#id", "#at", "#user_id", "#org_id", "kind", "text"};
    if (!rc || rc == STORE_ROW)
        rc = section(c, out, "orgs",
                     "SELECT o.id, o.code, o.name, o.kind, co.role FROM case_org co "
                     "JOIN org o ON o.id = co.org_id WHERE co.case_id = ? ORDER BY co.since",
                     id, orgs_c, 5, err);
    if (!rc)
        rc = section(c, out, "tasks",
                     "SELECT id, title, assignee, deadline, done_at, created_at FROM case_task "
                     "WHERE case_id = ? ORDER BY id",
                     id, tasks_c, 6, err);
    if (!rc)
        rc = section(c, out, "notes",
                     "SELECT n.id, n.user_id, u.name, n.body, n.created_at FROM case_note n "
                     "JOIN app_user u ON u.id = n.user_id WHERE n.case_id = ? ORDER BY n.id",
                     id, notes_c, 5, err);
    if (!rc)
        rc = section(c, out, "outcomes",
                     "SELECT id, kind, amount_vnd, description, at FROM case_outcome "
                     "WHERE case_id = ? ORDER BY id",
                     id, outc_c, 5, err);
    if (!rc)
        rc = section(c, out, "alerts",
                     "SELECT id, kind, source, source_ref, title, observed_at FROM alert "
                     "WHERE case_id = ? ORDER BY id DESC LIMIT 50",
                     id, alerts_c, 6, err);
    if (!rc)
        rc = section(c, out, "subjects",
                     "SELECT s.id, s.kind, s.value, s.label, (SELECT count(DISTINCT s2.case_id) "
                     "FROM subject s2 WHERE s2.kind = s.kind AND s2.value = s.value AND "
                     "s2.case_id <> s.case_id) FROM subject s WHERE s.case_id = ? ORDER BY s.id",
                     id, subj_c, 5, err);
    if (!rc)
        rc = section(c, out, "evidence",
                     "SELECT id, sha256, size, name, mime, added_by, added_at FROM evidence "
                     "WHERE case_id = ? ORDER BY id",
                     id, ev_c, 7, err);
    if (!rc) {
        buf_puts(out, ",\"stops\":");
        rc = stop_order_case_json(c, id, util_now(), out, err);
    }
    if (!rc)
        rc = section(c, out, "timeline",
                     "SELECT * FROM (SELECT id, at, user_id, org_id, kind, text FROM case_event "
                     "WHERE case_id = ? ORDER BY id DESC LIMIT 100) ORDER BY id",
                     id, tl_c, 6, err);
    store_release(c);
    if (rc) {
        out->len = start;
        out->p[start] = 0;
        return rc;
    }
    buf_putc(out, '}');
    view_of(a, id, is_lead, NULL, view);
    return 0;
}

#define CASE_COLS                                                                                  \
    "c.id, c.code, c.violation, c.title, c.district, c.status, o.id, o.code, c.updated_at"

/* One line of the case list, as util_page_json writes it. */
static void case_item(buf *out, store_stmt *q, void *ctx)
{
    buf_putc(out, '{');
    util_json_i64(out, 1, "id", store_col_i64(q, 0));
    util_json_col_str(out, 0, "code", q, 1);
    util_json_col_str(out, 0, "violation", q, 2);
    util_json_col_str(out, 0, "title", q, 3);
    util_json_col_str(out, 0, "district", q, 4);
    util_json_col_str(out, 0, "status", q, 5);
    buf_puts(out, ",\"lead\":{");
    util_json_i64(out, 1, "id", store_col_i64(q, 6));
    util_json_col_str(out, 0, "code", q, 7);
    buf_putc(out, '}');
    util_json_i64(out, 0, "updated_at", store_col_i64(q, 8));
    buf_putc(out, '}');
}

int case_list_json(store *s, const actor *a, const case_filter *f, buf *out, cg_err *err)
{
    if (!a || a->role == ROLE_NONE || a->role == ROLE_REPORTER)
        return cg_err_set(err, CG_EPERM, "cases: your role does not see cases");
    case_filter none = {0};
    if (!f)
        f = &none;
    if (f->status && !case_status_valid(f->status))
        return cg_err_set(err, CG_EINVAL, "cases: field 'status': '%s' is not a status", f->status);
    int limit = util_limit(f->limit, 50, 200);
    int all = a->role == ROLE_ADMIN || a->role == ROLE_COORDINATOR;
    const char *sql;
    /* ?1 status, ?2 district, ?3 cursor, ?4 limit, ?5 org, ?6 own district */
    if (all) {
        if (f->status && f->district)
            sql = "SELECT " CASE_COLS " FROM cases c JOIN org o ON o.id = c.lead_org WHERE "
                  "c.district = ?2 AND c.status = ?1 AND c.id < ?3 ORDER BY c.id DESC LIMIT ?4";
        else if (f->status)
            sql = "SELECT " CASE_COLS " FROM cases c JOIN org o ON o.id = c.lead_org WHERE "
                  "c.status = ?1 AND c.id < ?3 ORDER BY c.id DESC LIMIT ?4";
        else if (f->district)
            sql = "SELECT " CASE_COLS " FROM cases c JOIN org o ON o.id = c.lead_org WHERE "
                  "c.district = ?2 AND c.id < ?3 ORDER BY c.id DESC LIMIT ?4";
        else
            sql = "SELECT " CASE_COLS " FROM cases c JOIN org o ON o.id = c.lead_org WHERE "
                  "c.id < ?3 ORDER BY c.id DESC LIMIT ?4";
    } else if (a->org_kind == ORG_DISTRICT && *a->district) {
        /* The newest page of each of the two sources, then merged: each
         * side walks its own index backwards and stops after a page. */
        sql = "SELECT " CASE_COLS " FROM cases c JOIN org o ON o.id = c.lead_org WHERE "
              "c.id IN (SELECT id FROM (SELECT id FROM cases WHERE district = ?6 AND id < ?3 "
              "AND (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR district = ?2) "
              "ORDER BY id DESC LIMIT ?4) "
              "UNION SELECT case_id FROM (SELECT co.case_id FROM case_org co "
              "JOIN cases c2 ON c2.id = co.case_id WHERE co.org_id = ?5 AND co.case_id < ?3 "
              "AND (?1 IS NULL OR c2.status = ?1) AND (?2 IS NULL OR c2.district = ?2) "
              "ORDER BY co.case_id DESC LIMIT ?4)) "
              "ORDER BY c.id DESC LIMIT ?4";
    } else {
        sql = "SELECT " CASE_COLS " FROM case_org co JOIN cases c ON c.id = co.case_id "
              "JOIN org o ON o.id = c.lead_org WHERE co.org_id = ?5 AND co.case_id < ?3 "
              "AND (?1 IS NULL OR c.status = ?1) AND (?2 IS NULL OR c.district = ?2) "
              "ORDER BY co.case_id DESC LIMIT ?4";
    }
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, sql, err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_text(q, 1, f->status);
    store_bind_text(q, 2, f->district);
    store_bind_i64(q, 3, f->before > 0 ? f->before : INT64_MAX);
    store_bind_i64(q, 4, limit + 1);
    if (!all) {
        store_bind_i64(q, 5, a->org_id);
        store_bind_text(q, 6, a->district);
    }
    rc = util_page_json(q, limit, out, case_item, NULL, err);
    store_release(c);
    if (rc < 0)
        return rc;
    return 0;
}

/* One timeline event, as util_page_json writes it. */
static void event_item(buf *out, store_stmt *q, void *ctx)
{
    buf_putc(out, '{');
    util_json_i64(out, 1, "id", store_col_i64(q, 0));
    util_json_i64(out, 0, "at", store_col_i64(q, 1));
    util_json_i64(out, 0, "user_id", store_col_i64(q, 2));
    util_json_i64(out, 0, "org_id", store_col_i64(q, 3));
    util_json_col_str(out, 0, "kind", q, 4);
    util_json_col_str(out, 0, "text", q, 5);
    buf_putc(out, '}');
}

int case_timeline_json(store *s, const actor *a, int64_t id, int64_t after, int limit, buf *out,
                       cg_err *err)
{
    case_view view;
    size_t start = out->len;
    int rc = case_timeline_read_json(s, a, id, after, limit, out, &view, err);
    return rc ? rc : log_view(s, a, &view, out, start, err);
}

int case_timeline_read_json(store *s, const actor *a, int64_t id, int64_t after, int limit,
                            buf *out, case_view *view, cg_err *err)
{
    view->needed = 0;
    limit = util_limit(limit, 100, 500);
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    int is_lead = 0;
    if ((rc = access_case_conn(c, a, id, ACCESS_READ, &is_lead, err))) {
        store_release(c);
        return rc;
    }
    store_stmt *q = store_prep(c,
                               "SELECT id, at, user_id, org_id, kind, text FROM case_event "
                               "WHERE case_id = ? AND id > ? ORDER BY id LIMIT ?",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_i64(q, 1, id);
    store_bind_i64(q, 2, after);
    store_bind_i64(q, 3, limit + 1);
    rc = util_page_json(q, limit, out, event_item, NULL, err);
    store_release(c);
    if (rc < 0)
        return rc;
    view_of(a, id, is_lead, "{\"part\":\"timeline\"}", view);
    return 0;
}
