/* cdr.c: the cdr-csv and testcall-csv readers: header mapping (any order,
 * any case, unknown columns ignored), field checks with messages that name
 * the field, number and time normalisation. */
#include "telecom/cdr.h"

#include "core/csv.h"
#include "core/hmap.h"
#include "core/input.h"
#include "core/phone.h"
#include "core/ts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_TYPE, C_START, C_DURATION, C_MSISDN, C_IMSI, C_IMEI, C_OTHER, C_CELL, C_COLS };
static const char *const col_names[C_COLS] = {"type", "start", "duration", "msisdn",
                                              "imsi", "imei",  "other",    "cell"};

struct cdr_reader {
    input *in;
    csv_reader *csv;
    int col[C_COLS];
    size_t ncols;
    char name[256];
};

int cdr_number(const char *s, size_t len, uint64_t *out, const char **why)
{
    /* The common case, digits already in E.164 form. */
    if (len >= 10 && len <= 15 && s[0] == '8' && s[1] == '4') {
        uint64_t v = 0;
        size_t i;
        for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            v = v * 10 + (uint64_t)(s[i] - '0');
        if (i == len) {
            *out = v;
            return 0;
        }
    }
    char e164[PHONE_MAX + 1];
    int n = phone_normalize(s, len, e164, why);
    if (n < 0)
        return -1;
    if (n < 3) {
        *why = "too short for a telephone number";
        return -1;
    }
    *out = strtoull(e164, NULL, 10);
    return 0;
}

static int digits(const char *s, size_t len, size_t min, size_t max, uint64_t *out)
{
    if (len < min || len > max)
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}

/* "YYYY-MM-DDTHH:MM:SS" exactly, the common case, without the general parser. */
static int fast_time(const char *s, size_t len, int64_t *t)
{
    if (len != 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' ||
        s[16] != ':')
        return -1;
    int v[6];
    static const int pos[6] = {0, 5, 8, 11, 14, 17}, wid[6] = {4, 2, 2, 2, 2, 2};
    for (int k = 0; k < 6; k++) {
        int x = 0;
        for (int i = 0; i < wid[k]; i++) {
            char c = s[pos[k] + i];
            if (c < '0' || c > '9')
                return -1;
            x = x * 10 + (c - '0');
        }
        v[k] = x;
    }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60)
        return -1;
    *t = ts_from_civil(v[0], v[1], v[2], v[3], v[4], v[5]) - TS_VN_OFFSET_MIN * 60;
    return 0;
}

int cdr_open(const char *path, cdr_reader **out, cg_err *err)
{
    input *in;
    int rc = input_open(path, &in, err);
    if (rc)
        return rc;
    cdr_reader *r = cg_calloc(1, sizeof *r);
    r->in = in;
    r->csv = csv_reader_new(in);
    snprintf(r->name, sizeof r->name, "%s", input_name(in));
    csv_row h;
    do
        rc = csv_next(r->csv, &h, err);
    while (rc == CG_EINVAL);
    if (rc <= 0) {
        if (rc == 0)
            cg_err_set(err, CG_EINVAL, "%s: empty file: no header line", r->name);
        cdr_close(r);
        return rc ? rc : CG_EINVAL;
    }
    r->ncols = h.n;
    for (int c = 0; c < C_COLS; c++) {
        r->col[c] = csv_col(&h, col_names[c]);
        if (c <= C_MSISDN && r->col[c] < 0) {
            cg_err_set(err, CG_EINVAL, "%s:%llu: the header lacks the required column '%s'",
                       r->name, (unsigned long long)h.line, col_names[c]);
            cdr_close(r);
            return CG_EINVAL;
        }
    }
    *out = r;
    return 0;
}

static const char *field(const csv_row *row, int col, size_t *len)
{
    if (col < 0 || (size_t)col >= row->n) {
        *len = 0;
        return "";
    }
    *len = row->len[col];
    return row->f[col];
}

#define BAD(fmt, ...)                                                                              \
    cg_err_set(err, CG_EINVAL, "%s:%llu: " fmt, r->name, (unsigned long long)row.line, __VA_ARGS__)

