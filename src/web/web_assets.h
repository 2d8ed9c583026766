/* web_assets.h: the table of embedded UI files that tools/embed.c generates
 * (build/gen/web_assets.c). Internal to src/web/: use web.h. */
#ifndef WEB_ASSETS_H
#define WEB_ASSETS_H

#include <stddef.h>
#include <stdlib.h> /* NULL in the generated table */

typedef struct web_asset {
    const char *path;          /* "/app/main.js": the URL path, from '/' */
    const unsigned char *data; /* the file's bytes, followed by a NUL */
    size_t len;                /* without that NUL */
    const char *etag;          /* strong ETag, quotes included */
    const unsigned char *gz;   /* the same gzip-compressed, or NULL */
    size_t gzlen;
    const char *gzetag; /* the compressed form's ETag ("\"...-gz\""), or NULL */
} web_asset;

/* Sorted by path in strcmp order; web_assets_count entries. */
extern const web_asset web_assets[];
extern const size_t web_assets_count;

#endif
