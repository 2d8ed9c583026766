/* lookup.c: how many web_asset_find calls a second, for the file paths the
 * UI asks for and for app routes that fall back to index.html. */
#include <stdio.h>
#include <time.h>

#include "web/web.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
    static const char *paths[] = {
        "/",         "/app/main.js", "/app/views/case.js", "/i18n/vi.json",
        "/cases/12", "/api/cases",   "/app/missing.js"};
    const size_t n = sizeof paths / sizeof paths[0];
    const long rounds = 2000000;
    size_t found = 0;
    double t0 = now();
    for (long i = 0; i < rounds; i++) {
        const unsigned char *d;
        size_t len;
        found += web_asset_find(paths[(size_t)i % n], &d, &len, NULL, NULL) == 0;
    }
    double dt = now() - t0;
    printf("%zu embedded files; %.1f million lookups/s (%.0f ns each; %zu found of %ld)\n",
           web_asset_count(), rounds / dt / 1e6, dt / rounds * 1e9, found, rounds);
    return 0;
}
