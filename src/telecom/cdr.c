/* cdr.c: the cdr-csv and testcall-csv readers: header mapping (any order,
 * any case, unknown columns ignored), field checks with messages that name
 * the field, number and time normalisation. */
#include "telecom/cdr.h"

#include "core/buf.h"
#include "core/csv.h"
#include "core/hmap.h"
#include "core/input.h"
#include "core/phone.h"
#include "core/ts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { C_TYPE, C_START, C_DURATION, C_MSISDN, C_IMSI, C_IMEI, C_OTHER, C_CELL, C_COLS };
static const char *const col_names[C_COLS] = {"type", "start", "duration", "msisdn",
                                              "imsi", "imei",  "other",    "cell"};

/* As the CSV reader: a record whose quoted field never closes stops here. */

struct cdr_reader {
    input *in;
    csv_reader *csv; /* the header, and every record in general mode */
    int col[C_COLS];
    size_t ncols;
    size_t want; /* fields a record needs: the highest column used, plus one */
    int general;
    /* The fields of the current record on the fast path (the first `want`
     * of them). */
    const char **f;
    size_t *len;
    size_t cap;
    csv_fields quoted;   /* a record holding a quote, split by the CSV reader's rules */
    buf joined, scratch; /* its text */
    char name[256];
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CDR_LE 1
#endif

#ifdef CDR_LE
/* Eight ASCII digits in a word (the first in the lowest byte) to their
 * value in a few operations (SWAR); -1 when one of them is not a digit. */
static inline int word_digits(uint64_t x, uint64_t *v)
{
    if ((x & 0xf0f0f0f0f0f0f0f0ULL) != 0x3030303030303030ULL ||
        ((x + 0x0606060606060606ULL) & 0xf0f0f0f0f0f0f0f0ULL) != 0x3030303030303030ULL)
        return -1;
    x -= 0x3030303030303030ULL;
    x = x * 10 + (x >> 8); /* pairs of digits */
    x = (((x & 0x000000ff000000ffULL) * (100 + (1000000ULL << 32))) +
         (((x >> 16) & 0x000000ff000000ffULL) * (1 + (10000ULL << 32)))) >>
        32;
    *v = x;
    return 0;
}
#endif

/* Eight ASCII digits at s to their value; -1 when one is not a digit. */
static inline int eight_digits(const char *s, uint64_t *v)
{
#ifdef CDR_LE
    uint64_t x;
    memcpy(&x, s, 8);
    return word_digits(x, v);
#else
    uint64_t x = 0;
    for (int i = 0; i < 8; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10 + (uint64_t)(s[i] - '0');
    }
    *v = x;
    return 0;
#endif
}

/* 8 to 16 ASCII digits at s to their value; -1 when one is not a digit. */
static inline int long_digits(const char *s, size_t len, uint64_t *v)
{
    uint64_t hi;
    if (eight_digits(s, &hi))
        return -1;
    if (len == 8) {
        *v = hi;
        return 0;
    }
    size_t k = len - 8; /* the last k digits, read in the word that ends the field */
#ifdef CDR_LE
    static const uint64_t p10[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    uint64_t x, lo;
    memcpy(&x, s + len - 8, 8);
    uint64_t keep = ~0ULL << (8 * (8 - k)); /* its bytes already read become '0' */
    x = (x & keep) | (0x3030303030303030ULL & ~keep);
    if (word_digits(x, &lo))
        return -1;
    *v = hi * p10[k] + lo;
#else
    for (size_t i = 8; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        hi = hi * 10 + (uint64_t)(s[i] - '0');
    }
    *v = hi;
#endif
    return 0;
}

int cdr_number(const char *s, size_t len, uint64_t *out, const char **why)
{
    /* The common case, digits already in E.164 form. */
    if (len >= 10 && len <= 15 && s[0] == '8' && s[1] == '4' && !long_digits(s, len, out))
        return 0;
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
    if (len >= 8 && len <= 16)
        return long_digits(s, len, out);
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
        if (r->col[c] >= 0 && (size_t)r->col[c] + 1 > r->want)
            r->want = (size_t)r->col[c] + 1;
    }
    /* The CSV reader reads a line at a time and keeps none ahead: from here
     * on the records may be read from the input directly. */
    r->cap = r->want < 16 ? 16 : r->want;
    r->f = cg_malloc(r->cap * sizeof *r->f);
    r->len = cg_malloc(r->cap * sizeof *r->len);
    *out = r;
    return 0;
}

void cdr_set_general(cdr_reader *r, int general)
{
    r->general = general;
}

/* A comma at pos ends field *nf, which starts at *start: keep it if it is
 * among the first r->want. */
static inline void take_field(cdr_reader *r, const char *s, size_t pos, size_t *nf, size_t *start)
{
    if (*nf < r->want) {
        r->f[*nf] = s + *start;
        r->len[*nf] = pos - *start;
    }
    (*nf)++;
    *start = pos + 1;
}

/* Split an unquoted line at its commas, keeping the first r->want fields.
 * Returns the number of fields, or 0 when the line holds a quote (the
 * record is then read as RFC 4180 says, perhaps over several lines). */
static size_t split_plain(cdr_reader *r, const char *s, size_t len)
{
    size_t nf = 0, start = 0, i = 0;
#ifdef __SSE2__
    const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)))
            return 0;
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
        while (m) {
            size_t pos = i + (size_t)__builtin_ctz(m);
            m &= m - 1;
            take_field(r, s, pos, &nf, &start);
        }
    }
    if (i < len && len >= 16) {
        /* The last bytes: the 16 that end the line, less those seen. */
        size_t base = len - 16;
        unsigned seen = (unsigned)(i - base);
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + base));
        if ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) >> seen)
            return 0;
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)) >> seen << seen;
        while (m) {
            size_t pos = base + (size_t)__builtin_ctz(m);
            m &= m - 1;
            take_field(r, s, pos, &nf, &start);
        }
        i = len;
    }
