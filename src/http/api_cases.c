/* api_cases.c: the API of the work itself: alerts and their triage, cases
 * (status, hand-over, agencies, notes, tasks, outcomes, subjects, timeline),
 * evidence (streamed upload, download, verification), emergency stop orders
 * and citizens' tips. Each handler reads its input, calls one function of
 * src/cases/ and writes what it returns. */
#include "http/api.h"

#include "cases/alert.h"
#include "cases/case.h"
#include "cases/stop.h"
#include "cases/subject.h"
#include "cases/tip.h"
#include "core/ts.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ALERTS_PER_POST 1000

/* Answer 200 with r->out when rc is 0, else the error. */
static void answer(http_req *r, int rc, const cg_err *err, int status)
{
    if (rc)
        http_fail(r, rc, err);
    else
        http_json(r, status);
}

static int list_limit(http_req *r, int64_t *limit)
{
    if (http_query_int(r, "limit", 50, limit))
        return -1;
    if (*limit > 200)
        *limit = 200;
    if (*limit == 0)
        *limit = 50;
    return 0;
}

/* ---- alerts ----------------------------------------------------------- */

/* Read one alert object of a POST body into a (strings borrowed from j, the
 * detail text into detail). Returns 0 or answers 400 naming "[i].field". */
static int alert_from_json(http_req *r, json_t *j, size_t i, int many, alert_in *a, char **detail)
{
    char f[64];
#define FIELD(name) (many ? (snprintf(f, sizeof f, "[%zu].%s", i, name), f) : name)
    if (!json_is_object(j)) {
        http_error(r, 400, "invalid", many ? FIELD("") : NULL, "each alert must be a JSON object");
        return -1;
    }
    memset(a, 0, sizeof *a);
    static const char *strs[] = {"kind", "source", "source_ref", "title", "org", "district"};
    const char **dst[] = {&a->kind,  &a->source,   &a->source_ref,
                          &a->title, &a->org_code, &a->district};
    for (size_t k = 0; k < CG_ARRAY_LEN(strs); k++) {
        json_t *v = json_object_get(j, strs[k]);
        if (v && !json_is_null(v) && !json_is_string(v)) {
            http_error(r, 400, "invalid", FIELD(strs[k]), "%s: must be a string", FIELD(strs[k]));
            return -1;
        }
        *dst[k] = v ? json_string_value(v) : NULL;
    }
    if (!a->source || !*a->source)
        a->source = "api";
    json_t *score = json_object_get(j, "score");
    a->score = 0.5;
    if (score && !json_is_null(score)) {
        if (!json_is_number(score)) {
            http_error(r, 400, "invalid", FIELD("score"), "%s: must be a number in [0, 1]",
                       FIELD("score"));
            return -1;
        }
        a->score = json_number_value(score);
    }
    json_t *at = json_object_get(j, "observed_at");
    a->observed_at = r->now;
    if (json_is_integer(at)) {
        a->observed_at = json_integer_value(at);
    } else if (json_is_string(at)) {
        const char *why;
        const char *s = json_string_value(at);
        if (ts_parse(s, strlen(s), &a->observed_at, &why)) {
            http_error(r, 400, "invalid", FIELD("observed_at"), "%s: %s", FIELD("observed_at"),
                       why);
            return -1;
        }
    } else if (at && !json_is_null(at)) {
        http_error(r, 400, "invalid", FIELD("observed_at"), "%s: an ISO 8601 time or Unix seconds",
                   FIELD("observed_at"));
        return -1;
    }
    json_t *d = json_object_get(j, "detail");
    if (d && !json_is_null(d)) {
        *detail = json_dumps(d, JSON_COMPACT | JSON_ENCODE_ANY);
        a->detail_json = *detail;
    }
#undef FIELD
    return 0;
}

