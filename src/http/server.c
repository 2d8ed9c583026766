/* server.c: the HTTP server on libmicrohttpd: request life cycle (routing,
 * authentication, CSRF, size limits, streamed uploads), JSON answers and
 * errors, the embedded UI's files, and per-address rate limits.
 *
 * libmicrohttpd calls the access handler once when the headers are in, then
 * once per chunk of body, then once with no data: we decide everything that
 * does not need the body (route, login, CSRF, declared size) on the first
 * call and answer at once when the request cannot succeed, so that a
 * rejected upload is never read. */
#include "http/http.h"

#include "cases/audit.h"
#include "cases/auth.h"
#include "core/hmap.h"
#include "http/req.h"
#include "web/web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SESSION_COOKIE "cg_session"

typedef struct rate_entry {
    double tokens;
    int64_t last;
} rate_entry;

struct http_server {
    struct MHD_Daemon *d;
    http_config cfg;
    unsigned port;
    pthread_mutex_t rate_mu;
    hmap *rate;          /* "bucket|address" -> rate_entry */
    audit_writer *views; /* the access log's writer */
};

/* ---- answers ---------------------------------------------------------- */

void http_json(http_req *r, int status)
{
    r->status = status;
}

void http_error(http_req *r, int status, const char *code, const char *field, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    buf_reset(&r->out);
    buf_puts(&r->out, "{\"error\":{\"code\":");
    buf_json_str(&r->out, code, strlen(code));
    buf_puts(&r->out, ",\"message\":");
    buf_json_str(&r->out, msg, strlen(msg));
    if (field) {
        buf_puts(&r->out, ",\"field\":");
        buf_json_str(&r->out, field, strlen(field));
    }
    if (r->retry_after > 0)
        buf_printf(&r->out, ",\"retry_after\":%lld", (long long)r->retry_after);
    buf_puts(&r->out, "}}");
    r->status = status;
}

/* The field a library message names: "title: empty" -> "title", or the
 * first word in single quotes when the message is "field 'x' ...". */
static void field_of(const char *msg, char *out, size_t cap)
{
    out[0] = 0;
    const char *q = strstr(msg, "field '");
    if (q) {
        q += 7;
        const char *e = strchr(q, '\'');
        if (e && (size_t)(e - q) < cap) {
            memcpy(out, q, (size_t)(e - q));
            out[e - q] = 0;
        }
        return;
    }
    size_t n = strcspn(msg, ": ");
    if (n > 0 && n < cap && msg[n] == ':' && msg[n + 1] == ' ') {
        for (size_t i = 0; i < n; i++)
            if (!(msg[i] == '_' || msg[i] == '.' || (msg[i] >= 'a' && msg[i] <= 'z') ||
                  (msg[i] >= '0' && msg[i] <= '9')))
                return;
        memcpy(out, msg, n);
        out[n] = 0;
    }
}

void http_fail(http_req *r, int rc, const cg_err *err)
{
    static const struct {
        int rc, status;
        const char *code;
    } map[] = {
        {CG_EINVAL, 400, "invalid"},       {CG_EAUTH, 401, "unauthenticated"},
        {CG_EPERM, 403, "forbidden"},      {CG_ENOTFOUND, 404, "not_found"},
        {CG_ECONFLICT, 409, "conflict"},   {CG_ETOOBIG, 413, "too_large"},
        {CG_EUNAVAIL, 503, "unavailable"},
    };
    int status = 500;
    const char *code = "internal";
    for (size_t i = 0; i < CG_ARRAY_LEN(map); i++)
        if (map[i].rc == rc) {
            status = map[i].status;
            code = map[i].code;
        }
    const char *msg = err && err->msg[0] ? err->msg : cg_strerror(rc);
    char field[64];
    field_of(msg, field, sizeof field);
    http_error(r, status, code, field[0] ? field : NULL, "%s", msg);
}

/* ---- input ------------------------------------------------------------ */

const char *http_query(http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static int parse_i64(const char *s, int64_t *v)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *v = x;
    return 0;
}

int http_query_int(http_req *r, const char *name, int64_t dflt, int64_t *v)
{
    const char *s = http_query(r, name);
    if (!s || !*s) {
        *v = dflt;
        return 0;
    }
    if (parse_i64(s, v) || *v < 0) {
        http_error(r, 400, "invalid", name, "%s: not a whole number >= 0: '%.40s'", name, s);
        return -1;
    }
    return 0;
}