#endif
    for (; i < len; i++) {
        if (s[i] == '"')
            return 0;
        if (s[i] == ',')
            take_field(r, s, i, &nf, &start);
    }
    take_field(r, s, len, &nf, &start); /* the last field ends the line */
    return nf;
}

static inline const char *field(const char *const *f, const size_t *lens, size_t n, int col,
                                size_t *len)
{
    if (col < 0 || (size_t)col >= n) {
        *len = 0;
        return "";
    }
    *len = lens[col];
    return f[col];
}

/* The type as strncasecmp would match it, without the call. */
static int parse_type(const char *s, size_t n)
{
#define LC(i) (s[i] | 0x20)
    if (n == 3 && LC(0) == 'm' && LC(2) == 'c') {
        if (LC(1) == 'o')
            return CDR_MOC;
        if (LC(1) == 't')
            return CDR_MTC;
    } else if (n == 4 && LC(0) == 'd' && LC(1) == 'a' && LC(2) == 't' && LC(3) == 'a') {
        return CDR_DATA;
    } else if (n == 6 && LC(0) == 's' && LC(1) == 'm' && LC(2) == 's' && s[3] == '_' &&
               LC(4) == 'm') {
        if (LC(5) == 'o')
            return CDR_SMS_MO;
        if (LC(5) == 't')
            return CDR_SMS_MT;
    }
#undef LC
    return 0;
}

#ifdef CDR_LE
static inline uint64_t rd64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t rd32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t wymix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}
#endif

/* cg_hash64 (core/hmap.c) exactly, with the last bytes read in two loads
 * rather than by a call to memcpy: every record's cell is hashed. */
static uint64_t cell_hash(const char *s, size_t len, uint64_t seed)
{
#ifdef CDR_LE
    const uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull;
    uint64_t h = seed ^ k0 ^ (len * k1);
    while (len >= 8) {
        h = wymix(h ^ rd64(s), k1);
        s += 8, len -= 8;
    }
    if (len) {
        uint64_t t;
        if (len >= 4) /* two loads that overlap: the same bytes in the same places */
            t = rd32(s) | rd32(s + len - 4) << (8 * (len - 4));
        else
            t = (uint64_t)(unsigned char)s[0] |
                (uint64_t)(unsigned char)s[len / 2] << (8 * (len / 2)) |
                (uint64_t)(unsigned char)s[len - 1] << (8 * (len - 1));
        h = wymix(h ^ t ^ ((uint64_t)len << 56), k1);
    }
    return wymix(h, k0 ^ 0x8ebc6af09c88c6e3ull);
#else
    return cg_hash64(s, len, seed);
#endif
}

/* Epoch seconds as plain digits (ts_parse takes up to 12), the common case. */
static int fast_epoch(const char *s, size_t len, int64_t *t)
{
    if (len < 1 || len > 12)
        return -1;
    if (len >= 8) {
        uint64_t u;
        if (long_digits(s, len, &u))
            return -1;
        *t = (int64_t)u;
        return 0;
    }
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d > 9)
            return -1;
        v = v * 10 + d;
    }
    *t = v;
    return 0;
}

#define BAD(fmt, ...)                                                                              \
    cg_err_set(err, CG_EINVAL, "%s:%llu: " fmt, r->name, (unsigned long long)line, __VA_ARGS__)