void api_alert_post(http_req *r)
{
    int many = json_is_array(r->json);
    size_t n = many ? json_array_size(r->json) : 1;
    if (!r->json || n == 0) {
        http_error(r, 400, "invalid", NULL, "the body must be an alert object or an array of them");
        return;
    }
    if (n > ALERTS_PER_POST) {
        http_error(r, 413, "too_large", NULL, "at most %d alerts per request, got %zu",
                   ALERTS_PER_POST, n);
        return;
    }
    alert_in *a = cg_calloc(n, sizeof *a);
    char **details = cg_calloc(n, sizeof *details);
    size_t i;
    for (i = 0; i < n; i++)
        if (alert_from_json(r, many ? json_array_get(r->json, i) : r->json, i, many, &a[i],
                            &details[i]))
            break;
    if (i == n) {
        size_t created = 0;
        int64_t id = 0;
        cg_err err;
        int rc = alert_ingest_as(r->s, &r->who, a, n, &created, many ? NULL : &id, &err);
        if (rc)
            http_fail(r, rc, &err);
        else if (many) {
            buf_printf(&r->out, "{\"received\":%zu,\"created\":%zu}", n, created);
            http_json(r, created ? 201 : 200);
        } else {
            buf_printf(&r->out, "{\"id\":%lld,\"created\":%s}", (long long)id,
                       created ? "true" : "false");
            http_json(r, created ? 201 : 200);
        }
    }
    for (i = 0; i < n; i++)
        free(details[i]);
    free(details);
    free(a);
}

void api_alerts(http_req *r)
{
    int64_t before, limit;
    if (http_query_int(r, "before", 0, &before) || list_limit(r, &limit))
        return;
    alert_filter f = {http_query(r, "status"), before, (int)limit};
    if (f.status && !*f.status)
        f.status = NULL;
    cg_err err;
    answer(r, alert_inbox_json(r->s, &r->who, &f, &r->out, &err), &err, 200);
}

void api_alert_get(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    cg_err err;
    answer(r, alert_get_json(r->s, &r->who, id, &r->out, &err), &err, 200);
}

void api_alert_dismiss(http_req *r)
{
    int64_t id;
    const char *reason;
    if (http_param_id(r, 0, &id) || http_body_str(r, "reason", 1, &reason))
        return;
    cg_err err;
    int rc = alert_dismiss(r->s, &r->who, id, reason, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld,\"status\":\"dismissed\"}", (long long)id);
    answer(r, rc, &err, 200);
}

void api_alert_attach(http_req *r)
{
    int64_t id, case_id;
    if (http_param_id(r, 0, &id) || http_body_int(r, "case_id", 1, 0, &case_id))
        return;
    cg_err err;
    int rc = alert_attach(r->s, &r->who, id, case_id, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld,\"status\":\"attached\",\"case_id\":%lld}", (long long)id,
                   (long long)case_id);
    answer(r, rc, &err, 200);
}

void api_alert_open_case(http_req *r)
{
    int64_t id, case_id = 0;
    const char *lead;
    if (http_param_id(r, 0, &id) || http_body_str(r, "lead_org", 0, &lead))
        return;
    cg_err err;
    int rc = alert_open_case(r->s, &r->who, id, lead, &case_id, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld,\"status\":\"attached\",\"case_id\":%lld}", (long long)id,
                   (long long)case_id);
    answer(r, rc, &err, 201);
}

/* ---- cases ------------------------------------------------------------ */

void api_cases(http_req *r)
{
    int64_t before, limit;
    if (http_query_int(r, "before", 0, &before) || list_limit(r, &limit))
        return;
    case_filter f = {http_query(r, "status"), http_query(r, "district"), before, (int)limit};
    if (f.status && !*f.status)
        f.status = NULL;
    if (f.district && !*f.district)
        f.district = NULL;
    cg_err err;
    answer(r, case_list_json(r->s, &r->who, &f, &r->out, &err), &err, 200);
}

void api_case_create(http_req *r)
{
    case_in in;
    if (http_body_str(r, "violation", 1, &in.violation) ||
        http_body_str(r, "title", 1, &in.title) || http_body_str(r, "facts", 0, &in.facts) ||
        http_body_str(r, "district", 0, &in.district) ||
        http_body_str(r, "lead_org", 0, &in.lead_org))
        return;
    int64_t id;
    cg_err err;
    int rc = case_create(r->s, &r->who, &in, &id, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld}", (long long)id);
    answer(r, rc, &err, 201);
}

void api_case_get(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    cg_err err;
    answer(r, case_read_json(r->s, &r->who, id, &r->out, &r->view, &err), &err, 200);
}

void api_case_update(http_req *r)
{
    int64_t id;
    const char *title, *facts;
    if (http_param_id(r, 0, &id) || http_body_str(r, "title", 0, &title) ||
        http_body_str(r, "facts", 0, &facts))
        return;
    cg_err err;
    int rc = case_update(r->s, &r->who, id, title, facts, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld}", (long long)id);
    answer(r, rc, &err, 200);
}

