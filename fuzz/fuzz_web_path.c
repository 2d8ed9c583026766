/* fuzz_web_path.c: any request path either finds an embedded file (whose
 * bytes end with a NUL and whose ETag is quoted) or is not found; the API's
 * paths never give the UI. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cg.h"
#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *p = cg_malloc(size + 1);
    memcpy(p, data, size);
    p[size] = '\0';
    const unsigned char *d = NULL;
    size_t len = 0;
    const char *ct = NULL, *etag = NULL;
    int rc = web_asset_find(p, &d, &len, &ct, &etag);
    if (rc == 0) {
        if (!d || d[len] != '\0' || !ct || !etag || etag[0] != '"' || strlen(etag) != 34)
            abort();
        size_t n = strcspn(p, "?#");
        if (n >= 4 && memcmp(p, "/api", 4) == 0 && (n == 4 || p[4] == '/'))
            abort();
        if (!web_etag_match(etag, etag))
            abort();
    } else if (rc != CG_ENOTFOUND) {
        abort();
    }
    const unsigned char *gz = NULL;
    size_t gzlen = 0;
    if (web_asset_find_gzip(p, &gz, &gzlen, NULL, NULL) == 0 && (rc != 0 || gzlen >= len))
        abort();
    (void)web_accepts_gzip(p);
    /* The same bytes as an If-None-Match header: never a crash, and a
     * match only when the header names the tag or is "*". */
    if (web_etag_match(p, "\"0123456789abcdef0123456789abcdef\"") && !strchr(p, '*') &&
        !strstr(p, "\"0123456789abcdef0123456789abcdef\""))
        abort();
    free(p);
    return 0;
}
