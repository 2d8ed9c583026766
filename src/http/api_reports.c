/* api_reports.c: the period report: JSON for the screens, CSV and XLSX for
 * download. */
#include "http/api.h"

#include "core/ts.h"
#include "reports/report.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Serve the bytes of an unlinked temporary file holding the XLSX. */
static void send_xlsx(http_req *r, const report *rep, const char *from, const char *to)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/canhgac-report-XXXXXX", dir && *dir ? dir : "/tmp");
    int tmp = mkstemp(path);
    if (tmp < 0) {
        http_error(r, 503, "unavailable", NULL, "no room for a temporary file");
        return;
    }
    close(tmp);
    cg_err err;
    int rc = report_xlsx(rep, path, &err);
    int fd = rc ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    unlink(path);
    if (fd < 0 || fstat(fd, &st)) {
        if (fd >= 0)
            close(fd);
        http_error(r, 503, "unavailable", NULL, "%s", rc ? err.msg : "the report file vanished");
        return;
    }
    r->file_fd = fd;
    r->file_size = (uint64_t)st.st_size;
    snprintf(r->file_type, sizeof r->file_type,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    snprintf(r->file_name, sizeof r->file_name, "bao-cao_%s_%s.xlsx", from, to);
    r->status = 200;
}

/* "YYYY-MM-DD" -> the Unix second its day starts in Vietnam, or answers 400
 * naming the parameter and returns -1. */
static int day_start(http_req *r, const char *name, int64_t *t)
{
    const char *v = http_query(r, name);
    int y, m, d;
    char tail;
    if (!v || strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31) {
        http_error(r, 400, "invalid", name, "%s: give a day as YYYY-MM-DD, not '%.20s'", name,
                   v ? v : "");
        return -1;
    }
    *t = ts_from_civil(y, m, d, 0, 0, 0) - TS_VN_OFFSET_MIN * 60;
    return 0;
}

void api_reports(http_req *r)
{
    const char *from = http_query(r, "from"), *to = http_query(r, "to");
    const char *format = http_query(r, "format");
    if (!format || !*format)
        format = "json";
    if (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "xlsx")) {
        http_error(r, 400, "invalid", "format", "format: json, csv or xlsx, not '%.20s'", format);
        return;
    }
    int64_t t0, t1;
    if (day_start(r, "from", &t0) || day_start(r, "to", &t1))
        return;
    t1 += 86400; /* the last day is included */
    if (t1 <= t0) {
        http_error(r, 400, "invalid", "to", "to: the period ends before it starts");
        return;
    }
    report *rep;
    cg_err err;
    int rc = report_compute(r->s, &r->who, t0, t1, &rep, &err);
    if (rc) {
        http_fail(r, rc, &err);
        return;
    }
    if (!strcmp(format, "json")) {
        report_json(rep, &r->out);
        http_json(r, 200);
    } else if (!strcmp(format, "csv")) {
        report_csv(rep, &r->out);
        snprintf(r->file_type, sizeof r->file_type, "text/csv; charset=utf-8");
        snprintf(r->file_name, sizeof r->file_name, "bao-cao_%s_%s.csv", from, to);
        r->status = 200;
    } else {
        send_xlsx(r, rep, from, to);
    }
    report_free(rep);
}