void api_case_status(http_req *r)
{
    int64_t id;
    const char *status, *reason;
    if (http_param_id(r, 0, &id) || http_body_str(r, "status", 1, &status) ||
        http_body_str(r, "reason", 0, &reason))
        return;
    cg_err err;
    int rc = case_set_status(r->s, &r->who, id, status, reason, &err);
    if (!rc) {
        buf_printf(&r->out, "{\"id\":%lld,\"status\":", (long long)id);
        buf_json_str(&r->out, status, strlen(status));
        buf_puts(&r->out, "}");
    }
    answer(r, rc, &err, 200);
}

void api_case_join(http_req *r)
{
    int64_t id;
    const char *org;
    if (http_param_id(r, 0, &id) || http_body_str(r, "org", 1, &org))
        return;
    cg_err err;
    int rc = case_join(r->s, &r->who, id, org, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld}", (long long)id);
    answer(r, rc, &err, 200);
}

void api_case_handover(http_req *r)
{
    int64_t id;
    const char *to, *reason;
    if (http_param_id(r, 0, &id) || http_body_str(r, "to_org", 1, &to) ||
        http_body_str(r, "reason", 1, &reason))
        return;
    cg_err err;
    int rc = case_handover(r->s, &r->who, id, to, reason, &err);
    if (!rc) {
        buf_printf(&r->out, "{\"id\":%lld,\"lead\":", (long long)id);
        buf_json_str(&r->out, to, strlen(to));
        buf_puts(&r->out, "}");
    }
    answer(r, rc, &err, 200);
}

void api_case_note(http_req *r)
{
    int64_t id, note = 0;
    const char *body;
    if (http_param_id(r, 0, &id) || http_body_str(r, "body", 1, &body))
        return;
    cg_err err;
    int rc = case_note_add(r->s, &r->who, id, body, &note, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld}", (long long)note);
    answer(r, rc, &err, 201);
}

/* A deadline as Unix seconds or an ISO 8601 date/time string. */
static int body_time(http_req *r, const char *field, int64_t *v)
{
    *v = 0;
    json_t *j = r->json ? json_object_get(r->json, field) : NULL;
    if (!j || json_is_null(j))
        return 0;
    if (json_is_integer(j)) {
        *v = json_integer_value(j);
        return 0;
    }
    const char *why = "an ISO 8601 time or Unix seconds";
    if (json_is_string(j)) {
        const char *s = json_string_value(j);
        char tmp[40];
        /* A date alone means the end of that day. */
        if (strlen(s) == 10) {
            snprintf(tmp, sizeof tmp, "%sT23:59:59", s);
            s = tmp;
        }
        if (ts_parse(s, strlen(s), v, &why) == 0)
            return 0;
    }
    http_error(r, 400, "invalid", field, "%s: %s", field, why);
    return -1;
}

void api_case_task(http_req *r)
{
    int64_t id, assignee, deadline, task = 0;
    const char *title;
    if (http_param_id(r, 0, &id) || http_body_str(r, "title", 1, &title) ||
        http_body_int(r, "assignee", 0, 0, &assignee) || body_time(r, "deadline", &deadline))
        return;
    cg_err err;
    int rc = case_task_add(r->s, &r->who, id, title, assignee, deadline, &task, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld}", (long long)task);
    answer(r, rc, &err, 201);
}

void api_task_done(http_req *r)
{
    int64_t case_id, task;
    if (http_param_id(r, 0, &case_id) || http_param_id(r, 1, &task))
        return;
    cg_err err;
    int rc = case_task_done(r->s, &r->who, task, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld,\"done\":true}", (long long)task);
    answer(r, rc, &err, 200);
}

void api_case_outcome(http_req *r)
{
    int64_t id, amount, out = 0;
    const char *kind, *desc;
    if (http_param_id(r, 0, &id) || http_body_str(r, "kind", 1, &kind) ||
        http_body_int(r, "amount_vnd", 0, 0, &amount) || http_body_str(r, "description", 0, &desc))
        return;
    cg_err err;
    int rc = case_outcome_add(r->s, &r->who, id, kind, amount, desc ? desc : "", &out, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld}", (long long)out);
    answer(r, rc, &err, 201);
}