int cdr_next(cdr_reader *r, cdr_record *rec, cg_err *err)
{
    csv_row row;
    int rc = csv_next(r->csv, &row, err);
    if (rc <= 0)
        return rc;
    memset(rec, 0, sizeof *rec);
    rec->line = row.line;
    if (row.n < r->ncols && row.n <= (size_t)r->col[C_MSISDN])
        return BAD("%zu fields where the header has %zu", row.n, r->ncols);
    size_t n;
    const char *s = field(&row, r->col[C_TYPE], &n);
    if (n == 3 && !strncasecmp(s, "MOC", 3))
        rec->type = CDR_MOC;
    else if (n == 3 && !strncasecmp(s, "MTC", 3))
        rec->type = CDR_MTC;
    else if (n == 6 && !strncasecmp(s, "SMS_MO", 6))
        rec->type = CDR_SMS_MO;
    else if (n == 6 && !strncasecmp(s, "SMS_MT", 6))
        rec->type = CDR_SMS_MT;
    else if (n == 4 && !strncasecmp(s, "DATA", 4))
        rec->type = CDR_DATA;
    else
        return BAD("type: '%.*s' is not MOC, MTC, SMS_MO, SMS_MT or DATA", (int)(n > 20 ? 20 : n),
                   s);
    s = field(&row, r->col[C_START], &n);
    const char *why = "empty";
    if (fast_time(s, n, &rec->start) && (!n || ts_parse(s, n, &rec->start, &why)))
        return BAD("start: '%.*s': %s", (int)(n > 40 ? 40 : n), s, why);
    s = field(&row, r->col[C_DURATION], &n);
    uint64_t d;
    if (digits(s, n, 1, 9, &d))
        return BAD("duration: '%.*s' is not a whole number of seconds >= 0", (int)(n > 20 ? 20 : n),
                   s);
    rec->duration = (int64_t)d;
    s = field(&row, r->col[C_MSISDN], &n);
    if (cdr_number(s, n, &rec->msisdn, &why))
        return BAD("msisdn: '%.*s': %s", (int)(n > 30 ? 30 : n), s, why);
    s = field(&row, r->col[C_OTHER], &n);
    if (n && cdr_number(s, n, &rec->other, &why))
        return BAD("other: '%.*s': %s", (int)(n > 30 ? 30 : n), s, why);
    s = field(&row, r->col[C_IMSI], &n);
    if (n && digits(s, n, 14, 15, &rec->imsi))
        return BAD("imsi: '%.*s' is not 15 digits", (int)(n > 30 ? 30 : n), s);
    s = field(&row, r->col[C_IMEI], &n);
    if (n && digits(s, n > 15 ? 15 : n, 14, 15, &rec->imei))
        return BAD("imei: '%.*s' is not 14 to 16 digits", (int)(n > 30 ? 30 : n), s);
    if (n == 16 && (s[15] < '0' || s[15] > '9'))
        return BAD("imei: '%.*s' is not 14 to 16 digits", (int)n, s);
    if (n > 16)
        return BAD("imei: '%.*s' is not 14 to 16 digits", (int)(n > 30 ? 30 : n), s);
    s = field(&row, r->col[C_CELL], &n);
    if (n) {
        uint64_t h = cg_hash64(s, n, 0x63656c6c);
        rec->cell = (uint32_t)(h ^ (h >> 32));
        if (!rec->cell)
            rec->cell = 1;
    }
    return 1;
}

uint64_t cdr_bytes(const cdr_reader *r)
{
    return input_bytes(r->in);
}

void cdr_close(cdr_reader *r)
{
    if (!r)
        return;
    csv_reader_free(r->csv);
    input_close(r->in);
    free(r);
}

int testcall_load(const char *path, testcall **calls, size_t *n, size_t *rejected,
                  void (*report)(void *ctx, const char *msg), void *ctx, cg_err *err)
{
    *calls = NULL;
    *n = *rejected = 0;
    input *in;
    int rc = input_open(path, &in, err);
    if (rc)
        return rc;
    csv_reader *csv = csv_reader_new(in);
    const char *name = input_name(in);
    csv_row h;
    do
        rc = csv_next(csv, &h, err);
    while (rc == CG_EINVAL);
    static const char *const cols[] = {"start", "origin_country", "origin_number", "b_number",
                                       "received_cli"};
    int c[5];
    if (rc == 0)
        rc = cg_err_set(err, CG_EINVAL, "%s: empty file: no header line", name);
    for (int i = 0; rc > 0 && i < 5; i++)
        if ((c[i] = csv_col(&h, cols[i])) < 0)
            rc = cg_err_set(err, CG_EINVAL, "%s:%llu: the header lacks the required column '%s'",
                            name, (unsigned long long)h.line, cols[i]);
    size_t cap = 0;
    csv_row row;
    while (rc > 0 && (rc = csv_next(csv, &row, err)) != 0) {
        char msg[600];
        if (rc == CG_EINVAL) {
            report(ctx, err->msg);
            (*rejected)++;
            rc = 1;
            continue;
        }
        if (rc < 0)
            break;
        testcall t;
        memset(&t, 0, sizeof t);
        t.line = row.line;
        const char *why = NULL;
        size_t len;
        const char *s = field(&row, c[0], &len);
        if (fast_time(s, len, &t.start) && (!len || ts_parse(s, len, &t.start, &why)))
            snprintf(msg, sizeof msg, "%s:%llu: start: '%.*s': %s", name,
                     (unsigned long long)row.line, (int)(len > 40 ? 40 : len), s,
                     why ? why : "empty");
        else if ((s = field(&row, c[1], &len)), len != 2)
            snprintf(msg, sizeof msg, "%s:%llu: origin_country: '%.*s' is not an ISO alpha-2 code",
                     name, (unsigned long long)row.line, (int)(len > 10 ? 10 : len), s);
        else {
            t.origin_country[0] = (char)(s[0] & ~0x20);
            t.origin_country[1] = (char)(s[1] & ~0x20);
            msg[0] = 0;
            static const char *const fn[] = {"origin_number", "b_number", "received_cli"};
            uint64_t *dst[] = {&t.origin_number, &t.b_number, &t.received_cli};
            for (int i = 0; i < 3 && !msg[0]; i++) {
                s = field(&row, c[2 + i], &len);
                if ((len || i < 2) && cdr_number(s, len, dst[i], &why))
                    snprintf(msg, sizeof msg, "%s:%llu: %s: '%.*s': %s", name,
                             (unsigned long long)row.line, fn[i], (int)(len > 30 ? 30 : len), s,
                             len ? why : "empty");
            }
        }
        if (msg[0]) {
            report(ctx, msg);
            (*rejected)++;
            continue;
        }
        if (*n == cap)
            *calls = cg_realloc(*calls, (cap = cap ? 2 * cap : 64) * sizeof **calls);
        (*calls)[(*n)++] = t;
    }
    csv_reader_free(csv);
    input_close(in);
    if (rc < 0) {
        free(*calls);
        *calls = NULL;
        *n = 0;
        return rc;
    }
    return 0;
}
