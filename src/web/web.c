/* web.c: looks up the UI's embedded files and names their content types. */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cg.h"
#include "web/web_assets.h"

#define WEB_PATH_MAX 1024

static const struct {
    const char *ext;
    const char *type;
} content_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"webmanifest", "application/manifest+json; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"svg", "image/svg+xml; charset=utf-8"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"pdf", "application/pdf"},
    {"wasm", "application/wasm"},
};

/* The extension of the last segment of name (after its last '.'), or NULL. */
static const char *extension(const char *name, size_t len)
{
    for (size_t i = len; i > 0; i--) {
        char c = name[i - 1];
        if (c == '/')
            return NULL;
        if (c == '.')
            return i < len && i > 1 && name[i - 2] != '/' ? name + i : NULL;
    }
    return NULL;
}

const char *web_content_type(const char *name)
{
    const char *ext = name ? extension(name, strlen(name)) : NULL;
    if (ext)
        for (size_t i = 0; i < CG_ARRAY_LEN(content_types); i++)
            if (strcasecmp(ext, content_types[i].ext) == 0)
                return content_types[i].type;
    return "application/octet-stream";
}

static const web_asset *lookup(const char *path, size_t len)
{
    size_t lo = 0, hi = web_assets_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *p = web_assets[mid].path;
        int c = strncmp(p, path, len);
        if (c == 0 && p[len] != '\0')
            c = 1;
        if (c == 0)
            return &web_assets[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* A path the UI never serves: not absolute, over-long, with a backslash or
 * a "." or ".." segment (no file is named so; refusing them keeps a request
 * for "/../x" from falling back to the app as if it were a route). */
static int refused(const char *path, size_t len)
{
    if (len == 0 || path[0] != '/' || len > WEB_PATH_MAX || memchr(path, '\\', len))
        return 1;
    size_t i = 1;
    while (i <= len) {
        size_t j = i;
        while (j < len && path[j] != '/')
            j++;
        size_t seg = j - i;
        if ((seg == 1 && path[i] == '.') || (seg == 2 && path[i] == '.' && path[i + 1] == '.'))
            return 1;
        i = j + 1;
    }
    return 0;
}

static int is_api(const char *path, size_t len)
{
    return len >= 4 && memcmp(path, "/api", 4) == 0 && (len == 4 || path[4] == '/');
}

/* The asset for a request path after the mapping of web.h, or NULL. */
static const web_asset *resolve(const char *path)
{
    if (!path)
        return NULL;
    size_t n = strcspn(path, "?#");
    if (refused(path, n) || is_api(path, n))
        return NULL;
    const web_asset *a = n == 1 ? lookup("/index.html", 11) : lookup(path, n);
    /* "/cases/12/" ends with a slash: its last segment is empty, so it has
     * no extension and is one of the app's routes. */
    if (!a && !extension(path, n))
        a = lookup("/index.html", 11);
    return a;
}

int web_asset_find_gzip(const char *path, const unsigned char **data, size_t *len,
                        const char **content_type, const char **etag)
{
    const web_asset *a = resolve(path);
    if (!a || !a->gz)
        return CG_ENOTFOUND;
    if (data)
        *data = a->gz;
    if (len)
        *len = a->gzlen;
    if (content_type)
        *content_type = web_content_type(a->path);
    if (etag)
        *etag = a->gzetag;
    return 0;
}

/* The quality of one Accept-Encoding member's parameters (";q=0.5"): 1 when
 * absent. */
static double quality(const char *p, const char *end)
{
    const char *q = p;
    while ((q = memchr(q, ';', (size_t)(end - q))) != NULL) {
        q++;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (q + 1 < end && (q[0] == 'q' || q[0] == 'Q') && q[1] == '=')
            return strtod(q + 2, NULL);
    }
    return 1.0;
}

int web_accepts_gzip(const char *h)
{
    if (!h)
        return 0;
    int star = 0, gzip = -1;
    const char *p = h;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *end = p + strcspn(p, ",");
        size_t tok = strcspn(p, ",; \t");
        double q = quality(p, end);
        if ((tok == 4 && strncasecmp(p, "gzip", 4) == 0) ||
            (tok == 6 && strncasecmp(p, "x-gzip", 6) == 0))
            gzip = q > 0;
        else if (tok == 1 && *p == '*')
            star = q > 0;
        p = end;
    }
    return gzip >= 0 ? gzip : star;
}

int web_asset_find(const char *path, const unsigned char **data, size_t *len,
                   const char **content_type, const char **etag)
{
    const web_asset *a = resolve(path);
    if (!a)
        return CG_ENOTFOUND;
    if (data)
        *data = a->data;
    if (len)
        *len = a->len;
    if (content_type)
        *content_type = web_content_type(a->path);
    if (etag)
        *etag = a->etag;
    return 0;
}

int web_etag_match(const char *h, const char *etag)
{
    if (!h || !etag)
        return 0;
    size_t elen = strlen(etag);
    const char *p = h;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            break;
        if (*p == '*')
            return 1;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        if (*p != '"') {
            /* Not an entity tag: skip to the next list member. */
            p += strcspn(p, ",");
            continue;
        }
        const char *end = strchr(p + 1, '"');
        if (!end)
            return 0;
        size_t len = (size_t)(end - p) + 1;
        if (len == elen && memcmp(p, etag, len) == 0)
            return 1;
        p = end + 1;
    }
    return 0;
}

const char *web_cache_control(const char *path)
{
    (void)path;
    return "no-cache";
}

size_t web_asset_count(void)
{
    return web_assets_count;
}

const char *web_asset_path(size_t i)
{
    return i < web_assets_count ? web_assets[i].path : NULL;
}