void api_case_subject(http_req *r)
{
    int64_t id, subj = 0;
    const char *kind, *value, *label;
    if (http_param_id(r, 0, &id) || http_body_str(r, "kind", 1, &kind) ||
        http_body_str(r, "value", 1, &value) || http_body_str(r, "label", 0, &label))
        return;
    cg_err err;
    int rc = subject_add(r->s, &r->who, id, kind, value, label, &subj, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld}", (long long)subj);
    answer(r, rc, &err, 201);
}

void api_case_timeline(http_req *r)
{
    int64_t id, after, limit;
    if (http_param_id(r, 0, &id) || http_query_int(r, "after", 0, &after) ||
        http_query_int(r, "limit", 100, &limit))
        return;
    cg_err err;
    answer(r,
           case_timeline_read_json(r->s, &r->who, id, after,
                                   (int)(limit > 500 ? 500
                                         : limit     ? limit
                                                     : 100),
                                   &r->out, &r->view, &err),
           &err, 200);
}

void api_subject_matches(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    cg_err err;
    answer(r, subject_matches_json(r->s, &r->who, id, &r->out, &err), &err, 200);
}

void api_subject_search(http_req *r)
{
    const char *kind = http_query(r, "kind"), *value = http_query(r, "value");
    if (!kind || !*kind) {
        http_error(r, 400, "invalid", "kind", "kind: required");
        return;
    }
    if (!value || !*value) {
        http_error(r, 400, "invalid", "value", "value: required");
        return;
    }
    cg_err err;
    answer(r, subject_search_json(r->s, &r->who, kind, value, &r->out, &err), &err, 200);
}

/* ---- evidence --------------------------------------------------------- */

/* The uploaded file's name: ?name=..., else the X-File-Name header
 * (percent-encoded by browsers), else "upload". Written into out. */
static void upload_name(http_req *r, char *out, size_t cap)
{
    const char *n = http_query(r, "name");
    if (!n || !*n) {
        const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-File-Name");
        if (h && *h) {
            size_t j = 0;
            for (size_t i = 0; h[i] && j + 1 < cap; i++) {
                unsigned v;
                if (h[i] == '%' && sscanf(h + i + 1, "%2x", &v) == 1) {
                    out[j++] = (char)v;
                    i += 2;
                } else {
                    out[j++] = h[i];
                }
            }
            out[j] = 0;
            return;
        }
        n = "upload";
    }
    snprintf(out, cap, "%s", n);
}

static const char *upload_mime(http_req *r)
{
    const char *t = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
    return t && *t ? t : NULL;
}

int api_evidence_begin(http_req *r, evidence_writer **w)
{
    int64_t case_id;
    if (http_param_id(r, 0, &case_id))
        return CG_ENOTFOUND;
    char name[300];
    upload_name(r, name, sizeof name);
    cg_err err;
    int rc =
        evidence_begin(r->s, &r->who, case_id, name, upload_mime(r), r->cfg->evidence_max, w, &err);
    if (rc)
        http_fail(r, rc, &err);
    return rc;
}

static void upload_commit(http_req *r)
{
    int64_t id = 0;
    char sha[65];
    cg_err err;
    uint64_t size = evidence_written(r->upload);
    int rc = evidence_commit(r->upload, &id, sha, &err);
    r->upload = NULL; /* freed by commit in every case */
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld,\"sha256\":\"%s\",\"size\":%llu}", (long long)id, sha,
               (unsigned long long)size);
    http_json(r, 201);
}

void api_evidence_post(http_req *r)
{
    upload_commit(r);
}

void api_evidence_get(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    cg_err err;
    answer(r, evidence_get_json(r->s, &r->who, id, &r->out, &err), &err, 200);
}

