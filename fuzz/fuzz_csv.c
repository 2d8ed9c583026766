/* fuzz_csv.c: the core readers on arbitrary bytes: line input (plain and
 * gzip), CSV records, and the timestamp and phone parsers on every field. */
#include "core/csv.h"
#include "core/input.h"
#include "core/phone.h"
#include "core/ts.h"
#include "fuzz_file.h"

#include <stdio.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_file(data, size, path);
    if (fd < 0)
        return 0;
    input *in;
    cg_err err;
    if (input_open(path, &in, &err) == 0) {
        csv_reader *r = csv_reader_new(in);
        csv_row row;
        int rc;
        while ((rc = csv_next(r, &row, &err)) != 0) {
            if (rc < 0 && rc != CG_EINVAL)
                break;
            if (rc != 1)
                continue;
            for (size_t i = 0; i < row.n; i++) {
                int64_t t;
                const char *why;
                char e164[PHONE_MAX + 1];
                ts_parse(row.f[i], row.len[i], &t, &why);
                if (phone_normalize(row.f[i], row.len[i], e164, &why) > 0)
                    phone_classify(e164);
            }
        }
        csv_reader_free(r);
        input_close(in);
    }
    close(fd);
    return 0;
}