/* The checks of one record's fields (f, lens: n fields). */
static int take(cdr_reader *r, const char *const *f, const size_t *lens, size_t nf, uint64_t line,
                cdr_record *rec, cg_err *err)
{
    memset(rec, 0, sizeof *rec);
    rec->line = line;
    if (nf < r->ncols && nf <= (size_t)r->col[C_MSISDN])
        return BAD("%zu fields where the header has %zu", nf, r->ncols);
    size_t n;
    const char *s = field(f, lens, nf, r->col[C_TYPE], &n);
    if (!(rec->type = (cdr_type)parse_type(s, n)))
        return BAD("type: '%.*s' is not MOC, MTC, SMS_MO, SMS_MT or DATA", (int)(n > 20 ? 20 : n),
                   s);
    s = field(f, lens, nf, r->col[C_START], &n);
    const char *why = "empty";
    if (fast_epoch(s, n, &rec->start) && fast_time(s, n, &rec->start) &&
        (!n || ts_parse(s, n, &rec->start, &why)))
        return BAD("start: '%.*s': %s", (int)(n > 40 ? 40 : n), s, why);
    s = field(f, lens, nf, r->col[C_DURATION], &n);
    uint64_t d;
    if (digits(s, n, 1, 9, &d))
        return BAD("duration: '%.*s' is not a whole number of seconds >= 0", (int)(n > 20 ? 20 : n),
                   s);
    rec->duration = (int64_t)d;
    s = field(f, lens, nf, r->col[C_MSISDN], &n);
    if (cdr_number(s, n, &rec->msisdn, &why))
        return BAD("msisdn: '%.*s': %s", (int)(n > 30 ? 30 : n), s, why);
    s = field(f, lens, nf, r->col[C_OTHER], &n);
    if (n && cdr_number(s, n, &rec->other, &why))
        return BAD("other: '%.*s': %s", (int)(n > 30 ? 30 : n), s, why);
    s = field(f, lens, nf, r->col[C_IMSI], &n);
    if (n && digits(s, n, 14, 15, &rec->imsi))
        return BAD("imsi: '%.*s' is not 15 digits", (int)(n > 30 ? 30 : n), s);
    s = field(f, lens, nf, r->col[C_IMEI], &n);
    if (n && digits(s, n > 15 ? 15 : n, 14, 15, &rec->imei))
        return BAD("imei: '%.*s' is not 14 to 16 digits", (int)(n > 30 ? 30 : n), s);
    if (n == 16 && (s[15] < '0' || s[15] > '9'))
        return BAD("imei: '%.*s' is not 14 to 16 digits", (int)n, s);
    if (n > 16)
        return BAD("imei: '%.*s' is not 14 to 16 digits", (int)(n > 30 ? 30 : n), s);
    s = field(f, lens, nf, r->col[C_CELL], &n);
    if (n) {
        uint64_t h = cell_hash(s, n, 0x63656c6c);
        rec->cell = (uint32_t)(h ^ (h >> 32));
        if (!rec->cell)
            rec->cell = 1;
    }
    return 1;
}

int cdr_next(cdr_reader *r, cdr_record *rec, cg_err *err)
{
    if (r->general) {
        csv_row row;
        int rc = csv_next(r->csv, &row, err);
        if (rc <= 0)
            return rc;
        return take(r, (const char *const *)row.f, row.len, row.n, row.line, rec, err);
    }
    char *line;
    size_t len;
    for (;;) {
        int rc = input_next(r->in, &line, &len, err);
        if (rc <= 0)
            return rc == CG_ETOOBIG ? CG_EINVAL : rc;
        if (len == 0)
            continue; /* blank lines are skipped */
        uint64_t first = input_lineno(r->in);
        size_t nf = split_plain(r, line, len);
        if (nf)
            return take(r, r->f, r->len, nf, first, rec, err);
        /* A quote: read on and split exactly as the CSV reader does. */
        if ((rc = csv_read_quoted(r->in, line, len, &r->joined, &r->scratch, &r->quoted, err)) != 1)
            return rc;
        return take(r, (const char *const *)r->quoted.f, r->quoted.len, r->quoted.n, first, rec,
                    err);
    }
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
    free(r->f);
    free(r->len);
    csv_fields_free(&r->quoted);
    buf_free(&r->joined);
    buf_free(&r->scratch);
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
        const char *s = field((const char *const *)row.f, row.len, row.n, c[0], &len);
        if (fast_time(s, len, &t.start) && (!len || ts_parse(s, len, &t.start, &why)))
            snprintf(msg, sizeof msg, "%s:%llu: start: '%.*s': %s", name,
                     (unsigned long long)row.line, (int)(len > 40 ? 40 : len), s,
                     why ? why : "empty");
        else if ((s = field((const char *const *)row.f, row.len, row.n, c[1], &len)), len != 2)
            snprintf(msg, sizeof msg, "%s:%llu: origin_country: '%.*s' is not an ISO alpha-2 code",
                     name, (unsigned long long)row.line, (int)(len > 10 ? 10 : len), s);
        else {
            t.origin_country[0] = (char)(s[0] & ~0x20);
            t.origin_country[1] = (char)(s[1] & ~0x20);
            msg[0] = 0;
            static const char *const fn[] = {"origin_number", "b_number", "received_cli"};
            uint64_t *dst[] = {&t.origin_number, &t.b_number, &t.received_cli};
            for (int i = 0; i < 3 && !msg[0]; i++) {
                s = field((const char *const *)row.f, row.len, row.n, c[2 + i], &len);
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