void api_evidence_content(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    evidence_file f;
    cg_err err;
    int rc = evidence_open(r->s, &r->who, id, "export", &f, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    int fd = open(f.path, O_RDONLY | O_CLOEXEC);
    free(f.path);
    if (fd < 0) {
        http_error(r, 503, "unavailable", NULL, "the stored file of evidence %lld cannot be read",
                   (long long)id);
        return;
    }
    r->file_fd = fd;
    r->file_size = f.size;
    snprintf(r->file_type, sizeof r->file_type, "%s",
             f.mime[0] ? f.mime : "application/octet-stream");
    snprintf(r->file_name, sizeof r->file_name, "%s", f.name);
    r->status = 200;
}

void api_evidence_verify(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    int intact = 0;
    cg_err err;
    int rc = evidence_verify(r->s, &r->who, id, &intact, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    buf_printf(&r->out, "{\"id\":%lld,\"intact\":%s", (long long)id, intact ? "true" : "false");
    if (!intact) {
        buf_puts(&r->out, ",\"problem\":");
        buf_json_str(&r->out, err.msg, strlen(err.msg));
    }
    buf_puts(&r->out, "}");
    http_json(r, 200);
}

/* ---- stop orders ------------------------------------------------------ */

void api_stops(http_req *r)
{
    int64_t before, limit;
    if (http_query_int(r, "before", 0, &before) || list_limit(r, &limit))
        return;
    stop_filter f = {http_query(r, "status"), before, (int)limit};
    if (f.status && !*f.status)
        f.status = NULL;
    cg_err err;
    answer(r, stop_order_list_json(r->s, &r->who, &f, r->now, &r->out, &err), &err, 200);
}

void api_stop_create(http_req *r)
{
    stop_in in;
    if (http_body_str(r, "org", 1, &in.org_code) ||
        http_body_str(r, "target_kind", 1, &in.target_kind) ||
        http_body_str(r, "target", 1, &in.target) || http_body_str(r, "reason", 1, &in.reason) ||
        http_body_int(r, "case_id", 0, 0, &in.case_id) || body_time(r, "due_at", &in.due_at))
        return;
    int64_t id;
    cg_err err;
    int rc = stop_order_create(r->s, &r->who, &in, &id, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld,\"status\":\"ordered\"}", (long long)id);
    answer(r, rc, &err, 201);
}

void api_stop_ack(http_req *r)
{
    int64_t id;
    if (http_param_id(r, 0, &id))
        return;
    cg_err err;
    int rc = stop_order_ack(r->s, &r->who, id, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld,\"status\":\"acknowledged\"}", (long long)id);
    answer(r, rc, &err, 200);
}

void api_stop_done(http_req *r)
{
    int64_t id;
    const char *report;
    if (http_param_id(r, 0, &id) || http_body_str(r, "report", 1, &report))
        return;
    cg_err err;
    int rc = stop_order_done(r->s, &r->who, id, report, &err);
    if (!rc)
        buf_printf(&r->out, "{\"id\":%lld,\"status\":\"done\"}", (long long)id);
    answer(r, rc, &err, 200);
}

/* ---- tips ------------------------------------------------------------- */

void api_tip_post(http_req *r)
{
    if (!http_rate_allow(r, "tip", r->cfg->tips_per_hour, &r->retry_after)) {
        http_error(r, 429, "rate_limited", NULL,
                   "too many tips from this address: try again in %lld s",
                   (long long)r->retry_after);
        return;
    }
    const char *category, *text, *contact;
    if (http_body_str(r, "category", 1, &category) || http_body_str(r, "text", 1, &text) ||
        http_body_str(r, "contact", 0, &contact))
        return;
    char code[TIP_CODE_LEN + 1];
    cg_err err;
    int rc = tip_create(r->s, category, text, contact && *contact ? contact : NULL, code, &err);
    if (!rc)
        buf_printf(&r->out, "{\"tracking_code\":\"%s\"}", code);
    answer(r, rc, &err, 201);
}

void api_tip_status(http_req *r)
{
    cg_err err;
    answer(r, tip_status_json(r->s, r->params[0], &r->out, &err), &err, 200);
}

int api_tip_file_begin(http_req *r, evidence_writer **w)
{
    if (!http_rate_allow(r, "tipfile", r->cfg->tips_per_hour * TIP_FILES, &r->retry_after)) {
        http_error(r, 429, "rate_limited", NULL,
                   "too many files from this address: try again in %lld s",
                   (long long)r->retry_after);
        return CG_EPERM;
    }
    const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > TIP_FILE_MAX) {
        http_error(r, 413, "too_large", "file", "a tip's file may have at most %llu bytes",
                   (unsigned long long)TIP_FILE_MAX);
        return CG_ETOOBIG;
    }
    char name[300];
    upload_name(r, name, sizeof name);
    cg_err err;
    int rc = tip_attach_begin(r->s, r->params[0], name, upload_mime(r), TIP_FILE_MAX, w, &err);
    if (rc)
        http_fail(r, rc, &err);
    return rc;
}

void api_tip_file_post(http_req *r)
{
    upload_commit(r);
}
