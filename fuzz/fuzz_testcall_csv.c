/* fuzz_testcall_csv.c: the testcall-csv reader on arbitrary bytes. */
#include "telecom/cdr.h"
#include "telecom/scan.h"
#include "fuzz_file.h"

#include <stdio.h>
#include <stdlib.h>
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
    testcall *t;
    size_t n, bad;
    if (testcall_load(path, &t, &n, &bad, report, NULL, &err) == 0) {
        scan_config cfg;
        scan_config_default(&cfg);
        scan *s = scan_new(&cfg);
        scan_add_testcalls(s, t, n);
        scan_finish(s, emit, NULL);
        scan_free(s);
        free(t);
    }
    (void)report;
    (void)emit;
    close(fd);
    return 0;
}
