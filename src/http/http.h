/* http.h: the platform's HTTP server: the JSON API over src/cases/ and the
 * embedded web UI, on libmicrohttpd with a thread pool.
 *
 * Every answer of the API is JSON; errors are {"error":{"code","message",
 * "field"}} with the status that cg_code maps to (400, 401, 403, 404, 409,
 * 413, 429, 503). docs/openapi.json describes every route of
 * http_route_at(). */
#ifndef CG_HTTP_H
#define CG_HTTP_H

#include "core/cg.h"
#include "store/store.h"

#include <stdint.h>

typedef struct http_config {
    const char *listen;     /* "ADDR:PORT"; port 0 picks a free one (tests) */
    unsigned threads;       /* worker threads; 0: the number of cores */
    store *store;           /* borrowed; must outlive the server */
    int secure_cookies;     /* 1 adds "Secure" to the session cookie (behind TLS) */
    uint64_t evidence_max;  /* bytes per evidence upload; 0: EVIDENCE_MAX_DEFAULT */
    unsigned tips_per_hour; /* tips accepted per client address per hour; 0: 10 */
} http_config;

typedef struct http_server http_server;

/* Listen and serve in background threads. Returns 0 and the server, or
 * CG_EINVAL (listen address) / CG_EIO (the port cannot be bound) with err
 * saying which. */
int http_start(const http_config *cfg, http_server **out, cg_err *err);

/* The port listened on (the one picked when the config said 0). */
unsigned http_port(const http_server *srv);

/* Stop accepting, finish the requests under way, free the server. */
void http_stop(http_server *srv);

/* The route table, for the check against docs/openapi.json: the i-th route's
 * method and pattern ("/api/cases/{id}"), or 0 past the end. */
int http_route_at(size_t i, const char **method, const char **pattern);

#endif