int http_param_id(http_req *r, int i, int64_t *id)
{
    if (i >= r->nparams || parse_i64(r->params[i], id) || *id <= 0) {
        http_error(r, 404, "not_found", NULL, "no such object: '%.40s'",
                   i < r->nparams ? r->params[i] : "");
        return -1;
    }
    return 0;
}

static json_t *body_field(http_req *r, const char *field, int required)
{
    json_t *v = r->json ? json_object_get(r->json, field) : NULL;
    if ((!v || json_is_null(v)) && required) {
        http_error(r, 400, "invalid", field, "%s: required", field);
        return NULL;
    }
    return v && !json_is_null(v) ? v : NULL;
}

int http_body_str(http_req *r, const char *field, int required, const char **v)
{
    *v = NULL;
    json_t *j = body_field(r, field, required);
    if (!j)
        return r->status ? -1 : 0;
    if (!json_is_string(j)) {
        http_error(r, 400, "invalid", field, "%s: must be a string", field);
        return -1;
    }
    *v = json_string_value(j);
    if (required && !**v) {
        http_error(r, 400, "invalid", field, "%s: must not be empty", field);
        return -1;
    }
    return 0;
}

int http_body_int(http_req *r, const char *field, int required, int64_t dflt, int64_t *v)
{
    *v = dflt;
    json_t *j = body_field(r, field, required);
    if (!j)
        return r->status ? -1 : 0;
    if (!json_is_integer(j)) {
        http_error(r, 400, "invalid", field, "%s: must be a whole number", field);
        return -1;
    }
    *v = json_integer_value(j);
    return 0;
}

int http_body_num(http_req *r, const char *field, int required, double dflt, double *v)
{
    *v = dflt;
    json_t *j = body_field(r, field, required);
    if (!j)
        return r->status ? -1 : 0;
    if (!json_is_number(j)) {
        http_error(r, 400, "invalid", field, "%s: must be a number", field);
        return -1;
    }
    *v = json_number_value(j);
    return 0;
}

void http_csrf_token(const char *session_token, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)"canhgac-csrf\n", 13);
    crypto_hash_sha256_update(&st, (const unsigned char *)session_token, strlen(session_token));
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

int http_rate_allow(http_req *r, const char *bucket, unsigned per_hour, int64_t *retry_after)
{
    char key[128];
    int n = snprintf(key, sizeof key, "%s|%s", bucket, r->client);
    /* A burst of a third of the hourly allowance, refilled steadily. */
    double cap = per_hour / 3.0 < 1 ? 1 : per_hour / 3.0, rate = per_hour / 3600.0;
    int ok;
    pthread_mutex_lock(&r->srv->rate_mu);
    int is_new;
    void **slot = hmap_slot(r->srv->rate, key, (size_t)n, &is_new);
    rate_entry *e = *slot;
    if (!e) {
        e = cg_calloc(1, sizeof *e);
        e->tokens = cap;
        e->last = r->now;
        *slot = e;
    }
    e->tokens += (double)(r->now - e->last) * rate;
    if (e->tokens > cap)
        e->tokens = cap;
    e->last = r->now;
    if (e->tokens >= 1) {
        e->tokens -= 1;
        ok = 1;
    } else {
        ok = 0;
        *retry_after = (int64_t)((1 - e->tokens) / rate) + 1;
    }
    pthread_mutex_unlock(&r->srv->rate_mu);
    return ok;
}

/* ---- routing ---------------------------------------------------------- */

/* Match path against pattern; on success fill r->params (decoded copies). */
static int route_match(http_req *r, const char *pattern, const char *path)
{
    const char *p = pattern, *u = path;
    const char *starts[HTTP_MAX_PARAMS];
    size_t lens[HTTP_MAX_PARAMS];
    int n = 0;
    while (*p && *u) {
        if (*p == '{') {
            const char *e = strchr(u, '/');
            size_t len = e ? (size_t)(e - u) : strlen(u);
            if (len == 0 || n == HTTP_MAX_PARAMS)
                return 0;
            starts[n] = u;
            lens[n++] = len;
            u += len;
            p = strchr(p, '}') + 1;
        } else if (*p++ != *u++) {
            return 0;
        }
    }
    if (*p || *u)
        return 0;
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += lens[i] + 1;
    free(r->param_mem);
    r->param_mem = cg_malloc(total + 1);
    char *m = r->param_mem;
    for (int i = 0; i < n; i++) {
        memcpy(m, starts[i], lens[i]);
        m[lens[i]] = 0;
        r->params[i] = m;
        m += lens[i] + 1;
    }
    r->nparams = n;
    return 1;
}

