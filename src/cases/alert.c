/* alert.c: alert ingest (batched, de-duplicated on source and source_ref),
 * the scoped inbox, and triage into cases. */
#include "cases/alert.h"
#include "cases/access.h"
#include "cases/audit.h"
#include "cases/case.h"
#include "cases/evidence.h"
#include "cases/util.h"

#include "core/hmap.h"
#include "core/text.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *code, *vi;
} kinds[] = {
    {"telecom.bypass", "Trộm cắp cước viễn thông quốc tế"},
    {"telecom.illegal_voip", "Kinh doanh trái phép dịch vụ điện thoại Internet"},
    {"telecom.illegal_card", "Thẻ điện thoại lậu"},
    {"telecom.nonstandard_equipment", "Thiết bị viễn thông, CNTT không phù hợp tiêu chuẩn"},
    {"telecom.cable_theft", "Trộm cắp cáp, thiết bị viễn thông"},
    {"postal.contraband", "Hàng lậu, hàng cấm, hàng giả qua bưu chính"},
    {"postal.drugs", "Ma túy qua bưu phẩm, bưu kiện"},
    {"postal.reactionary", "Tài liệu phản động, văn hóa phẩm đồi trụy"},
    {"postal.trade_fraud", "Gian lận thương mại, trốn thuế"},
    {"it.attack", "Tấn công website, phát tán virus"},
    {"it.internet_agent", "Vi phạm về đại lý Internet"},
    {"it.ip_violation", "Vi phạm quyền tác giả, sở hữu công nghiệp trong CNTT"},
    {"radio.frequency", "Vi phạm về tần số vô tuyến điện"},
};

const char *alert_kind_at(size_t i)
{
    return i < CG_ARRAY_LEN(kinds) ? kinds[i].code : NULL;
}

int alert_kind_valid(const char *code)
{
    return alert_kind_name_vi(code) != NULL;
}

const char *alert_kind_name_vi(const char *code)
{
    for (size_t i = 0; code && i < CG_ARRAY_LEN(kinds); i++)
        if (!strcmp(code, kinds[i].code))
            return kinds[i].vi;
    return NULL;
}

static int check_one(const alert_in *a, size_t i, cg_err *err)
{
    const char *ref = a->source_ref ? a->source_ref : "";
    if (util_blank(a->source))
        return cg_err_set(err, CG_EINVAL, "alert %zu: field 'source' is empty", i);
    if (util_blank(a->source_ref))
        return cg_err_set(err, CG_EINVAL, "alert %zu: field 'source_ref' is empty", i);
    int tip_other = a->kind && !strcmp(a->kind, "other") && !strcmp(a->source, "tip");
    if (!alert_kind_valid(a->kind) && !tip_other)
        return cg_err_set(err, CG_EINVAL,
                          "alert %zu (%s): field 'kind': '%s' is not a violation "
                          "code",
                          i, ref, a->kind ? a->kind : "");
    if (!(a->score >= 0.0 && a->score <= 1.0))
        return cg_err_set(err, CG_EINVAL, "alert %zu (%s): field 'score' must be in [0, 1]", i,
                          ref);
    if (util_blank(a->title))
        return cg_err_set(err, CG_EINVAL, "alert %zu (%s): field 'title' is empty", i, ref);
    if (a->detail_json) {
        /* Kept verbatim and served as JSON later, so it must be JSON now. */
        json_error_t je;
        json_t *j = json_loads(a->detail_json, JSON_DECODE_ANY, &je);
        if (!j)
            return cg_err_set(err, CG_EINVAL,
                              "alert %zu (%s): field 'detail_json' is not JSON: %s at "
                              "column %d",
                              i, ref, je.text, je.column);
        int obj = json_is_object(j) || json_is_array(j);
        json_decref(j);
        if (!obj)
            return cg_err_set(err, CG_EINVAL,
                              "alert %zu (%s): field 'detail_json' must be an object or array", i,
                              ref);
    }
    const char *fields[] = {a->source, a->source_ref, a->title, a->detail_json};
    const char *names[] = {"source", "source_ref", "title", "detail"};
    for (int k = 0; k < 4; k++)
        if (fields[k] && !text_utf8_valid(fields[k], strlen(fields[k])))
            return cg_err_set(err, CG_EINVAL, "alert %zu (%s): field '%s' is not valid UTF-8", i,
                              ref, names[k]);
    return 0;
}

