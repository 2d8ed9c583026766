/* web.h: the web UI's files, embedded in the binary at build time.
 *
 * Every file under web/ in the source tree is compiled into the program
 * (src/web/module.mk, tools/embed.c), so that one binary serves its own UI
 * and nothing is loaded from outside the server. The data is static and
 * read-only: safe to call from any number of threads. */
#ifndef WEB_H
#define WEB_H

#include <stddef.h>

/* Find the file to serve for a request path ("/", "/app/main.js", "/inbox").
 *
 * path is the URL path as the client sent it; a query string ("?...") or a
 * fragment ("#...") after it is ignored. Mapping:
 *   - "/" and "/index.html" give the single-page app's index.html;
 *   - a path naming an embedded file gives that file;
 *   - a path under "/api" ("/api" itself or "/api/...") gives CG_ENOTFOUND:
 *     the API answers those, never the UI;
 *   - any other unknown path whose last segment has no extension
 *     ("/cases/12", "/tip") gives index.html, so that the app's own routes
 *     survive a reload or a shared link;
 *   - an unknown path whose last segment has an extension ("/app/gone.js",
 *     "/favicon.ico") gives CG_ENOTFOUND, so that a missing script or image
 *     is a 404 and not an HTML page the browser would misread;
 *   - a path that does not start with '/', or holds a ".." segment, a
 *     backslash or a NUL-free but over-long (> 1024 bytes) name, gives
 *     CG_ENOTFOUND.
 *
 * Returns 0 and sets *data and *len to the content (borrowed, static, with a
 * NUL after the last byte), *content_type to a MIME type with a charset for
 * text ("text/html; charset=utf-8") and *etag to a strong ETag with its
 * quotes ("\"3f2a...\"", 128 bits of the SHA-256 of the content, computed at
 * build time); or CG_ENOTFOUND with the outputs untouched. Any output pointer
 * may be NULL when the caller does not want it. */
int web_asset_find(const char *path, const unsigned char **data, size_t *len,
                   const char **content_type, const char **etag);

/* The same as web_asset_find, but the gzip-compressed form of the file,
 * for a client whose Accept-Encoding allows gzip (web_accepts_gzip): send it
 * with "Content-Encoding: gzip" and "Vary: Accept-Encoding". The ETag is the
 * plain file's with "-gz" inside the quotes (another representation, so
 * another strong tag). Returns CG_ENOTFOUND also when the file has no
 * compressed form (compression saved less than a tenth at build time): then
 * serve web_asset_find's. Same path mapping, same ownership. */
int web_asset_find_gzip(const char *path, const unsigned char **data, size_t *len,
                        const char **content_type, const char **etag);

/* 1 when an Accept-Encoding header value (NULL when absent) accepts gzip:
 * names "gzip", "x-gzip" or "*" with a quality above 0; else 0. */
int web_accepts_gzip(const char *accept_encoding);

/* The MIME type for a file name by its extension (case-insensitive), with
 * "; charset=utf-8" for text types; "application/octet-stream" for an
 * unknown extension. Never NULL; the string is static. */
const char *web_content_type(const char *name);

/* 1 when an If-None-Match request header (NULL or "" when absent) names
 * etag, so that the server can answer 304 Not Modified without a body; else
 * 0. The header is a comma-separated list of entity tags, each possibly weak
 * ("W/\"...\"", compared weakly as RFC 9110 says for If-None-Match), or
 * "*". etag is as web_asset_find gives it, quotes included. */
int web_etag_match(const char *if_none_match, const char *etag);

/* The Cache-Control value to send with an embedded file: "no-cache" (the
 * browser keeps its copy but asks each time, and the ETag makes the answer
 * an empty 304), since the files' names do not change between versions and
 * a new binary must be seen at once. Static string. */
const char *web_cache_control(const char *path);

/* How many files are embedded, and the path of the i-th (sorted, from 0;
 * NULL when i is out of range): for a listing in diagnostics and tests. */
size_t web_asset_count(void);
const char *web_asset_path(size_t i);

#endif