int http_route_at(size_t i, const char **method, const char **pattern)
{
    if (i >= http_routes_len)
        return 0;
    *method = http_routes[i].method;
    *pattern = http_routes[i].pattern;
    return 1;
}

/* ---- the request life cycle ------------------------------------------- */

static void authenticate(http_req *r)
{
    const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Authorization");
    const char *tok = NULL;
    int cookie = 0;
    if (h && !strncasecmp(h, "Bearer ", 7)) {
        tok = h + 7;
    } else {
        tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
        cookie = 1;
    }
    if (!tok || !*tok || strlen(tok) >= sizeof r->token)
        return;
    cg_err err;
    if (auth_token_lookup(r->s, tok, r->now, &r->who, &err) == 0) {
        r->authed = 1;
        r->cookie_session = cookie;
        snprintf(r->token, sizeof r->token, "%s", tok);
    }
}

static int csrf_ok(http_req *r)
{
    if (!r->cookie_session || !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD"))
        return 1;
    const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
    char want[65];
    http_csrf_token(r->token, want);
    return h && strlen(h) == 64 && sodium_memcmp(h, want, 64) == 0;
}

static void client_address(http_req *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(r->client, sizeof r->client, "unknown");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->client,
                  sizeof r->client);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->client,
                  sizeof r->client);
}

static void add_common_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

/* Content-Disposition for a download named name (UTF-8, RFC 6266). */
static void add_disposition(struct MHD_Response *resp, const char *name)
{
    buf v = BUF_INIT;
    buf_puts(&v, "attachment; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            buf_putc(&v, (char)*p);
        else
            buf_printf(&v, "%%%02X", *p);
    }
    MHD_add_response_header(resp, "Content-Disposition", buf_cstr(&v));
    buf_free(&v);
}