/* Organisation id by code through a per-call cache; default department
 * for NULL. Returns 0 or a negative code. */
static int org_id_of(store_conn *c, hmap *cache, const char *code, int64_t *id, cg_err *err)
{
    const char *key = code ? code : "";
    int64_t *hit = hmap_get(cache, key, strlen(key));
    if (hit) {
        *id = *hit;
        return 0;
    }
    store_stmt *q =
        code ? store_prep(c, "SELECT id FROM org WHERE code = ?", err)
             : store_prep(c, "SELECT id FROM org WHERE kind = 'department' ORDER BY id LIMIT 1",
                          err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    if (code)
        store_bind_text(q, 1, code);
    int rc = store_step(q, err);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return code ? cg_err_set(err, CG_ENOTFOUND, "field 'org_code': no organisation '%s'", code)
                    : cg_err_set(err, CG_ENOTFOUND, "no department organisation to receive alerts");
    int64_t *v = cg_malloc(sizeof *v);
    *v = store_col_i64(q, 0);
    store_done(q);
    hmap_put(cache, key, strlen(key), v);
    *id = *v;
    return 0;
}

static int district_ok(store_conn *c, hmap *cache, const char *code, cg_err *err)
{
    if (hmap_get(cache, code, strlen(code)))
        return 0;
    store_stmt *q = store_prep(c, "SELECT 1 FROM district WHERE code = ?", err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_text(q, 1, code);
    int rc = store_step(q, err);
    store_done(q);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return cg_err_set(err, CG_ENOTFOUND, "field 'district': no district '%s'", code);
    hmap_put(cache, code, strlen(code), (void *)1);
    return 0;
}

static void free_cache(hmap *m, int values)
{
    if (values) {
        const char *k;
        size_t kl;
        void *v;
        for (size_t i = 0; hmap_next(m, &i, &k, &kl, &v);)
            free(v);
    }
    hmap_free(m);
}

static int ingest(store *s, const actor *by, const alert_in *a, size_t n, size_t *created,
                  int64_t *id, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (created)
        *created = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = check_one(&a[i], i, err);
        if (rc)
            return rc;
    }
    if (n == 0)
        return 0;
    int enterprise = by && by->role == ROLE_REPORTER;
    UTIL_TX_BEGIN(s, c, err)
    hmap *orgs = hmap_new(), *districts = hmap_new();
    store_stmt *ins = store_prep(c,
                                 "INSERT INTO alert(kind, source, source_ref, score, title, "
                                 "detail, observed_at, created_at, org_id, district) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?) "
                                 "ON CONFLICT(source, source_ref) DO NOTHING",
                                 err);
    if (!ins)
        rc = util_code(err, CG_EUNAVAIL);
    int64_t now = util_now(), first = 0, last = 0, one = 0;
    size_t made = 0, bad = n;
    for (size_t i = 0; i < n && !rc; i++) {
        bad = i;
        int64_t org = 0;
        if (enterprise)
            org = by->org_id;
        else if ((rc = org_id_of(c, orgs, a[i].org_code, &org, err)))
            break;
        if (a[i].district && *a[i].district && (rc = district_ok(c, districts, a[i].district, err)))
            break;
        store_bind_text(ins, 1, a[i].kind);
        store_bind_text(ins, 2, a[i].source);
        store_bind_text(ins, 3, a[i].source_ref);
        store_bind_double(ins, 4, a[i].score);
        store_bind_text(ins, 5, a[i].title);
        store_bind_text(ins, 6, a[i].detail_json);
        store_bind_i64(ins, 7, a[i].observed_at);
        store_bind_i64(ins, 8, now);
        store_bind_i64(ins, 9, org);
        store_bind_text(ins, 10, a[i].district && *a[i].district ? a[i].district : NULL);
        int r = store_step(ins, err);
        store_done(ins);
        if (r < 0) {
            rc = r;
            break;
        }
        bad = n;
        if (store_changes(c) > 0) {
            last = store_last_id(c);
            if (!first)
                first = last;
            made++;
            one = last;
        } else if (n == 1 && id) {
            store_stmt *q =
                store_prep(c, "SELECT id FROM alert WHERE source = ? AND source_ref = ?", err);
            if (!q) {
                rc = util_code(err, CG_EUNAVAIL);
                break;
            }
            store_bind_text(q, 1, a[i].source);
            store_bind_text(q, 2, a[i].source_ref);
            if (store_step(q, err) == STORE_ROW)
                one = store_col_i64(q, 0);
            store_done(q);
        }
    }
    if (rc && bad < n) {
        /* Say which alert the look-up or store error is about. */
        cg_err inner = *err;
        cg_err_set(err, inner.code, "alert %zu (%s): %s", bad, a[bad].source_ref, inner.msg);
    }
    free_cache(orgs, 1);
    free_cache(districts, 0);
    actor sys = actor_system();
    if (!rc && made) {
        buf d = BUF_INIT;
        buf_putc(&d, '{');
        util_json_str(&d, 1, "source", a[0].source);
        util_json_i64(&d, 0, "received", (int64_t)n);
        util_json_i64(&d, 0, "created", (int64_t)made);
        util_json_i64(&d, 0, "first_id", first);
        util_json_i64(&d, 0, "last_id", last);
        buf_putc(&d, '}');
        char obj[64];
        if (made == 1)
            snprintf(obj, sizeof obj, "alert:%lld", (long long)first);
        else
            snprintf(obj, sizeof obj, "alert:%lld-%lld", (long long)first, (long long)last);
        rc = audit_append(c, by ? by : &sys, "alert.ingest", obj, d.p, err);
        buf_free(&d);
    }
    rc = util_tx_end(c, rc, err);
    if (!rc) {
        if (created)
            *created = made;
        if (id)
            *id = n == 1 ? one : 0;
    }
    return rc;
}

int alert_ingest(store *s, const alert_in *a, size_t n, size_t *created, cg_err *err)
{
    return ingest(s, NULL, a, n, created, NULL, err);
}

int alert_ingest_as(store *s, const actor *by, const alert_in *a, size_t n, size_t *created,
                    int64_t *id, cg_err *err)
{
    if (!access_role_may(by, ACT_ALERT_CREATE))
        return cg_err_set(err, CG_EPERM, "alert: your role does not raise alerts");
    if (by->role == ROLE_REPORTER && n > 0) {
        alert_in *copy = cg_malloc(n * sizeof *copy);
        for (size_t i = 0; i < n; i++) {
            copy[i] = a[i];
            copy[i].org_code = NULL;
            if (!copy[i].source)
                copy[i].source = "enterprise";
        }
        int rc = ingest(s, by, copy, n, created, id, err);
        free(copy);
        return rc;
    }
    return ingest(s, by, a, n, created, id, err);
}

#define ALERT_COLS                                                                                 \
    "a.id, a.kind, a.source, a.source_ref, a.score, a.title, a.observed_at, a.created_at, "        \
    "o.code, a.district, a.status, a.case_id"

static void alert_row(buf *out, store_stmt *q)
{
    buf_putc(out, '{');
    util_json_i64(out, 1, "id", store_col_i64(q, 0));
    util_json_col_str(out, 0, "kind", q, 1);
    util_json_col_str(out, 0, "source", q, 2);
    util_json_col_str(out, 0, "source_ref", q, 3);
    buf_printf(out, ",\"score\":%.4g", store_col_double(q, 4));
    util_json_col_str(out, 0, "title", q, 5);
    util_json_i64(out, 0, "observed_at", store_col_i64(q, 6));
    util_json_i64(out, 0, "created_at", store_col_i64(q, 7));
    util_json_col_str(out, 0, "org", q, 8);
    util_json_col_str(out, 0, "district", q, 9);
    util_json_col_str(out, 0, "status", q, 10);
    util_json_col_i64(out, 0, "case_id", q, 11);
}

/* One inbox line, as util_page_json writes it. */
static void alert_item(buf *out, store_stmt *q, void *ctx)
{
    alert_row(out, q);
    buf_putc(out, '}');
}

int alert_inbox_json(store *s, const actor *a, const alert_filter *f, buf *out, cg_err *err)
{
    if (!a || a->role == ROLE_NONE)
        return cg_err_set(err, CG_EPERM, "alerts: not allowed");
    alert_filter none = {0};
    if (!f)
        f = &none;
    if (f->status && strcmp(f->status, "new") && strcmp(f->status, "dismissed") &&
        strcmp(f->status, "attached"))
        return cg_err_set(err, CG_EINVAL, "alerts: field 'status': '%s' is not a status",
                          f->status);
    int limit = util_limit(f->limit, 50, 200);
    int all = (a->user_id == 0 && a->role == ROLE_ADMIN) || a->role == ROLE_ADMIN ||
              a->role == ROLE_COORDINATOR;
    const char *sql;
    if (all)
        sql = f->status ? "SELECT " ALERT_COLS " FROM alert a JOIN org o ON o.id = a.org_id "
                          "WHERE a.status = ?1 AND a.id < ?2 ORDER BY a.id DESC LIMIT ?3"
                        : "SELECT " ALERT_COLS " FROM alert a JOIN org o ON o.id = a.org_id "
                          "WHERE a.id < ?2 ORDER BY a.id DESC LIMIT ?3";
    else
        sql = f->status ? "SELECT " ALERT_COLS " FROM alert a JOIN org o ON o.id = a.org_id "
                          "WHERE a.org_id = ?4 AND a.status = ?1 AND a.id < ?2 "
                          "ORDER BY a.id DESC LIMIT ?3"
                        : "SELECT " ALERT_COLS " FROM alert a JOIN org o ON o.id = a.org_id "
                          "WHERE a.org_id = ?4 AND a.id < ?2 ORDER BY a.id DESC LIMIT ?3";
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, sql, err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    if (f->status)
        store_bind_text(q, 1, f->status);
    store_bind_i64(q, 2, f->before > 0 ? f->before : INT64_MAX);
    store_bind_i64(q, 3, limit + 1);
    if (!all)
        store_bind_i64(q, 4, a->org_id);
    rc = util_page_json(q, limit, out, alert_item, NULL, err);
    store_release(c);
    if (rc < 0)
        return rc;
    return 0;
}

int alert_get_json(store *s, const actor *a, int64_t id, buf *out, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    if ((rc = access_alert_conn(c, a, id, ACCESS_READ, err))) {
        store_release(c);
        return rc;
    }
    store_stmt *q = store_prep(c,
                               "SELECT " ALERT_COLS ", a.detail, a.reason FROM alert a "
                               "JOIN org o ON o.id = a.org_id WHERE a.id = ?",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_i64(q, 1, id);
    rc = store_step(q, err);
    if (rc == STORE_ROW) {
        alert_row(out, q);
        /* detail is the engine's JSON, kept verbatim; anything else that was
         * stored there is shown as a string so the answer stays JSON. */
        const char *d = store_col_text(q, 12);
        buf_puts(out, ",\"detail\":");
        if (!d)
            buf_puts(out, "null");
        else if (*d == '{' || *d == '[')
            buf_puts(out, d);
        else
            buf_json_str(out, d, strlen(d));
        util_json_col_str(out, 0, "reason", q, 13);
        buf_putc(out, '}');
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = cg_err_set(err, CG_ENOTFOUND, "alert %lld not found", (long long)id);
    }
    store_release(c);
    return rc;
}

/* The alert's state for triage, on c inside a transaction: must be "new". */
static int triage_check(store_conn *c, const actor *a, int64_t id, cg_err *err)
{
    if (!access_role_may(a, ACT_ALERT_TRIAGE))
        return cg_err_set(err, CG_EPERM, "alert %lld: your role does not triage alerts",
                          (long long)id);
    int rc = access_alert_conn(c, a, id, ACCESS_WRITE, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, "SELECT status FROM alert WHERE id = ?", err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, id);
    rc = store_step(q, err);
    if (rc < 0)
        return rc;
    int is_new = rc == STORE_ROW && !strcmp(store_col_text(q, 0), "new");
    char st[16] = "";
    if (rc == STORE_ROW)
        snprintf(st, sizeof st, "%s", store_col_text(q, 0));
    store_done(q);
    if (!is_new)
        return cg_err_set(err, CG_ECONFLICT, "alert %lld is %s already, not new", (long long)id,
                          st);
    return 0;
}

static int attach_conn(store_conn *c, const actor *a, int64_t id, int64_t case_id, cg_err *err)
{
    store_stmt *u =
        store_prep(c, "UPDATE alert SET status = 'attached', case_id = ? WHERE id = ?", err);
    if (!u)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(u, 1, case_id);
    store_bind_i64(u, 2, id);
    int rc = store_step(u, err);
    store_done(u);
    if (rc < 0)
        return rc;
    if ((rc = evidence_adopt_tip_files_conn(c, a, id, case_id, err)))
        return rc;
    char text[96], obj[48], d[64];
    snprintf(text, sizeof text, "Gắn cảnh báo #%lld vào vụ việc", (long long)id);
    if ((rc = case_event_conn(c, case_id, a, util_now(), "alert.attach", text, err)))
        return rc;
    snprintf(obj, sizeof obj, "alert:%lld", (long long)id);
    snprintf(d, sizeof d, "{\"case_id\":%lld}", (long long)case_id);
    return audit_append(c, a, "alert.attach", obj, d, err);
}

int alert_dismiss(store *s, const actor *a, int64_t id, const char *reason, cg_err *err)
{
    if (util_blank(reason))
        return cg_err_set(err, CG_EINVAL, "alert %lld: field 'reason' is required to dismiss",
                          (long long)id);
    UTIL_TX_BEGIN(s, c, err)
    if ((rc = triage_check(c, a, id, err)))
        return util_tx_end(c, rc, err);
    store_stmt *u =
        store_prep(c, "UPDATE alert SET status = 'dismissed', reason = ? WHERE id = ?", err);
    if (!u)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_text(u, 1, reason);
    store_bind_i64(u, 2, id);
    rc = store_step(u, err);
    store_done(u);
    if (rc >= 0) {
        char obj[48];
        snprintf(obj, sizeof obj, "alert:%lld", (long long)id);
        buf d = BUF_INIT;
        buf_putc(&d, '{');
        util_json_str(&d, 1, "reason", reason);
        buf_putc(&d, '}');
        rc = audit_append(c, a, "alert.dismiss", obj, d.p, err);
        buf_free(&d);
    }
    return util_tx_end(c, rc < 0 ? rc : 0, err);
}

int alert_attach(store *s, const actor *a, int64_t id, int64_t case_id, cg_err *err)
{
    UTIL_TX_BEGIN(s, c, err)
    if (!(rc = triage_check(c, a, id, err)) &&
        !(rc = access_case_conn(c, a, case_id, ACCESS_WRITE, NULL, err)))
        rc = attach_conn(c, a, id, case_id, err);
    return util_tx_end(c, rc, err);
}

int alert_open_case(store *s, const actor *a, int64_t id, const char *lead_org_code,
                    int64_t *case_id, cg_err *err)
{
    UTIL_TX_BEGIN(s, c, err)
    if ((rc = triage_check(c, a, id, err)))
        return util_tx_end(c, rc, err);
    store_stmt *q = store_prep(c, "SELECT kind, title, district FROM alert WHERE id = ?", err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, id);
    if ((rc = store_step(q, err)) != STORE_ROW)
        return util_tx_end(c, rc < 0 ? rc : CG_ENOTFOUND, err);
    char *kind = cg_strdup(store_col_text(q, 0)), *title = cg_strdup(store_col_text(q, 1));
    char *district = store_col_is_null(q, 2) ? NULL : cg_strdup(store_col_text(q, 2));
    store_done(q);
    case_in in = {kind, title, NULL, district, lead_org_code};
    int64_t cid = 0;
    rc = case_create_conn(c, a, &in, util_now(), &cid, err);
    free(kind);
    free(title);
    free(district);
    if (!rc)
        rc = attach_conn(c, a, id, cid, err);
    rc = util_tx_end(c, rc, err);
    if (!rc && case_id)
        *case_id = cid;
    return rc;
}
