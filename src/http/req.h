/* req.h: the contract between the server (server.c) and the API handlers
 * (api_*.c): one http_req per request, the route table, and the helpers
 * every handler uses to read input and write answers. Internal to src/http. */
#ifndef CG_HTTP_REQ_H
#define CG_HTTP_REQ_H

#include "cases/case.h"
#include "cases/evidence.h"
#include "cases/org.h"
#include "core/buf.h"
#include "http/http.h"

#include <jansson.h>
#include <stdint.h>

struct MHD_Connection;

#define HTTP_MAX_PARAMS 3
#define HTTP_JSON_MAX (1024 * 1024) /* bytes of a JSON request body */

typedef struct http_req http_req;

enum { VIEW_NONE, VIEW_QUEUED, VIEW_WRITTEN };
typedef void (*http_handler)(http_req *r);

enum {
    ROUTE_PUBLIC = 1, /* no login needed */
    ROUTE_UPLOAD = 2, /* the body is a file, streamed to r->upload */
    ROUTE_RAW = 4     /* the body is not read as JSON */
};

typedef struct http_route {
    const char *method;
    const char *pattern; /* "/api/cases/{id}/notes": each {name} is one segment */
    http_handler fn;
    int flags;
    /* For ROUTE_UPLOAD: start the writer once the request is authenticated
     * (r->params and r->who are set). Returns 0 or a cg_code with r's error
     * already written. */
    int (*upload_begin)(http_req *r, evidence_writer **w);
} http_route;

extern const http_route http_routes[];
extern const size_t http_routes_len;

struct http_req {
    struct MHD_Connection *conn;
    http_server *srv;
    store *s;
    const http_config *cfg;
    const char *method;
    const char *path;
    const http_route *route;
    const char *params[HTTP_MAX_PARAMS]; /* path parameters, decoded, in order */
    char *param_mem;                     /* owns the strings of params */
    int nparams;
    char client[64]; /* the client's address, for rate limits */
    int64_t now;

    actor who;
    int authed;         /* who is set from a session or a token */
    int cookie_session; /* authenticated by cookie: state changes need CSRF */
    char token[128];    /* the session or API token presented */

    buf body;         /* a JSON request body as it arrives */
    json_t *json;     /* the parsed body (NULL for none or for raw routes) */
    int body_too_big; /* the body went over HTTP_JSON_MAX */
    evidence_writer *upload;
    int upload_rc; /* first error of the upload (0: none) */
    cg_err upload_err;

    /* A view to write to the access log before the answer goes out: the
     * connection is suspended meanwhile, so the worker thread serves others
     * (server.c). */
    case_view view;
    int view_state; /* VIEW_NONE, VIEW_QUEUED, VIEW_WRITTEN */
    int view_rc;
    cg_err view_err;

    /* The answer. */
    int status;       /* 0: not answered yet */
    buf out;          /* JSON body */
    char cookie[256]; /* a Set-Cookie value, or "" */
    int64_t retry_after;
    int file_fd; /* >= 0: answer with this file (taken over by the server) */
    uint64_t file_size;
    char file_type[128];
    char file_name[300]; /* Content-Disposition filename, UTF-8 */
};

/* Answer with status and the JSON text in r->out (written by the caller). */
void http_json(http_req *r, int status);

/* Answer with an error: status, a short code ("invalid", "not_found"...), the
 * field it concerns (or NULL) and a message. */
void http_error(http_req *r, int status, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Answer with the status a library error maps to (CG_EINVAL 400, CG_EAUTH
 * 401, CG_EPERM 403, CG_ENOTFOUND 404, CG_ECONFLICT 409, CG_ETOOBIG 413,
 * CG_EUNAVAIL 503, else 500), err's message, and the field err names when its
 * message starts with "field: " or names one in quotes. */
void http_fail(http_req *r, int rc, const cg_err *err);

/* The value of query parameter name, or NULL. */
const char *http_query(http_req *r, const char *name);

/* Read an integer query parameter (absent: *v = dflt). Returns 0, or answers
 * 400 naming the parameter and returns -1. */
int http_query_int(http_req *r, const char *name, int64_t dflt, int64_t *v);

/* Path parameter i as a positive id. Returns 0, or answers 404 and -1. */
int http_param_id(http_req *r, int i, int64_t *id);

/* Body fields. Each returns 0 with the value (NULL / dflt when absent and not
 * required), or answers 400 naming the field and returns -1. Strings are
 * borrowed from r->json. */
int http_body_str(http_req *r, const char *field, int required, const char **v);
int http_body_int(http_req *r, const char *field, int required, int64_t dflt, int64_t *v);
int http_body_num(http_req *r, const char *field, int required, double dflt, double *v);

/* The CSRF token of a session token: hex(SHA-256("canhgac-csrf\n" token)). */
void http_csrf_token(const char *session_token, char out[65]);

/* Rate limit for anonymous posts from r->client: 1 when one more is allowed
 * now (and counted), 0 when over the limit (*retry_after seconds to wait). */
int http_rate_allow(http_req *r, const char *bucket, unsigned per_hour, int64_t *retry_after);

#endif