static enum MHD_Result send_answer(http_req *r)
{
    struct MHD_Response *resp;
    if (r->file_fd >= 0) {
        resp = MHD_create_response_from_fd64(r->file_size, r->file_fd);
        r->file_fd = -1; /* the response closes it */
        if (!resp)
            return MHD_NO;
    } else {
        if (!r->out.len && !r->file_type[0])
            buf_puts(&r->out, "{}");
        size_t len;
        char *body = buf_detach(&r->out, &len);
        resp = MHD_create_response_from_buffer(
            len, body ? body : (char *)"", body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (!resp) {
            free(body);
            return MHD_NO;
        }
    }
    MHD_add_response_header(resp, "Content-Type",
                            r->file_type[0] ? r->file_type : "application/json; charset=utf-8");
    if (r->file_name[0])
        add_disposition(resp, r->file_name);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    add_common_headers(resp);
    if (r->cookie[0])
        MHD_add_response_header(resp, "Set-Cookie", r->cookie);
    if (r->retry_after > 0) {
        char ra[32];
        snprintf(ra, sizeof ra, "%lld", (long long)r->retry_after);
        MHD_add_response_header(resp, "Retry-After", ra);
    }
    enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result send_static(struct MHD_Connection *conn, const char *url)
{
    const unsigned char *data;
    size_t len;
    const char *type, *etag;
    const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
    int gz = web_accepts_gzip(ae) && web_asset_find_gzip(url, &data, &len, &type, &etag) == 0;
    if (!gz && web_asset_find(url, &data, &len, &type, &etag) != 0) {
        static const char nf[] =
            "{\"error\":{\"code\":\"not_found\",\"message\":\"no such page\"}}";
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(sizeof nf - 1, (void *)nf, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
        add_common_headers(resp);
        enum MHD_Result ok = MHD_queue_response(conn, MHD_HTTP_NOT_FOUND, resp);
        MHD_destroy_response(resp);
        return ok;
    }
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    int fresh = web_etag_match(inm, etag);
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        fresh ? 0 : len, fresh ? (void *)"" : (void *)data, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "ETag", etag);
    MHD_add_response_header(resp, "Cache-Control", web_cache_control(url));
    MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    if (!fresh) {
        MHD_add_response_header(resp, "Content-Type", type);
        if (gz)
            MHD_add_response_header(resp, "Content-Encoding", "gzip");
    }
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self' "
                            "'unsafe-inline'; frame-ancestors 'none'");
    add_common_headers(resp);
    enum MHD_Result ok =
        MHD_queue_response(conn, fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ok;
}

static void req_free(http_req *r)
{
    if (!r)
        return;
    evidence_abort(r->upload);
    if (r->json)
        json_decref(r->json);
    if (r->file_fd >= 0)
        close(r->file_fd);
    buf_free(&r->body);
    buf_free(&r->out);
    free(r->param_mem);
    free(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    req_free(*con_cls);
    *con_cls = NULL;
}

/* First call: route, authenticate, check what can be checked before the
 * body. Returns 1 when r is answered already. */
static int begin_request(http_req *r)
{
    int method_seen = 0;
    for (size_t i = 0; i < http_routes_len; i++) {
        if (!route_match(r, http_routes[i].pattern, r->path))
            continue;
        method_seen = 1;
        if (!strcmp(http_routes[i].method, r->method)) {
            r->route = &http_routes[i];
            break;
        }
    }
    if (!r->route) {
        if (method_seen)
            http_error(r, 405, "method_not_allowed", NULL, "%s is not allowed on %s", r->method,
                       r->path);
        else
            http_error(r, 404, "no_route", NULL, "no such API endpoint: %s", r->path);
        return 1;
    }
    authenticate(r);
    if (!(r->route->flags & ROUTE_PUBLIC) && !r->authed) {
        http_error(r, 401, "unauthenticated", NULL, "log in first (session expired or missing)");
        return 1;
    }
    if (r->authed && !csrf_ok(r)) {
        http_error(r, 403, "csrf", "X-CSRF-Token",
                   "missing or wrong X-CSRF-Token header (the token is returned at login and by "
                   "GET /api/me)");
        return 1;
    }
    const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Length");
    int64_t declared = -1;
    if (cl && parse_i64(cl, &declared))
        declared = -1;
    if (r->route->flags & ROUTE_UPLOAD) {
        uint64_t limit = r->cfg->evidence_max ? r->cfg->evidence_max : EVIDENCE_MAX_DEFAULT;
        if (declared >= 0 && (uint64_t)declared > limit) {
            http_error(r, 413, "too_large", "file", "the file is %lld bytes, the limit is %llu",
                       (long long)declared, (unsigned long long)limit);
            return 1;
        }
        if (r->route->upload_begin(r, &r->upload))
            return 1;
    } else if (declared > HTTP_JSON_MAX) {
        http_error(r, 413, "too_large", NULL, "the request body is over %d bytes", HTTP_JSON_MAX);
        return 1;
    }
    return 0;
}

static void take_body(http_req *r, const char *data, size_t n)
{
    if (r->route->flags & ROUTE_UPLOAD) {
        if (r->upload_rc == 0) {
            r->upload_rc = evidence_write(r->upload, data, n, &r->upload_err);
        }
        return;
    }
    if (r->body_too_big)
        return;
    if (r->body.len + n > HTTP_JSON_MAX) {
        r->body_too_big = 1;
        buf_free(&r->body);
        return;
    }
    buf_append(&r->body, data, n);
}

static void finish_request(http_req *r)
{
    if (r->route->flags & ROUTE_UPLOAD) {
        if (r->upload_rc) {
            http_fail(r, r->upload_rc, &r->upload_err);
            return;
        }
    } else if (r->body_too_big) {
        http_error(r, 413, "too_large", NULL, "the request body is over %d bytes", HTTP_JSON_MAX);
        return;
    } else if (!(r->route->flags & ROUTE_RAW) && r->body.len) {
        json_error_t je;
        r->json = json_loadb(r->body.p, r->body.len, JSON_REJECT_DUPLICATES, &je);
        if (!r->json) {
            http_error(r, 400, "invalid_json", NULL,
                       "the body is not valid JSON: %s (line %d, column %d)", je.text, je.line,
                       je.column);
            return;
        }
        if (!json_is_object(r->json) && !json_is_array(r->json)) {
            http_error(r, 400, "invalid_json", NULL, "the body must be a JSON object");
            return;
        }
    }
    r->route->fn(r);
    if (!r->status)
        http_error(r, 500, "internal", NULL, "the handler gave no answer");
}

/* The access log has the view on disk (or failed): answer the request. Runs on
 * the writer's thread. */
static void view_written(void *arg, int rc, const cg_err *err)
{
    http_req *r = arg;
    r->view_rc = rc;
    if (rc)
        r->view_err = *err;
    r->view_state = VIEW_WRITTEN;
    MHD_resume_connection(r->conn);
}

/* A page that shows a case to someone outside its lead agency goes out only
 * once the view is in the access log. The connection is suspended until
 * then, and this worker goes on serving others: the writer commits the views
 * of many requests at once, however few the workers. */
static enum MHD_Result log_view_then_answer(http_req *r)
{
    r->view_state = VIEW_QUEUED;
    MHD_suspend_connection(r->conn);
    if (!audit_writer_add(r->srv->views, &r->who, "case.view", r->view.object, r->view.detail,
                          view_written, r))
        return MHD_YES;
    /* The server is stopping: write it here. */
    r->view_rc =
        audit_record(r->s, &r->who, "case.view", r->view.object, r->view.detail, &r->view_err);
    r->view_state = VIEW_WRITTEN;
    MHD_resume_connection(r->conn);
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *data_size, void **con_cls)
{
    http_server *srv = cls;
    http_req *r = *con_cls;
    if (!r) {
        if (strcmp(url, "/healthz") && strncmp(url, "/api/", 5) && strcmp(url, "/api")) {
            if (strcmp(method, "GET") && strcmp(method, "HEAD"))
                return MHD_NO;
            return send_static(conn, url);
        }
        r = cg_calloc(1, sizeof *r);
        *con_cls = r;
        r->conn = conn;
        r->srv = srv;
        r->s = srv->cfg.store;
        r->cfg = &srv->cfg;
        r->method = method;
        r->path = url;
        r->file_fd = -1;
        r->now = (int64_t)time(NULL);
        client_address(r);
        if (begin_request(r))
            return send_answer(r);
        return MHD_YES;
    }
    if (r->view_state == VIEW_WRITTEN) { /* resumed */
        r->view_state = VIEW_NONE;
        if (r->view_rc)
            http_fail(r, r->view_rc, &r->view_err);
        return send_answer(r);
    }
    if (r->view_state == VIEW_QUEUED)
        return MHD_YES;
    if (r->status) { /* answered on the first call: drop what still comes */
        *data_size = 0;
        return MHD_YES;
    }
    if (*data_size) {
        /* Past a limit the rest is read and dropped (libmicrohttpd cannot
         * answer in the middle of a body): nothing more is kept. */
        take_body(r, data, *data_size);
        *data_size = 0;
        return MHD_YES;
    }
    finish_request(r);
    if (r->view.needed && r->status < 300)
        return log_view_then_answer(r);
    return send_answer(r);
}

/* ---- start and stop --------------------------------------------------- */

static int parse_listen(const char *listen, struct sockaddr_in *sa, cg_err *err)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    int64_t port;
    if (!colon || (size_t)(colon - listen) >= sizeof host || parse_i64(colon + 1, &port) ||
        port < 0 || port > 65535)
        return cg_err_set(err, CG_EINVAL, "--listen: '%s' is not ADDRESS:PORT", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = 0;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (!host[0] || !strcmp(host, "*"))
        sa->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (!strcmp(host, "localhost"))
        sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return cg_err_set(err, CG_EINVAL, "--listen: '%s' is not an IPv4 address", host);
    return 0;
}

int http_start(const http_config *cfg, http_server **out, cg_err *err)
{
    struct sockaddr_in sa;
    int rc = parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &sa, err);
    if (rc)
        return rc;
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EIO, "libsodium cannot start");
    http_server *srv = cg_calloc(1, sizeof *srv);
    srv->cfg = *cfg;
    if (!srv->cfg.tips_per_hour)
        srv->cfg.tips_per_hour = 10;
    unsigned threads = cfg->threads;
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 2;
    }
    if ((rc = audit_writer_new(cfg->store, &srv->views, err))) {
        free(srv);
        return rc;
    }
    pthread_mutex_init(&srv->rate_mu, NULL);
    srv->rate = hmap_new();
    srv->d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
        on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)60, MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)1024, MHD_OPTION_END);
    if (!srv->d) {
        audit_writer_free(srv->views);
        hmap_free(srv->rate);
        pthread_mutex_destroy(&srv->rate_mu);
        free(srv);
        return cg_err_set(err, CG_EIO, "cannot listen on %s: %s", cfg->listen, strerror(errno));
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : ntohs(sa.sin_port);
    *out = srv;
    return 0;
}

unsigned http_port(const http_server *srv)
{
    return srv->port;
}

void http_stop(http_server *srv)
{
    if (!srv)
        return;
    /* Every suspended request gets its answer before the daemon goes. */
    audit_writer_close(srv->views);
    MHD_stop_daemon(srv->d);
    audit_writer_free(srv->views);
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (hmap_next(srv->rate, &it, &k, &kl, &v))
        free(v);
    hmap_free(srv->rate);
    pthread_mutex_destroy(&srv->rate_mu);
    free(srv);
}
