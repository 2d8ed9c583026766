/* fuzz_cdr_csv.c: the cdr-csv reader and the scanner behind it on arbitrary
 * bytes; the fast path for unquoted lines must give the general CSV reader's
 * records and messages exactly. */
#include "telecom/cdr.h"
#include "telecom/scan.h"
#include "fuzz_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void emit(void *ctx, const char *json, double score, uint64_t msisdn, int64_t last) {}

static void report(void *ctx, const char *msg) {}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_file(data, size, path);
    if (fd < 0)
        return 0;
    cg_err err;
    cdr_reader *r, *g;
    cg_err gerr;
    if (cdr_open(path, &g, &gerr) == 0) {
        cdr_set_general(g, 1);
        if (cdr_open(path, &r, &err) != 0)
            abort();
        for (;;) {
            cdr_record a, b;
            memset(&a, 0, sizeof a);
            memset(&b, 0, sizeof b);
            int ra = cdr_next(r, &a, &err), rb = cdr_next(g, &b, &gerr);
            if (ra != rb || (ra == 1 && memcmp(&a, &b, sizeof a)) ||
                (ra < 0 && strcmp(err.msg, gerr.msg)))
                abort();
            if (ra == 0 || (ra < 0 && ra != CG_EINVAL))
                break;
        }
        cdr_close(r);
        cdr_close(g);
    }
    if (cdr_open(path, &r, &err) == 0) {
        scan_config cfg;
        scan_config_default(&cfg);
        scan *s = scan_new(&cfg);
        cdr_record rec;
        int rc;
        while ((rc = cdr_next(r, &rec, &err)) != 0) {
            if (rc < 0 && rc != CG_EINVAL)
                break;
            if (rc == 1)
                scan_add(s, &rec);
        }
        cdr_close(r);
        scan_finish(s, emit, NULL);
        scan_free(s);
    }
    (void)report;
    (void)emit;
    close(fd);
    return 0;
}
